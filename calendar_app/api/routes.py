"""API views: thin; parsing in params.py, shapes in serialize.py, writes in the service layer."""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, request, url_for
from sqlalchemy import func, select

from ..domain.filters import FilterError, parse_filter
from ..extensions import csrf, db
from ..feed_store import public_url
from ..models import Event, Force, Location
from ..queries import filtered, overlapping, visible_events
from . import bp
from .auth import reader
from .openapi import openapi_document
from .params import page_params, range_params
from .serialize import event_json, force_json, location_json

csrf.exempt(bp)  # token-authenticated; writes ignore cookies (see auth.editor)


def _page_url(event_id: int) -> str:
    return public_url("events.detail", event_id=event_id)


def _visible(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    user = reader()
    if (
        event is None
        or event.deleted_at is not None
        or (event.visibility != "public" and user is None)
    ):
        abort(404, description="No such event.")
    return event


@bp.get("/events")
def events():
    try:
        event_filter = parse_filter(request.args, current_app.config["CALENDAR_KINDS"])
        start, end = range_params(request.args)
        page, limit = page_params(request.args)
    except FilterError as error:
        abort(400, description=str(error))
    query = filtered(overlapping(visible_events(reader() is not None), start, end), event_filter)
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    rows = db.session.scalars(query.limit(limit).offset((page - 1) * limit)).all()
    response = jsonify([event_json(e, _page_url(e.id)) for e in rows])
    response.headers["X-Total-Count"] = str(total)
    if page * limit < total:
        args = request.args.to_dict(flat=False) | {"page": [str(page + 1)]}
        next_url = url_for("api.events", _external=True, **args)
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    item = _visible(event_id)
    response = jsonify(event_json(item, _page_url(item.id)))
    response.set_etag(f"v{item.version}")
    return response


@bp.get("/forces")
def forces():
    return jsonify([force_json(f) for f in db.session.scalars(select(Force).order_by(Force.name))])


@bp.get("/locations")
def locations():
    rows = db.session.scalars(select(Location).order_by(Location.name))
    return jsonify([location_json(location) for location in rows])


@bp.get("/openapi.json")
def openapi():
    return Response(
        openapi_document(current_app.config["CALENDAR_KINDS"]), mimetype="application/json"
    )
