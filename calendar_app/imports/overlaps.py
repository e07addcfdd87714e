"""Double bookings in an import's preview: warnings, never a refusal. Every event the
file adds or changes is checked at once (one read of the stored events sharing a force,
venue or official over the file's span) against the stored events and the file's others."""

from __future__ import annotations

from dataclasses import replace

from ..domain.conflicts import Conflict, conflicting_pairs
from ..domain.text import N_, Message
from ..events.conflicts import booking_when, conflicts_of_bookings, planned_bookings, resource_names
from ..events.words import language
from .plan import PlannedChange

WORDS = {
    "force": N_("the force %(name)s"),
    "location": N_("the venue %(name)s"),
    "official": N_("the official %(name)s"),
}


def _listed(parts: list[Message]) -> Message:
    """ "a, b, c" as one Message whose parts each translate."""
    if len(parts) == 1:
        return parts[0]
    return Message(N_("%(first)s, %(rest)s"), first=parts[0], rest=_listed(parts[1:]))


def _text(conflict: Conflict, names: dict) -> Message:
    shared = _listed(
        [Message(WORDS[kind], name=names.get((kind, key), "?")) for kind, key in conflict.shared]
    )
    other = conflict.second
    return Message(
        N_("Double-books %(shared)s with “%(title)s” (%(when)s)."),
        shared=shared,
        title=other.title,
        when=booking_when(other),
    )


def add_conflict_warnings(changes: list[PlannedChange]) -> None:
    """Warn on each new or updated event (or series) of the plan that overlaps another
    booking of the same force, venue or official."""
    by_key: dict[int, PlannedChange] = {}
    mine = []
    for number, change in enumerate(changes, start=1):
        if change.action not in ("new", "updated") or change.op != "event" or change.data is None:
            continue
        key = change.event_id if change.event_id is not None else -number  # a stand-in id
        by_key[key] = change
        mine += [replace(b, event_id=key, series_id=key if b.series_id is not None else None)
                 for b in planned_bookings(change.data)]  # fmt: skip
    if not mine:
        return
    found = conflicts_of_bookings(mine)
    found += [c for c in conflicting_pairs(mine)]
    names = resource_names(found, language())  # the names in the previewer's language
    for conflict in found:
        for this, other in ((conflict.first, conflict.second), (conflict.second, conflict.first)):
            change = by_key.get(this.event_id)
            if change is None:
                continue
            text = _text(Conflict(this, other, conflict.shared), names)
            if text not in change.warnings:
                change.warnings.append(text)
