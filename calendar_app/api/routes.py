"""API views: thin; parsing in params.py and writes.py, the shapes in resources.py, writes in
the service layer. A change is committed here, once, after the service call succeeded (the
service only flushes), so that a request is all or nothing."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from sqlalchemy import select

from ..auth import login_exempt
from ..domain.events import EventData
from ..domain.filters import FilterError, parse_filter
from ..domain.paging import WalkTooLong
from ..domain.text import N_
from ..events import series as scopes
from ..events import service
from ..events.occurrences import SeriesOccurrence, series_between, singles_between
from ..events.paged import page_of
from ..events.policy import can_view, visible_events
from ..events.queries import filtered, overrides_of
from ..events.rules import check_event, validate_event
from ..extensions import csrf, db
from ..i18n.messages import translate, translate_all
from ..models import Event, Force, Location
from ..urls import public_url
from .auth import editor, reader
from .conflicts import refused_for_conflicts
from .openapi import openapi_document
from .params import page_params, range_params
from .resources import Error, EventInput
from .serialize import event_json, force_json, location_json, occurrence_json, recurrence_id_of
from .writes import (
    PayloadError,
    check_shape,
    event_as_input,
    json_errors,
    to_form_fields,
    with_series,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

csrf.exempt(bp)  # token-authenticated; writes ignore cookies (see auth.editor)


def _page_url(event_id: int) -> str:
    return public_url("events.detail", event_id=event_id)


def occurrence_url(series_id: int, key: str) -> str:
    return public_url("events.occurrence", event_id=series_id, occurrence=key)


def row_json(event: Event, overrides: list[Event] = (), dropped: list[Event] = ()) -> dict:
    """A stored row's resource, with the address of its page (an override's is its
    occurrence's)."""
    if event.is_override:
        return event_json(event, occurrence_url(event.series_id, recurrence_id_of(event)))
    return event_json(event, _page_url(event.id), overrides, dropped)


def item_json(item: Event | SeriesOccurrence) -> dict:
    if isinstance(item, SeriesOccurrence):
        return occurrence_json(item, occurrence_url(item.series.id, item.key))
    return row_json(item)


def visible_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if not can_view(event, reader()):
        abort(404, description=N_("No such event."))
    return event


@bp.get("/events")
@login_exempt
def events():
    try:
        event_filter = parse_filter(request.args, current_app.config["CALENDAR_KINDS"])
        start, end = range_params(request.args)
        page, limit = page_params(request.args)
    except FilterError as error:
        abort(400, description=str(error))
    query = filtered(visible_events(reader()), event_filter)
    try:
        stretch = page_of(
            singles_between(query, start, end),
            series_between(query, start, end),
            start,
            end,
            page,
            limit,
        )
    except WalkTooLong as error:
        abort(400, description=f"{error} (a later 'start')")
    response = jsonify([item_json(item) for item in stretch.items])
    if stretch.total is not None:
        response.headers["X-Total-Count"] = str(stretch.total)
    if stretch.more:
        args = request.args.to_dict(flat=False) | {"page": [str(page + 1)]}
        next_url = url_for("api.events", _external=True, **args)
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@bp.get("/events/<id:event_id>")
@login_exempt
def event(event_id: int):
    item = visible_event(event_id)
    response = jsonify(row_json(item, overrides_of(item) if item.is_series else []))
    response.set_etag(f"v{item.version}")
    return response


def json_body() -> object:
    if not request.is_json:
        abort(400, description=N_("Send the event as JSON (Content-Type: application/json)."))
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # "[[[[…": too deep for the parser, which silent= does not catch
        body = None
    if body is None:
        abort(400, description=N_("The body is not valid JSON."))
    return body


PRECONDITION_REQUIRED = (
    "Send the event's ETag in If-Match: read the event (GET {url}), then repeat the change "
    "with the header If-Match: <its ETag>, so that it cannot overwrite a change you have "
    "not seen."
)


def check_if_match(event: Event) -> None:
    """428 without If-Match (or with `*`, which names no version), as the web form refuses
    a save without the version it loaded; 412 when the ETag is not the current one."""
    if not request.if_match or request.if_match.star_tag:
        url = url_for("api.event", event_id=event.id)
        abort(428, description=PRECONDITION_REQUIRED.format(url=url))
    if not request.if_match.contains(f"v{event.version}"):
        abort(
            412,
            description="The event changed since you read it; read it again "
            "(its ETag) and repeat the change.",
        )


def validated(body: EventInput) -> EventData:
    """The body as event data the rules accept (series' rules too); else PayloadError."""
    rules = service.event_rules()
    result = validate_event(to_form_fields(body, rules), rules)
    if isinstance(result, EventData):
        result = with_series(result, body)
        result = check_event(result, rules) or result
    if not isinstance(result, EventData):
        raise PayloadError(N_("Some fields are not valid."), json_errors(result, body))
    return result


def unprocessable(error: PayloadError):
    # In the request's language (Accept-Language), as every other answer of the API.
    fields = translate_all(error.fields)
    return jsonify(Error(error=translate(str(error)), fields=fields).model_dump()), 422


def refused(error: service.InvalidEvent, body: EventInput):
    """A write the service refused for a rule (the rules' field names mapped to JSON)."""
    return unprocessable(
        PayloadError(N_("Some fields are not valid."), json_errors(error.errors, body))
    )


def saved(event: Event, status: int = 200, etag_of: Event | None = None, dropped=()):
    """The written row's resource; its ETag is `etag_of`'s version (an occurrence's is
    its series'). `dropped`: the overrides a new rule left without an occurrence."""
    overrides = overrides_of(event) if event.is_series else []
    response = jsonify(row_json(event, overrides, dropped))
    response.status_code = status
    response.set_etag(f"v{(etag_of or event).version}")
    if status == 201:
        response.headers["Location"] = url_for("api.event", event_id=event.id, _external=True)
    return response


@bp.post("/events")
@login_exempt
def create():
    user = editor()
    try:
        body = check_shape(json_body())
        data = validated(body)
    except PayloadError as error:
        return unprocessable(error)
    event = service.create_event(data, user)
    if conflicts := refused_for_conflicts(event, body):
        return conflicts
    db.session.commit()
    return saved(event, 201)


@bp.route("/events/<id:event_id>", methods=["PUT", "PATCH"])
@login_exempt
def update(event_id: int):
    user = editor()
    item = visible_event(event_id)
    check_if_match(item)
    stored = event_as_input(item) if request.method == "PATCH" else None
    body, dropped = None, []
    try:
        body = check_shape(json_body(), over=stored)
        data = validated(body)
        if item.is_override and data.rrule is not None:
            raise PayloadError(N_("Some fields are not valid."), {"rrule": OVERRIDE_RULE})
        if item.is_series:
            change = scopes.update_series(item, data, user, expected_version=item.version)
            dropped = change.dropped
        else:
            service.update_event(item, data, user, expected_version=item.version)
    except PayloadError as error:
        return unprocessable(error)
    except service.InvalidEvent as error:
        return refused(error, body)
    except service.StaleEventError:
        abort(412, description=N_("The event changed while you were saving; read it again."))
    if conflicts := refused_for_conflicts(item, body):
        return conflicts
    db.session.commit()
    return saved(item, dropped=dropped)


OVERRIDE_RULE = (
    "This is one occurrence of a series: it does not repeat on its own. Change the "
    "series, or its occurrences with /events/{id}/occurrences/{recurrenceId}?scope=…"
)


@bp.delete("/events/<id:event_id>")
@login_exempt
def delete(event_id: int):
    """Delete an event; a series goes with its overrides (an admin restores them)."""
    user = editor()
    item = visible_event(event_id)
    check_if_match(item)
    remove = scopes.delete_series if item.is_series else service.delete_event
    try:
        remove(item, user, expected_version=item.version)
    except service.StaleEventError:
        abort(412, description=N_("The event changed while you were deleting it; read it again."))
    db.session.commit()
    return "", 204


@bp.get("/forces")
@login_exempt
def forces():
    reader()  # with CALENDAR_REQUIRE_LOGIN, anonymous callers get 401 here too
    return jsonify([force_json(f) for f in db.session.scalars(select(Force).order_by(Force.name))])


@bp.get("/locations")
@login_exempt
def locations():
    reader()
    rows = db.session.scalars(select(Location).order_by(Location.name))
    return jsonify([location_json(location) for location in rows])


@bp.get("/openapi.json")
@login_exempt
def openapi():
    return Response(
        openapi_document(current_app.config["CALENDAR_KINDS"]), mimetype="application/json"
    )


from . import occurrence_routes  # noqa: E402, F401  (its routes join this blueprint)
