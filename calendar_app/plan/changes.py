"""What changed in a year's plan since it was approved: the approval's snapshot against
the plan as it stands. Pure: both sides are lists of plain entries (JSON-safe dicts, as
the snapshot stores them).

An entry names one event of the plan, or one occurrence of a series, by `key`; its
`start` and `end` are ISO dates (all-day, end inclusive) or local date-times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..domain.text import N_
from ..i18n import dates
from ..schedule.formatting import date_range

NEW, MOVED, CHANGED, CANCELLED, REMOVED = "new", "moved", "changed", "cancelled", "removed"
MARKS = (NEW, MOVED, CHANGED, CANCELLED, REMOVED)
# The fields compared, with the words the changes page shows for them (translated there).
FIELDS = {
    "title": N_("Title"),
    "kind": N_("Kind"),
    "status": N_("Status"),
    "start": N_("Start"),
    "end": N_("End"),
    "place": N_("Place"),
    "country": N_("Country"),
    "forces": N_("Forces"),
}
WHEN = ("start", "end")
# The key every entry of a snapshot carries: the newest revision (EventRevision.id) made
# before the approval. The revisions after it are the changes since (ids, not times:
# an approval and an edit may fall within the same second).
AS_OF = "as_of_revision"


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class PlanChange:
    key: str
    mark: str  # one of MARKS
    before: dict | None  # the snapshot's entry (None: new)
    after: dict | None  # the entry now (None: removed)
    fields: tuple[FieldChange, ...] = ()

    @property
    def entry(self) -> dict:
        return self.after or self.before or {}


def shown(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value) if value not in (None, "") else "—"


def field_changes(before: dict, after: dict) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, label, shown(before.get(name)), shown(after.get(name)))
        for name, label in FIELDS.items()
        if before.get(name) != after.get(name)
    )


def mark_of(before: dict | None, after: dict | None, fields) -> str:
    if before is None:
        return NEW
    if after is None:
        return REMOVED
    if after.get("status") == "cancelled" and before.get("status") != "cancelled":
        return CANCELLED
    if any(change.field in WHEN for change in fields):
        return MOVED
    return CHANGED if fields else ""


def compare(baseline: list[dict], current: list[dict]) -> list[PlanChange]:
    """Every difference, in the order of the plan (by start, then title): new, moved,
    changed, cancelled and removed (deleted, or moved out of the year) entries."""
    before = {entry["key"]: entry for entry in baseline}
    now = {entry["key"]: entry for entry in current}
    changes = []
    for key in dict.fromkeys([*before, *now]):
        old, new = before.get(key), now.get(key)
        fields = field_changes(old, new) if old and new else ()
        mark = mark_of(old, new, fields)
        if mark:
            changes.append(PlanChange(key, mark, old, new, fields))
    changes.sort(key=lambda c: (c.entry.get("start", ""), c.entry.get("title", ""), c.key))
    return changes


def marks(changes: list[PlanChange]) -> dict[str, str]:
    """key → mark, for the plan page's bars."""
    return {change.key: change.mark for change in changes}


def counts(changes: list[PlanChange]) -> dict[str, int]:
    found = {mark: 0 for mark in MARKS}
    for change in changes:
        found[change.mark] += 1
    return {mark: number for mark, number in found.items() if number}


def when_parts(value: str, locale: str = "en") -> tuple[str, str]:
    """An entry's start or end as people read it, and its zone (timed ends name one):
    '2023-09-04' → ('4 September 2023', ''), «4 сентября 2023 г.»;
    '2023-09-04 12:00 Europe/Minsk' → ('4 September 2023, 12:00', 'Europe/Minsk').
    Anything else as it is."""
    text, _, zone_name = (value or "").partition(" ")
    try:
        if not zone_name:
            return dates.date_text(date.fromisoformat(text), locale), ""
        clock, _, zone_name = zone_name.partition(" ")
        moment = datetime.fromisoformat(f"{text}T{clock}")
    except ValueError:
        return value or "—", ""
    return dates.date_time_text(moment, locale), zone_name


def span_parts(entry: dict, locale: str = "en") -> tuple[str, str]:
    """An entry's days or times: ('4 – 6 September 2023', '') for an all-day one,
    ('4 September 2023, 10:00 – 4 September 2023, 12:00', 'Europe/Minsk') else."""
    start, end = entry.get("start") or "", entry.get("end") or ""
    try:
        return date_range(date.fromisoformat(start), date.fromisoformat(end), locale), ""
    except ValueError:
        first, _ = when_parts(start, locale)
        last, zone_name = when_parts(end, locale)
        return f"{first} – {last}", zone_name
