"""The OpenAPI 3.1 document of /api/v1, kept beside the code it describes (tests hold them
together: every route is documented and every response matches its schema).

The schemas are the JSON Schema of the models in resources.py, the same ones that check
writes and shape responses; the paths are a table of operations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from ..vocab import FIRST_YEAR, LAST_YEAR, MAX_LENGTHS, STATUSES
from .params import MAX_LIMIT, MAX_PAGE
from .resources import (
    CONFIGURED_KINDS,
    RECURRENCE_ID_PATTERN,
    ConflictsError,
    Error,
    Event,
    EventInput,
)

REF_TEMPLATE = "#/components/schemas/{model}"


def _ref(model: str) -> dict:
    return {"$ref": REF_TEMPLATE.format(model=model)}


class _DocumentSchema(GenerateJsonSchema):
    """JSON Schema as the document wants it: no titles made up from field names, and no
    defaults in responses (a response has every field; the defaults are for writes)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def default_schema(self, schema):
        json_schema = super().default_schema(schema)
        if self.mode == "serialization":
            json_schema.pop("default", None)
        return json_schema


def _with_kinds(node: Any, kinds: list[str]) -> Any:
    """A copy of the schema in which every schema marked CONFIGURED_KINDS lists them."""
    if isinstance(node, list):
        return [_with_kinds(item, kinds) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _with_kinds(value, kinds) for key, value in node.items()}
    if copy.pop(CONFIGURED_KINDS, False):
        copy["enum"] = list(kinds)
    return copy


def _schemas() -> dict:
    _, top = models_json_schema(
        [
            (Event, "serialization"),
            (EventInput, "validation"),
            (Error, "serialization"),
            (ConflictsError, "serialization"),
        ],
        ref_template=REF_TEMPLATE,
        schema_generator=_DocumentSchema,
    )
    schemas = top["$defs"]
    # A PATCH body is any part of a PUT's; a field left out keeps its value, not the default.
    put = schemas["EventInput"]
    patch = _without(put, "required") | {
        "title": "EventPatch",
        "description": "Any part of an EventInput: a field left out keeps its value.",
        "properties": {
            name: _without(field, "default") for name, field in put["properties"].items()
        },
    }
    return schemas | {"EventPatch": patch}


def _without(schema: dict, keyword: str) -> dict:
    return {key: value for key, value in schema.items() if key != keyword}


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _repeatable(name: str, description: str, item: dict) -> dict:
    """A filter that may be given more than once: ?kind=meeting&kind=session."""
    array = {"type": "array", "items": item}
    return _query(name, f"{description} (repeatable).", array) | {"style": "form", "explode": True}


_MOMENT = f"ISO 8601 date or date-time, years {FIRST_YEAR} to {LAST_YEAR}."
LIST_PARAMETERS = (
    _query("start", f"{_MOMENT} Default: 30 days ago.", {"type": "string"}),
    _query("end", f"{_MOMENT} Default: 395 days after start.", {"type": "string"}),
    _query("page", "From 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    _query("limit", "Events a page.", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
    _repeatable("kind", "Event kinds", {"type": "string", CONFIGURED_KINDS: True}),
    _repeatable("force", "Force slugs", {"type": "string"}),
    _repeatable("country", "ISO 3166-1 alpha-2 country codes", {"type": "string"}),
    _repeatable("location", "Location ids", {"type": "integer", "minimum": 1}),
    _repeatable("status", "Statuses", {"type": "string", "enum": list(STATUSES)}),
    _query(
        "q",
        "Text searched in titles, descriptions, participants and the venue's name and city.",
        {"type": "string", "maxLength": MAX_LENGTHS["search"]},
    ),
)
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "schema": {"type": "string"},
    "description": "The ETag read with the event (GET it first): a change is made against "
    "the version it names. Without it (or with `*`) 428; 412 if the event changed since. "
    "An occurrence's ETag is its series' version.",
}
EVENT_ID = {
    "name": "event_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
}

OCCURRENCE_KEY = {
    "name": "occurrence",
    "in": "path",
    "required": True,
    "description": "The occurrence's recurrence id: 20250106T070000Z (UTC) for a timed "
    "series, 20250106 for an all-day one.",
    "schema": {"type": "string", "pattern": RECURRENCE_ID_PATTERN},
}
SCOPE = {
    "name": "scope",
    "in": "query",
    "required": True,
    "description": "Which occurrences the change is for, as in the web form: `this` one "
    "(an override; deleting it excludes it), `following` (the series ends before it and "
    "the rest becomes a new series, which the answer shows), or `all` (the series: it "
    "moves as this occurrence moved).",
    "schema": {"type": "string", "enum": ["this", "following", "all"]},
}

# What each error status means, wherever it may come; every body is an Error.
ERRORS = {
    "400": "Not JSON, or a malformed or missing query parameter (the error says which).",
    "401": "No token where one is needed, or an unknown or revoked one.",
    "403": "The token's role may not change events.",
    "404": "No such event (or occurrence of it), or none the caller may see.",
    "412": "The event changed since its ETag was read.",
    "428": "No If-Match: read the event and send its ETag in If-Match.",
    "422": "Field errors: JSON field -> message, in `fields`.",
    "409": "The event double-books a force, venue or official (`conflicts` lists the "
    "overlaps): send it again with confirm_conflicts true and a conflict_reason.",
    "default": "Other errors (405, 413, 429, 500), as JSON.",
}
ETAG = {"schema": {"type": "string"}, "description": "Send it back in If-Match to update safely."}


def _json(description: str, schema: dict, **headers: dict) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    return response | ({"headers": headers} if headers else {})


def _listed(model: str, description: str, **headers: dict) -> dict:
    return _json(description, {"type": "array", "items": _ref(model)}, **headers)


ONE = "/events/{event_id}"
OCCURRENCE = "/events/{event_id}/occurrences/{occurrence}"

# Successes, by status.
EVENT = {"200": _json("The event.", _ref("Event"), ETag=ETAG)}
CREATED = {
    "201": _json(
        "The event created.",
        _ref("Event"),
        ETag=ETAG,
        Location={"schema": {"type": "string", "format": "uri"}, "description": "Its URL."},
    )
}
EVENTS = {
    "200": _listed(
        "Event",
        "Events, earliest first; a repeating event as each of its occurrences in the range "
        "(seriesId and recurrenceId say which). X-Total-Count holds the total when it is "
        "known (always, unless a repeating event continues past the page); Link rel=next "
        "the next page. A page more than 10,000 events into a list with repeating events "
        "is a 400: start later instead.",
        **{"X-Total-Count": {"schema": {"type": "integer", "minimum": 0}}},
    )
}
FORCES = {"200": _listed("Force", "Forces by name.")}
LOCATIONS = {"200": _listed("Location", "Locations by name.")}
DELETED = {"204": {"description": "Deleted."}}


@dataclass(frozen=True)
class Operation:
    """One operation. Every method but GET writes, so it needs a Bearer token; those on one
    stored event need If-Match."""

    method: str
    path: str
    operation_id: str
    summary: str
    success: dict
    errors: str  # the error statuses besides `default`, space-separated
    body: str | None = None  # the schema of the JSON body
    query: tuple[dict, ...] = ()

    def openapi(self) -> dict:
        operation: dict[str, Any] = {"summary": self.summary, "operationId": self.operation_id}
        writes = self.method != "get"
        if writes:
            operation["security"] = [{"bearer": []}]
        locked = writes and self.path in (ONE, OCCURRENCE)
        parameters = [*self.query, *([IF_MATCH] if locked else [])]
        if parameters:
            operation["parameters"] = parameters
        if self.body:
            content = {"application/json": {"schema": _ref(self.body)}}
            operation["requestBody"] = {"required": True, "content": content}
        operation["responses"] = self.success | {
            status: _json(ERRORS[status], _ref("ConflictsError" if status == "409" else "Error"))
            for status in [*self.errors.split(), "default"]
        }
        return operation


WRITE_ERRORS = "400 401 403 404 409 412 422 428"
OPERATIONS = (
    Operation(
        "get",
        "/events",
        "listEvents",
        "Events overlapping [start, end)",
        EVENTS,
        "400 401",
        query=LIST_PARAMETERS,
    ),
    Operation(
        "post",
        "/events",
        "createEvent",
        "Create an event",
        CREATED,
        "400 401 403 409 422",
        "EventInput",
    ),
    Operation("get", ONE, "getEvent", "One event", EVENT, "401 404"),
    Operation("put", ONE, "replaceEvent", "Replace an event", EVENT, WRITE_ERRORS, "EventInput"),
    Operation("patch", ONE, "updateEvent", "Change some fields", EVENT, WRITE_ERRORS, "EventPatch"),
    Operation(
        "delete",
        ONE,
        "deleteEvent",
        "Delete an event (soft: an admin can restore it)",
        DELETED,
        "401 403 404 412 428",
    ),
    Operation(
        "get",
        OCCURRENCE,
        "getOccurrence",
        "One occurrence of a series (its override's fields, if changed)",
        EVENT,
        "401 404",
    ),
    Operation(
        "put",
        OCCURRENCE,
        "replaceOccurrence",
        "Change occurrences of a series from this one: this, following or all. Leaving "
        "out rrule (and, for all, exdates) keeps the series' own.",
        EVENT,
        WRITE_ERRORS,
        "EventInput",
        query=(SCOPE,),
    ),
    Operation(
        "patch",
        OCCURRENCE,
        "updateOccurrence",
        "Change some fields of occurrences from this one: this, following or all",
        EVENT,
        WRITE_ERRORS,
        "EventPatch",
        query=(SCOPE,),
    ),
    Operation(
        "delete",
        OCCURRENCE,
        "deleteOccurrence",
        "Delete this occurrence (excluded), this and following, or the whole series",
        DELETED,
        "400 401 403 404 412 428",
        query=(SCOPE,),
    ),
    Operation("get", "/forces", "listForces", "Participating forces", FORCES, "401"),
    Operation("get", "/locations", "listLocations", "Locations", LOCATIONS, "401"),
)


def _paths() -> dict:
    paths: dict[str, dict] = {}
    for operation in OPERATIONS:
        item = paths.setdefault(operation.path, {})
        if operation.path == ONE:
            item["parameters"] = [EVENT_ID]
        elif operation.path == OCCURRENCE:
            item["parameters"] = [EVENT_ID, OCCURRENCE_KEY]
        item[operation.method] = operation.openapi()
    return paths


def build_document(kinds: list[str]) -> dict:
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "calendar_app API",
            "version": "1.0.0",
            "description": "Events, forces and locations of the calendar. Reads are "
            "open for public events; internal events and all writes need a Bearer "
            "token. The events list is also a FullCalendar JSON event source.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
        },
    }
    return _with_kinds(document, kinds)


@cache
def _document_text(kinds: tuple[str, ...]) -> str:
    return json.dumps(build_document(list(kinds)), indent=1)


def openapi_document(kinds: list[str]) -> str:
    return _document_text(tuple(kinds))
