"""Writing the series part of an import plan, through events/service and events/series
(the one rule set, revisions, SEQUENCE): series first, then the earlier copies they
replace, then overrides (their series now as the file has it), then cancellations.
Flush only; the caller commits once, so the import is all or nothing."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from ..events import series as scopes
from ..events import service
from ..events.rules import EventRules
from ..extensions import db
from ..models import Event, User
from .plan import PlannedChange
from .splits import rest_uid

# The order in which the changes of one file are written.
ORDER = ("event", "copies", "reset", "override", "split", "cancel-occurrence", "cancel")


def write_series(changes: list[PlannedChange], user: User | None, rules: EventRules) -> None:
    """Write the plan's series, override and cancellation changes (new or updated)."""
    for change in sorted(changes, key=lambda c: (ORDER.index(c.op), str(c.recurrence_id))):
        _write(change, user, rules)


def _event(event_id: int | None) -> Event:
    return db.session.get(Event, event_id)


def _series(uid: str) -> Event:
    return db.session.scalar(select(Event).where(Event.uid == uid))


def _write(change: PlannedChange, user: User | None, rules: EventRules) -> None:
    op, data = change.op, change.data
    if op == "event":
        if change.action == "new":
            service.create_event(data, user, action="import", rules=rules)
        else:
            event, data = _event(change.event_id), replace(data, uid=None)
            if event.is_series and data.rrule is not None:
                scopes.update_series(event, data, user, rules=rules, action="import", as_given=True)
            else:
                service.update_event(event, data, user, action="import", rules=rules)
    elif op in ("override", "reset"):
        series = _series(change.series_uid)
        scopes.edit_occurrence(
            series, change.recurrence_id, data, user, action="import", rules=rules
        )
    elif op == "split":
        series = _series(change.series_uid)
        scopes.split_series(
            series,
            change.recurrence_id,
            replace(data, rrule=series.rrule),
            user,
            rules=rules,
            uid=rest_uid(change.series_uid, change.recurrence_id),
        )
    elif op == "cancel-occurrence":
        scopes.cancel_occurrence(_series(change.series_uid), change.recurrence_id, user)
    elif op == "cancel":
        event = _event(change.event_id)
        service.cancel_event(event, user)
        for override in event.overrides if event.is_series else ():
            if not override.is_deleted and not override.is_cancelled:
                service.cancel_event(override, user)
    for event_id in change.replaces:  # copies an earlier import made of the occurrences
        copy = _event(event_id)
        if copy is not None and not copy.is_deleted:
            service.delete_event(copy, user)
