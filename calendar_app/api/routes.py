"""API views: thin; parsing in params.py and writes.py, the shapes in resources.py, writes in
the service layer. A change is committed here, once, after the service call succeeded (the
service only flushes), so that a request is all or nothing."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from sqlalchemy import func, select

from ..auth import login_exempt
from ..domain.events import EventData
from ..domain.filters import FilterError, parse_filter
from ..events import service
from ..events.policy import can_view, visible_events
from ..events.queries import filtered, overlapping
from ..events.rules import validate_event
from ..extensions import csrf, db
from ..models import Event, Force, Location
from ..urls import public_url
from .auth import editor, reader
from .openapi import openapi_document
from .params import page_params, range_params
from .resources import Error, EventInput
from .serialize import event_json, force_json, location_json
from .writes import PayloadError, check_shape, event_as_input, json_errors, to_form_fields

bp = Blueprint("api", __name__, url_prefix="/api/v1")

csrf.exempt(bp)  # token-authenticated; writes ignore cookies (see auth.editor)


def _page_url(event_id: int) -> str:
    return public_url("events.detail", event_id=event_id)


def _visible(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if not can_view(event, reader()):
        abort(404, description="No such event.")
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
    query = filtered(overlapping(visible_events(reader()), start, end), event_filter)
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    rows = db.session.scalars(query.limit(limit).offset((page - 1) * limit)).all()
    response = jsonify([event_json(e, _page_url(e.id)) for e in rows])
    response.headers["X-Total-Count"] = str(total)
    if page * limit < total:
        args = request.args.to_dict(flat=False) | {"page": [str(page + 1)]}
        next_url = url_for("api.events", _external=True, **args)
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@bp.get("/events/<id:event_id>")
@login_exempt
def event(event_id: int):
    item = _visible(event_id)
    response = jsonify(event_json(item, _page_url(item.id)))
    response.set_etag(f"v{item.version}")
    return response


def _json_body() -> object:
    if not request.is_json:
        abort(400, description="Send the event as JSON (Content-Type: application/json).")
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # "[[[[…": too deep for the parser, which silent= does not catch
        body = None
    if body is None:
        abort(400, description="The body is not valid JSON.")
    return body


def _unprocessable(error: PayloadError):
    return jsonify(Error(error=str(error), fields=error.fields).model_dump()), 422


PRECONDITION_REQUIRED = (
    "Send the event's ETag in If-Match: read the event (GET {url}), then repeat the change "
    "with the header If-Match: <its ETag>, so that it cannot overwrite a change you have "
    "not seen."
)


def _check_if_match(event: Event) -> None:
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


def _validated(body: EventInput) -> EventData:
    rules = service.event_rules()
    result = validate_event(to_form_fields(body, rules), rules)
    if not isinstance(result, EventData):
        raise PayloadError("Some fields are not valid.", json_errors(result, body))
    return result


def _saved(event: Event, status: int = 200):
    response = jsonify(event_json(event, _page_url(event.id)))
    response.status_code = status
    response.set_etag(f"v{event.version}")
    if status == 201:
        response.headers["Location"] = url_for("api.event", event_id=event.id, _external=True)
    return response


@bp.post("/events")
@login_exempt
def create():
    user = editor()
    try:
        data = _validated(check_shape(_json_body()))
    except PayloadError as error:
        return _unprocessable(error)
    event = service.create_event(data, user)
    db.session.commit()
    return _saved(event, 201)


@bp.route("/events/<id:event_id>", methods=["PUT", "PATCH"])
@login_exempt
def update(event_id: int):
    user = editor()
    item = _visible(event_id)
    _check_if_match(item)
    stored = event_as_input(item) if request.method == "PATCH" else None
    try:
        data = _validated(check_shape(_json_body(), over=stored))
        service.update_event(item, data, user, expected_version=item.version)
    except PayloadError as error:
        return _unprocessable(error)
    except service.StaleEventError:
        abort(412, description="The event changed while you were saving; read it again.")
    db.session.commit()
    return _saved(item)


@bp.delete("/events/<id:event_id>")
@login_exempt
def delete(event_id: int):
    user = editor()
    item = _visible(event_id)
    _check_if_match(item)
    try:
        service.delete_event(item, user, expected_version=item.version)
    except service.StaleEventError:
        abort(412, description="The event changed while you were deleting it; read it again.")
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
