"""The week view, computed from plain event data like the month grid.

One row of the month grid's machinery holds the all-day and multi-day bars
(every lane, no "+N more": a week has the room); below them each day lists its
timed events in time order, in the display zone.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from ..vocab import FIRST_YEAR, LAST_YEAR
from .month import (
    CalendarEvent,
    Day,
    Occurrence,
    Segment,
    Week,
    _order,
    _week,
    occurrence,
)


@dataclass(frozen=True)
class LaneCell:
    """One table cell of a bar lane: a segment over `span` columns, or `span` empty ones."""

    segment: Segment | None
    span: int


@dataclass
class WeekGrid:
    weekdays: list[int]  # weekday numbers (0 = Monday) in column order
    bars: Week  # all-day and multi-day events as segments in lanes
    timed: list[list[Occurrence]]  # per column: single-day timed events by start

    @property
    def days(self) -> list[Day]:
        return self.bars.days

    @property
    def first_day(self) -> date:
        return self.days[0].date

    @property
    def last_day(self) -> date:
        return self.days[-1].date

    @property
    def lanes(self) -> list[list[LaneCell]]:
        return lane_rows(self.bars)


def week_range(day: date, first_weekday: int = 0) -> tuple[date, date]:
    """The first and last day of the week holding `day`."""
    start = day - timedelta(days=(day.weekday() - first_weekday) % 7)
    return start, start + timedelta(days=6)


def neighbour_weeks(day: date, first_weekday: int = 0) -> tuple[date | None, date | None]:
    """A day of the previous and of the next week, None beyond the calendar's years."""
    first, last = week_range(day, first_weekday)
    before, after = first - timedelta(days=1), last + timedelta(days=1)
    previous = max(week_range(before, first_weekday)[0], date(FIRST_YEAR, 1, 1))
    return (
        previous if before.year >= FIRST_YEAR else None,
        after if after.year <= LAST_YEAR else None,
    )


def week_grid(
    day: date,
    events: list[CalendarEvent],
    tz: ZoneInfo,
    first_weekday: int = 0,
    today: date | None = None,
) -> WeekGrid:
    """Lay out `events` on the week holding `day`: bars on top, timed events per day."""
    first, last = week_range(day, first_weekday)
    occurrences = sorted(
        (
            occ
            for occ in (occurrence(e, tz) for e in events)
            if occ.last_day >= first and occ.first_day <= last
        ),
        key=_order,
    )
    bars = _week(first, None, [occ for occ in occurrences if occ.is_bar], today, sys.maxsize)
    timed: list[list[Occurrence]] = [[] for _ in range(7)]
    for occ in occurrences:
        if not occ.is_bar:
            timed[(occ.first_day - first).days].append(occ)
    weekdays = [(first_weekday + i) % 7 for i in range(7)]
    return WeekGrid(weekdays, bars, timed)


def lane_rows(week: Week) -> list[list[LaneCell]]:
    """The week's segments as table rows, one per lane, gaps merged into empty cells."""
    rows = []
    for lane in range(week.lanes):
        cells, column = [], 0
        for seg in sorted((s for s in week.segments if s.lane == lane), key=lambda s: s.column):
            if seg.column > column:
                cells.append(LaneCell(None, seg.column - column))
            cells.append(LaneCell(seg, seg.span))
            column = seg.column + seg.span
        if column < 7:
            cells.append(LaneCell(None, 7 - column))
        rows.append(cells)
    return rows
