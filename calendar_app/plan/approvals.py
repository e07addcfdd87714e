"""Approving a year's plan, and what changed since: the database side of changes.py.

`approve` only adds and flushes (the view commits). The snapshot holds every live event
of the year, public and internal, of every kind, series occurrences one by one, so
that any later view of the plan, filtered or not, compares against the same baseline.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from ..events.policy import visible_events
from ..extensions import db
from ..models import Event, PlanApproval, User
from .changes import PlanChange, compare
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
    approval = PlanApproval(
        year=year,
        approved_on=approved_on,
        reference=reference,
        approved_by=user,
        created_at=datetime.now(UTC).replace(microsecond=0),
        snapshot=current_entries(year, tz),
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
