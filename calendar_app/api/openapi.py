"""The OpenAPI 3.1 document of /api/v1, kept beside the code it describes (tests hold them
together: every route is documented and every response matches its schema)."""

from __future__ import annotations

import json
from functools import cache

ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _filters() -> list[dict]:
    def multi(name: str, description: str, schema: dict | None = None) -> dict:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "style": "form",
            "explode": True,
            "schema": {"type": "array", "items": schema or {"type": "string"}},
        }

    return [
        multi("kind", "Event kinds (repeatable)."),
        multi("force", "Force slugs (repeatable)."),
        multi("country", "ISO 3166-1 alpha-2 country codes (repeatable)."),
        multi("location", "Location ids (repeatable).", {"type": "integer", "minimum": 1}),
        multi(
            "status",
            "Statuses (repeatable).",
            {"type": "string", "enum": ["planned", "confirmed", "cancelled"]},
        ),
        {
            "name": "q",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "maxLength": 200},
            "description": "Text searched in titles, descriptions, participants and the venue's name and city.",
        },
    ]


def _event_schema(kinds: list[str]) -> dict:
    return {
        "type": "object",
        "required": [
            "id",
            "uid",
            "title",
            "kind",
            "status",
            "allDay",
            "start",
            "end",
            "timezone",
            "location",
            "forces",
            "participants",
            "description",
            "visibility",
            "sequence",
            "version",
            "url",
            "createdAt",
            "updatedAt",
            "classNames",
        ],
        "properties": {
            "id": {"type": "integer"},
            "uid": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": kinds},
            "status": {"type": "string", "enum": ["planned", "confirmed", "cancelled"]},
            "allDay": {"type": "boolean"},
            "start": {
                "type": "string",
                "description": "Date (all-day) or date-time with offset in the event's zone.",
            },
            "end": {
                "type": "string",
                "description": "Exclusive: the day after the last day for all-day events.",
            },
            "timezone": {"type": "string"},
            "location": {"oneOf": [{"$ref": "#/components/schemas/Location"}, {"type": "null"}]},
            "forces": {"type": "array", "items": {"$ref": "#/components/schemas/Force"}},
            "participants": {"type": "string"},
            "description": {"type": "string"},
            "visibility": {"type": "string", "enum": ["public", "internal"]},
            "sequence": {"type": "integer", "minimum": 0},
            "version": {"type": "integer", "minimum": 1},
            "url": {"type": "string", "format": "uri"},
            "createdAt": {"type": "string", "format": "date-time"},
            "updatedAt": {"type": "string", "format": "date-time"},
            "classNames": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": False,
    }


def _event_input(kinds: list[str], required: bool) -> dict:
    schema = {
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 300},
            "kind": {"type": "string", "enum": kinds},
            "status": {"type": "string", "enum": ["planned", "confirmed", "cancelled"]},
            "allDay": {"type": "boolean"},
            "start": {
                "type": "string",
                "description": "YYYY-MM-DD for all-day events; "
                "otherwise local date-time (YYYY-MM-DDTHH:MM) in `timezone`, or with "
                "an offset.",
            },
            "end": {
                "type": "string",
                "description": "Exclusive for all-day events, like the output.",
            },
            "timezone": {"type": "string"},
            "locationId": {"type": ["integer", "null"]},
            "forceIds": {"type": "array", "items": {"type": "integer"}},
            "participants": {"type": "string", "maxLength": 2000},
            "description": {"type": "string", "maxLength": 10000},
            "visibility": {"type": "string", "enum": ["public", "internal"]},
        },
        "additionalProperties": False,
    }
    if required:
        schema["required"] = ["title", "kind", "start", "end"]
    return schema


def _with_default_errors(paths: dict) -> dict:
    """Every operation may also meet the app-wide errors (405, 413, 429, 500) as JSON."""
    for item in paths.values():
        for name, operation in item.items():
            if name != "parameters":
                operation["responses"].setdefault(
                    "default", _error("Other errors (405, 413, 429, 500), as JSON.")
                )
    return paths


def build_document(kinds: list[str]) -> dict:
    event_ref = {"$ref": "#/components/schemas/Event"}
    event_id = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    json_event = {
        "description": "The event.",
        "headers": {
            "ETag": {
                "schema": {"type": "string"},
                "description": "Send it back in If-Match to update safely.",
            }
        },
        "content": {"application/json": {"schema": event_ref}},
    }
    if_match = {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "The ETag read with the event; 412 if it changed since.",
    }
    bearer = [{"bearer": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "calendar_app API",
            "version": "1.0.0",
            "description": "Events, forces and locations of the calendar. Reads are "
            "open for public events; internal events and all writes need a Bearer "
            "token. The events list is also a FullCalendar JSON event source.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _with_default_errors(
            {
                "/events": {
                    "get": {
                        "summary": "Events overlapping [start, end)",
                        "operationId": "listEvents",
                        "parameters": [
                            {
                                "name": "start",
                                "in": "query",
                                "schema": {"type": "string"},
                                "description": "ISO 8601 date or date-time.",
                            },
                            {"name": "end", "in": "query", "schema": {"type": "string"}},
                            {
                                "name": "page",
                                "in": "query",
                                "schema": {"type": "integer", "minimum": 1},
                            },
                            {
                                "name": "limit",
                                "in": "query",
                                "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                            },
                            *_filters(),
                        ],
                        "responses": {
                            "200": {
                                "description": "Events, earliest first. X-Total-Count holds "
                                "the total; Link rel=next the next page.",
                                "headers": {"X-Total-Count": {"schema": {"type": "integer"}}},
                                "content": {
                                    "application/json": {
                                        "schema": {"type": "array", "items": event_ref}
                                    }
                                },
                            },
                            "400": _error("A parameter is malformed."),
                            "401": _error("The token is invalid."),
                        },
                    },
                    "post": {
                        "summary": "Create an event",
                        "operationId": "createEvent",
                        "security": bearer,
                        "requestBody": {
                            "required": True,
                            "content": {"application/json": {"schema": _event_input(kinds, True)}},
                        },
                        "responses": {
                            "201": json_event,
                            "400": _error("Not JSON."),
                            "401": _error("No or bad token."),
                            "403": _error("The role may not write."),
                            "422": _error("Field errors, in `fields`."),
                        },
                    },
                },
                "/events/{event_id}": {
                    "parameters": [event_id],
                    "get": {
                        "summary": "One event",
                        "operationId": "getEvent",
                        "responses": {
                            "200": json_event,
                            "401": _error("Bad token."),
                            "404": _error("No such event."),
                        },
                    },
                    "put": {
                        "summary": "Replace an event",
                        "operationId": "replaceEvent",
                        "security": bearer,
                        "parameters": [if_match],
                        "requestBody": {
                            "required": True,
                            "content": {"application/json": {"schema": _event_input(kinds, True)}},
                        },
                        "responses": {
                            "200": json_event,
                            "400": _error("Not JSON."),
                            "401": _error("No or bad token."),
                            "403": _error("The role may not write."),
                            "404": _error("No such event."),
                            "412": _error("Changed since the ETag was read."),
                            "422": _error("Field errors."),
                        },
                    },
                    "patch": {
                        "summary": "Change some fields",
                        "operationId": "updateEvent",
                        "security": bearer,
                        "parameters": [if_match],
                        "requestBody": {
                            "required": True,
                            "content": {"application/json": {"schema": _event_input(kinds, False)}},
                        },
                        "responses": {
                            "200": json_event,
                            "400": _error("Not JSON."),
                            "401": _error("No or bad token."),
                            "403": _error("The role may not write."),
                            "404": _error("No such event."),
                            "412": _error("Changed since the ETag was read."),
                            "422": _error("Field errors."),
                        },
                    },
                    "delete": {
                        "summary": "Delete an event (soft: an admin can restore it)",
                        "operationId": "deleteEvent",
                        "security": bearer,
                        "parameters": [if_match],
                        "responses": {
                            "204": {"description": "Deleted."},
                            "401": _error("No or bad token."),
                            "403": _error("The role may not write."),
                            "404": _error("No such event."),
                            "412": _error("Changed since the ETag was read."),
                        },
                    },
                },
                "/forces": {
                    "get": {
                        "summary": "Participating forces",
                        "operationId": "listForces",
                        "responses": {
                            "200": {
                                "description": "Forces by name.",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Force"},
                                        }
                                    }
                                },
                            }
                        },
                    }
                },
                "/locations": {
                    "get": {
                        "summary": "Locations",
                        "operationId": "listLocations",
                        "responses": {
                            "200": {
                                "description": "Locations by name.",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Location"},
                                        }
                                    }
                                },
                            }
                        },
                    }
                },
            }
        ),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Event": _event_schema(kinds),
                "Force": {
                    "type": "object",
                    "required": ["id", "name", "slug", "description"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "slug": {"type": "string"},
                        "description": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
                "Location": {
                    "type": "object",
                    "required": [
                        "id",
                        "name",
                        "city",
                        "country",
                        "address",
                        "latitude",
                        "longitude",
                        "timezone",
                        "label",
                    ],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "city": {"type": "string"},
                        "country": {"type": "string"},
                        "address": {"type": "string"},
                        "latitude": {"type": ["number", "null"]},
                        "longitude": {"type": ["number", "null"]},
                        "timezone": {"type": "string"},
                        "label": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "fields"],
                    "properties": {
                        "error": {"type": "string"},
                        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                },
            },
        },
    }


@cache
def _document_text(kinds: tuple[str, ...]) -> str:
    return json.dumps(build_document(list(kinds)), indent=1)


def openapi_document(kinds: list[str]) -> str:
    return _document_text(tuple(kinds))
