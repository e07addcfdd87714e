"""A write that double-books a force, venue or official: 409 with the overlaps, unless
the request says "confirm_conflicts": true with a "conflict_reason" (then it is saved,
and the reason kept in the event's history)."""

from __future__ import annotations

from flask import jsonify

from ..events.conflicts import REASON_NEEDED, UnconfirmedConflicts, confirm_or_refuse, summaries
from ..extensions import db
from ..models import Event
from .resources import ConflictsError, EventInput

CONFLICTS = "conflicts"


def refused_for_conflicts(written: Event, body: EventInput):
    """Run after the write is flushed; a response when it must not be committed."""
    try:
        confirm_or_refuse(
            written, confirmed=body.confirm_conflicts, reason=body.conflict_reason or ""
        )
    except UnconfirmedConflicts as refused:
        overlaps = summaries(refused.conflicts)
        db.session.rollback()
        fields = {"conflict_reason": REASON_NEEDED} if body.confirm_conflicts else {}
        answer = ConflictsError(error=CONFLICTS, conflicts=overlaps, fields=fields)
        return jsonify(answer.model_dump(mode="json", by_alias=True)), 409
    return None
