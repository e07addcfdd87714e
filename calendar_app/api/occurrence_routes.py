"""Occurrences of a series through the API, with the scopes of the web form: this
occurrence, this and following, or all of them (events/series.py decides what each
means). An occurrence is named by its recurrence id; its ETag is its series' version,
since optimistic locking covers the series and its overrides together."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from flask import abort, jsonify, request

from ..auth import login_exempt
from ..domain.events import EventData
from ..domain.recurrence import parse_occurrence_key
from ..domain.text import N_
from ..events import series as scopes
from ..events import service
from ..events.occurrences import SeriesOccurrence, stored_series
from ..extensions import db
from ..models import Event
from .auth import editor
from .conflicts import refused_for_conflicts
from .resources import EventInput
from .routes import (
    bp,
    check_if_match,
    item_json,
    json_body,
    refused,
    row_json,
    saved,
    unprocessable,
    validated,
    visible_event,
)
from .writes import PayloadError, applied_to_series, check_shape, data_as_input

OCCURRENCE = "/events/<id:event_id>/occurrences/<occurrence>"
SCOPE_NEEDED = "Say which occurrences: ?scope=this, ?scope=following or ?scope=all."
ONE_DOES_NOT_REPEAT = (
    "One occurrence does not repeat on its own: send scope=following or scope=all to "
    "change the rule."
)


def _occurrence(event_id: int, key: str) -> tuple[Event, date | datetime]:
    """The visible series and the start of its live occurrence `key`; else 404."""
    series = visible_event(event_id)
    start = parse_occurrence_key(key)
    try:
        if start is None:
            raise scopes.NotAnOccurrence(key)
        scopes.check_occurrence(series, start)
    except scopes.NotAnOccurrence:
        abort(404, description=N_("The event has no such occurrence."))
    return series, start


def _scope() -> str:
    scope = request.args.get("scope", "")
    if scope not in scopes.SCOPES:
        abort(400, description=SCOPE_NEEDED)
    return scope


def _shown(series: Event, start: date | datetime) -> dict:
    override = scopes.find_override(series, start)
    if override is not None and not override.is_deleted:
        return row_json(override)
    return item_json(SeriesOccurrence(series, start, stored_series(series)))


@bp.get(OCCURRENCE)
@login_exempt
def occurrence(event_id: int, occurrence: str):
    series, start = _occurrence(event_id, occurrence)
    response = jsonify(_shown(series, start))
    response.set_etag(f"v{series.version}")
    return response


def _current(series: Event, start: date | datetime, scope: str) -> EventData:
    """The occurrence as it is, with what the scope changes besides: the series' rule
    (following, all) and its exclusions (all)."""
    current = scopes.occurrence_data(series, start)
    if scope == "this":
        return current
    exdates = EventData.from_event(series).exdates if scope == "all" else ()
    return replace(current, rrule=series.rrule, exdates=exdates)


def _body(series: Event, current: EventData, scope: str) -> EventInput:
    """The body checked for shape: a PATCH laid over the occurrence; a PUT that leaves
    out the rule or the exclusions keeps the series' own."""
    stored = data_as_input(current)
    if request.method == "PATCH":
        return check_shape(json_body(), over=stored)
    body = check_shape(json_body())
    kept = {
        name: stored[name] for name in ("rrule", "exdates") if name not in body.model_fields_set
    }
    return body.model_copy(update=kept) if kept else body


def _is_cancel(data: EventData, current: EventData) -> bool:
    """Whether the change only cancels the occurrence (recorded as a cancellation)."""
    if data.status != "cancelled" or current.status == "cancelled":
        return False
    return replace(data, status=current.status) == current


@bp.route(OCCURRENCE, methods=["PUT", "PATCH"])
@login_exempt
def update_occurrence(event_id: int, occurrence: str):
    user = editor()
    series, start = _occurrence(event_id, occurrence)
    scope = _scope()
    check_if_match(series)
    current = _current(series, start, scope)
    body, version, dropped = None, series.version, []
    try:
        body = _body(series, current, scope)
        if scope == "this" and body.rrule:
            raise PayloadError("Some fields are not valid.", {"rrule": ONE_DOES_NOT_REPEAT})
        data = validated(body)
        if scope == "this":
            data = replace(data, force_ids=sorted(data.force_ids))
            if _is_cancel(data, current):
                row = scopes.cancel_occurrence(series, start, user, expected_version=version)
            else:
                row = scopes.edit_occurrence(series, start, data, user, expected_version=version)
        elif scope == "following":
            row = scopes.split_series(series, start, data, user, expected_version=version).series
        else:
            data = applied_to_series(data, stored_series(series).first, start)
            change = scopes.update_series(series, data, user, expected_version=version)
            row, dropped = change.series, change.dropped
    except PayloadError as error:
        return unprocessable(error)
    except service.InvalidEvent as error:
        return refused(error, body)
    except service.StaleEventError:
        abort(412, description=N_("The series changed while you were saving; read it again."))
    if conflicts := refused_for_conflicts(row, body):
        return conflicts
    db.session.commit()
    return saved(row, etag_of=series if row.is_override else row, dropped=dropped)


@bp.delete(OCCURRENCE)
@login_exempt
def delete_occurrence(event_id: int, occurrence: str):
    """This occurrence becomes an excluded date; following ends the series before it;
    all deletes the series with its overrides."""
    user = editor()
    series, start = _occurrence(event_id, occurrence)
    scope = _scope()
    check_if_match(series)
    try:
        if scope == "this":
            scopes.delete_occurrence(series, start, user, expected_version=series.version)
        elif scope == "following":
            scopes.delete_following(series, start, user, expected_version=series.version)
        else:
            scopes.delete_series(series, user, expected_version=series.version)
    except service.StaleEventError:
        abort(412, description=N_("The series changed while you were deleting; read it again."))
    db.session.commit()
    return "", 204
