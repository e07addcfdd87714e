"""The year plan laid out: forces down, the year's days across, events as bars.

Pure: plain event data in, rows of lanes of bars out. The page draws each row as one
table cell spanning the year's day columns (so a print engine repeats the table's
header on every page), each lane a line in it and each bar placed by its first day and
length (classes, no inline styles): empty days are no elements at all, only a
background with the week lines.

Columns: the 12 months, each divided into its ISO weeks. A week that crosses a month
boundary is split there: its days in the old month are the last week column of that
month, its days in the new one the first column of the next, both labelled with the
same ISO week number. So every month starts and ends on a column edge, and a column
is never wider than 7 days nor narrower than 1.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..domain.text import N_

UNASSIGNED = N_("Without forces")  # the pages translate it


@dataclass(frozen=True)
class PlanEvent:
    """What the plan needs of an event (or of one occurrence of a series)."""

    key: str  # unique in the plan: the event id, or "<series id>/<occurrence>"
    title: str
    kind: str
    status: str
    first_day: date  # local dates, inclusive
    last_day: date
    force_ids: tuple[int, ...] = ()
    mark: str = ""  # since the approval: new, moved, changed, cancelled ("" unchanged)
    item: object = None  # carried through for the renderer (links, place); unused here


@dataclass(frozen=True)
class WeekColumn:
    week: int  # ISO week number
    first: date
    last: date
    start: int  # day index in the year, 0-based
    days: int


@dataclass(frozen=True)
class MonthColumn:
    month: int
    first: date
    last: date
    start: int
    days: int
    weeks: tuple[WeekColumn, ...]


@dataclass(frozen=True)
class Bar:
    event: PlanEvent
    start: int  # day index of its first day inside the year
    days: int
    continues_before: bool  # began before 1 January
    continues_after: bool  # ends after 31 December


@dataclass(frozen=True)
class PlanRow:
    force_id: int | None  # None: the events without forces
    name: str
    lanes: tuple[tuple[Bar, ...], ...]  # in order of start; at least one (maybe empty)
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Plan:
    year: int
    days: int  # 365 or 366
    months: tuple[MonthColumn, ...]
    rows: tuple[PlanRow, ...]
    today: int | None  # day index of today, when today is in this year
    events: tuple[PlanEvent, ...] = field(default=())

    @property
    def weeks(self) -> tuple[WeekColumn, ...]:
        return tuple(week for month in self.months for week in month.weeks)


def year_days(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def month_columns(year: int) -> tuple[MonthColumn, ...]:
    """The 12 months, each with its ISO week columns (split at the month's edges)."""
    months = []
    jan1 = date(year, 1, 1)
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        weeks = []
        day = first
        while day <= last:
            sunday = day + timedelta(days=6 - day.weekday())
            end = min(sunday, last)
            weeks.append(
                WeekColumn(
                    week=day.isocalendar().week,
                    first=day,
                    last=end,
                    start=(day - jan1).days,
                    days=(end - day).days + 1,
                )
            )
            day = end + timedelta(days=1)
        months.append(MonthColumn(month, first, last, (first - jan1).days, last.day, tuple(weeks)))
    return tuple(months)


def clip(event: PlanEvent, year: int) -> Bar | None:
    """The event's bar inside the year, or None when it does not touch the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if event.last_day < first or event.first_day > last:
        return None
    start, end = max(event.first_day, first), min(event.last_day, last)
    return Bar(
        event=event,
        start=(start - first).days,
        days=(end - start).days + 1,
        continues_before=event.first_day < first,
        continues_after=event.last_day > last,
    )


def stack(bars: list[Bar]) -> list[list[Bar]]:
    """Bars in lanes: each bar in the first lane where it overlaps nothing, in order of
    start (longer first on the same day), so overlapping events lie one below another."""
    lanes: list[list[Bar]] = []
    ends: list[int] = []  # the first free day index of each lane
    for bar in sorted(bars, key=lambda b: (b.start, -b.days, b.event.title, b.event.key)):
        for index, free_from in enumerate(ends):
            if bar.start >= free_from:
                lanes[index].append(bar)
                ends[index] = bar.start + bar.days
                break
        else:
            lanes.append([bar])
            ends.append(bar.start + bar.days)
    return lanes


def plan_layout(
    year: int,
    forces: list[tuple[int, str]],
    events: list[PlanEvent],
    today: date | None = None,
    *,
    unassigned_row: bool = True,
) -> Plan:
    """The plan of `year`: one row per force of `forces` ((id, name), in that order),
    then one for the events without forces (unless `unassigned_row` is False)."""
    days = year_days(year)
    months = month_columns(year)
    today_index = (today - date(year, 1, 1)).days if today and today.year == year else None
    bars = [bar for bar in (clip(event, year) for event in events) if bar is not None]
    by_force: dict[int | None, list[Bar]] = {force_id: [] for force_id, _ in forces}
    by_force[None] = []
    for bar in bars:
        for force_id in bar.event.force_ids or (None,):
            if force_id in by_force:
                by_force[force_id].append(bar)
    wanted = list(forces) + ([(None, UNASSIGNED)] if unassigned_row else [])
    rows = []
    for force_id, name in wanted:
        lanes = stack(by_force[force_id]) or [[]]
        rows.append(
            PlanRow(
                force_id=force_id,
                name=name,
                lanes=tuple(tuple(lane) for lane in lanes),
                bars=tuple(bar for lane in lanes for bar in lane),
            )
        )
    shown = tuple(sorted((bar.event for bar in bars), key=lambda e: (e.first_day, e.title)))
    return Plan(year, days, months, tuple(rows), today_index, shown)


@dataclass(frozen=True)
class MonthGroup:
    """The phone's list: a month, and per force the events that touch it."""

    month: int
    forces: tuple[tuple[str, tuple[PlanEvent, ...]], ...]


def by_month(plan: Plan) -> list[MonthGroup]:
    """Months with events, each grouped by the plan's rows (forces in order)."""
    ordered = [
        (row.name, sorted(row.bars, key=lambda b: (b.start, b.event.title))) for row in plan.rows
    ]
    groups = []
    for month in plan.months:
        first, last = month.start, month.start + month.days - 1
        forces = []
        for name, bars in ordered:
            touching = tuple(
                bar.event for bar in bars if bar.start <= last and bar.start + bar.days - 1 >= first
            )
            if touching:
                forces.append((name, touching))
        if forces:
            groups.append(MonthGroup(month.month, tuple(forces)))
    return groups
