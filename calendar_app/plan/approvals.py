"""Approving a year's plan, and what changed since: the database side of changes.py.

`approve` only adds and flushes (the view commits). The snapshot holds every live event
of the year, public and internal, of every kind, series occurrences one by one, so
that any later view of the plan, filtered or not, compares against the same baseline,
and the newest revision made before it: the revisions after it are what the changes
page lists under each changed event, read as the event's own history reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from ..domain.recurrence import recurrence_key
from ..events.history import CREATIONS, action_label, field_label, value_pairs, who_of
from ..events.policy import visible_events
from ..events.series_display import _against_series, _in_words
from ..extensions import db
from ..models import Event, EventRevision, PlanApproval, User
from .changes import AS_OF, PlanChange, compare
from .data import plan_items


def approvals_of(year: int) -> list[PlanApproval]:
    """The year's approvals, newest first."""
    return list(
        db.session.scalars(
            select(PlanApproval)
            .where(PlanApproval.year == year)
            .order_by(PlanApproval.created_at.desc(), PlanApproval.id.desc())
        )
    )


def current_entries(year: int, tz) -> list[dict]:
    """The plan as it stands: every live event of the year as a snapshot entry."""
    query = visible_events(include_internal=True)
    return [item.entry for item in plan_items(query, year, tz)]


def approve(year: int, approved_on: date, reference: str, user: User | None, tz) -> PlanApproval:
    entries = current_entries(year, tz)
    newest = db.session.scalar(select(func.max(EventRevision.id))) or 0
    approval = PlanApproval(
        year=year,
        approved_on=approved_on,
        reference=reference,
        approved_by=user,
        created_at=datetime.now(UTC).replace(microsecond=0),
        snapshot=[{**entry, AS_OF: newest} for entry in entries],
    )
    db.session.add(approval)
    db.session.flush()
    return approval


def changes_since(approval: PlanApproval, tz, *, internal: bool) -> list[PlanChange]:
    """The differences between the approval's snapshot and the plan now; internal events
    only for those who may see them."""

    def seen(entries):
        return [entry for entry in entries if internal or not entry.get("internal")]

    return compare(seen(approval.snapshot or []), seen(current_entries(approval.year, tz)))


def events_by_id(ids) -> dict[int, Event]:
    """The stored events of a changes list (their titles in either language), by id."""
    wanted = {event_id for event_id in ids if event_id}
    if not wanted:
        return {}
    return {
        event.id: event for event in db.session.scalars(select(Event).where(Event.id.in_(wanted)))
    }


# What a revision says besides its fields: why (a cancellation's reason, a double
# booking saved anyway). Shown as sentences, not as rows of the table.
NOTES = ("reason", "conflicts_confirmed")


@dataclass(frozen=True)
class FieldRow:
    name: str  # the stored field (the template words kinds, statuses, zones its way)
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RevisionLine:
    """One revision since the approval, as the changes page lists it."""

    id: int
    at: datetime
    who: str
    by_user: bool  # who is a user's name (else the words for the system)
    action: str  # in words: "edited", "cancelled"…
    rows: tuple[FieldRow, ...]
    is_creation: bool
    of_series: bool  # a change to the whole series, listed under one of its occurrences
    reason: str = ""
    overlaps: tuple[str, ...] = ()  # saved despite a double booking with these events
    overlap_reason: str = ""


def _since(approval: PlanApproval):
    """The revisions after the approval: by the revision the snapshot names, else (an
    approval made before snapshots named one, or of an empty plan) by time."""
    marks = {entry.get(AS_OF) for entry in approval.snapshot or [] if AS_OF in entry}
    if marks:
        return EventRevision.id > max(marks)
    return EventRevision.at >= approval.created_at


def _notes(changes: dict) -> dict:
    found = {}
    reason = changes.get("reason")
    if isinstance(reason, list | tuple) and len(reason) == 2 and reason[1]:
        found["reason"] = str(reason[1])
    elif isinstance(reason, str) and reason:
        found["reason"] = reason
    confirmed = changes.get("conflicts_confirmed")
    note = confirmed[1] if isinstance(confirmed, list | tuple) and len(confirmed) == 2 else None
    if isinstance(note, dict):
        found["overlaps"] = tuple(str(title) for title in note.get("with") or ())
        found["overlap_reason"] = str(note.get("reason") or "")
    return found


def _line(revision: EventRevision, row: Event, listed_under_occurrence: bool) -> RevisionLine:
    """The revision as the event's page reads it: a series' rule in words, an
    occurrence's first change against the series' values there."""
    changes = revision.changes or {}
    tzname = row.series.timezone if row.is_override and row.series else row.timezone
    if row.is_override and row.series is not None:
        if all(not isinstance(v, list | tuple) or v[0] is None for v in changes.values()):
            start = recurrence_key(row.recurrence_id, row.all_day)
            changes = _against_series(changes, row.series, start)
    elif row.is_series:
        changes = _in_words(changes, row)
    rows = tuple(
        FieldRow(name, field_label(name), before, after)
        for name, before, after in value_pairs(revision, tzname, changes)
        if name not in NOTES
    )
    return RevisionLine(
        id=revision.id,
        at=revision.at,
        who=who_of(revision),
        by_user=revision.user is not None,
        action=action_label(revision.action),
        rows=rows,
        is_creation=revision.action in CREATIONS,
        of_series=listed_under_occurrence and row.is_series,
        **_notes(revision.changes or {}),
    )


def _rows_of(change: PlanChange) -> set[int]:
    """The stored events an entry stands for, at approval and now: the event; for an
    occurrence, the series while the rule made it and the override once one changed it."""
    return {
        entry["event_id"]
        for entry in (change.before, change.after)
        if entry and entry.get("event_id")
    }


def revisions_since(approval: PlanApproval, changes: list[PlanChange]) -> dict[str, list]:
    """Each change's key → the revisions since the approval of the events it stands for,
    oldest first (RevisionLine)."""
    wanted = {change.key: _rows_of(change) for change in changes}
    ids = set().union(*wanted.values()) if wanted else set()
    if not ids:
        return {key: [] for key in wanted}
    rows = events_by_id(ids)
    revisions = list(
        db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id.in_(ids), _since(approval))
            .order_by(EventRevision.id)
        )
    )
    found = {}
    for change in changes:
        under_occurrence = bool(change.entry.get("occurrence"))
        found[change.key] = [
            _line(revision, rows[revision.event_id], under_occurrence)
            for revision in revisions
            if revision.event_id in wanted[change.key] and revision.event_id in rows
        ]
    return found
