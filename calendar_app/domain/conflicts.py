"""Double bookings: two events whose times overlap and that share a participating force,
a location or an official. Pure: bookings in, conflicts out.

A booking is one occurrence of one event (a single event is one booking, a series one per
occurrence). Times are UTC instants, end exclusive, so an exercise ending at 12:00 and a
meeting starting at 12:00 do not conflict. Occurrences of the same series (its overrides
included) never conflict with one another: a series is one standing commitment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

# The kinds of shared resource, in the order the report groups them.
REASONS = ("force", "location", "official")


@dataclass(frozen=True)
class Booking:
    """One occurrence of an event, as far as double bookings are concerned."""

    event_id: int | None  # None: the event being saved, not stored yet
    title: str
    start: datetime
    end: datetime
    forces: frozenset[int] = frozenset()
    location: int | None = None
    officials: frozenset[int] = frozenset()
    series_id: int | None = None  # the series an occurrence belongs to
    occurrence: str | None = None  # its occurrence key (address), None for a single event
    timezone: str = "UTC"  # where it happens: how its times read in a report
    all_day: bool = False
    title_ru: str = ""  # the Russian title, when the event has one (domain/bilingual.py)

    @property
    def family(self) -> int | None:
        """What makes two bookings one commitment: the series, else the event itself."""
        return self.series_id if self.series_id is not None else self.event_id

    def resources(self) -> set[tuple[str, int]]:
        shared = {("force", force) for force in self.forces}
        shared |= {("official", official) for official in self.officials}
        if self.location is not None:
            shared.add(("location", self.location))
        return shared


@dataclass(frozen=True)
class Conflict:
    """Two bookings that overlap in time and share the resources named."""

    first: Booking
    second: Booking
    shared: tuple[tuple[str, int], ...] = field(default=())

    def reasons(self) -> tuple[str, ...]:
        return tuple(sorted({reason for reason, _ in self.shared}, key=REASONS.index))


def overlaps(a: Booking, b: Booking) -> bool:
    return a.start < b.end and b.start < a.end


def _same_commitment(a: Booking, b: Booking) -> bool:
    return a.family is not None and a.family == b.family


def _conflict(a: Booking, b: Booking) -> Conflict | None:
    if _same_commitment(a, b) or not overlaps(a, b):
        return None
    shared = a.resources() & b.resources()
    if not shared:
        return None
    return Conflict(a, b, tuple(sorted(shared, key=lambda r: (REASONS.index(r[0]), r[1]))))


def conflicts_with(candidates: Iterable[Booking], others: Iterable[Booking]) -> list[Conflict]:
    """Every conflict of the bookings being saved with the stored ones, in time order.
    A stored booking of the same event (the version being replaced) is not a conflict."""
    mine = sorted(candidates, key=lambda b: b.start)
    theirs = sorted(others, key=lambda b: b.start)
    found = []
    for a in mine:
        for b in theirs:
            if b.start >= a.end:
                break  # sorted by start: none of the rest can overlap a
            if a.event_id is not None and b.event_id == a.event_id:
                continue
            conflict = _conflict(a, b)
            if conflict is not None:
                found.append(conflict)
    return found


def conflicting_pairs(bookings: Iterable[Booking]) -> list[Conflict]:
    """Every conflicting pair among the bookings, each pair once, in time order: a sweep
    over the bookings sorted by start, keeping only those still running."""
    running: list[Booking] = []
    found = []
    for booking in sorted(bookings, key=lambda b: (b.start, b.end)):
        running = [other for other in running if other.end > booking.start]
        for other in running:
            conflict = _conflict(other, booking)
            if conflict is not None:
                found.append(conflict)
        running.append(booking)
    return found


def grouped(conflicts: Iterable[Conflict]) -> dict[str, dict[int, list[Conflict]]]:
    """Conflicts by the kind of resource and the resource shared (a pair that shares a
    force and a venue is listed under both)."""
    groups: dict[str, dict[int, list[Conflict]]] = {reason: {} for reason in REASONS}
    for conflict in conflicts:
        for reason, resource in conflict.shared:
            groups[reason].setdefault(resource, []).append(conflict)
    return {reason: by_resource for reason, by_resource in groups.items() if by_resource}
