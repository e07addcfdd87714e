"""The month grid, the day list and the agenda, computed from plain event data.

No request, no database: the views hand in `CalendarEvent`s and a display zone
and get back weeks of days with bar segments placed in columns and lanes, the
way Google Calendar or Outlook lay out a month.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..domain.bilingual import localized
from ..vocab import in_year_range


@dataclass(frozen=True)
class CalendarEvent:
    """What the views need of an event. Instants are aware UTC, end exclusive;
    dates are inclusive (for all-day events the only truth)."""

    id: int
    title: str
    kind: str
    status: str
    all_day: bool
    start_date: date
    end_date: date
    starts_at: datetime
    ends_at: datetime
    timezone: str = "UTC"
    location: str = ""
    forces: tuple[str, ...] = ()
    internal: bool = False  # seen by signed-in staff only
    # An occurrence of a series (a rule's or an override): the series and the
    # occurrence's recurrence id as its address names it ("20250106T070000Z").
    series_id: int | None = None
    occurrence: str = ""
    conflict: bool = False  # shares a force, venue or official with an overlapping event
    # The Russian texts where the records have them ("" where not): pages show the
    # viewer's language and fall back to the other (domain/bilingual.py).
    title_ru: str = ""
    location_ru: str = ""
    forces_ru: tuple[str, ...] = ()

    def localized_title(self, language: str | None) -> tuple[str, str]:
        return localized(self.title, self.title_ru, language)

    def localized_location(self, language: str | None) -> tuple[str, str]:
        return localized(self.location, self.location_ru, language)

    def localized_forces(self, language: str | None) -> list[tuple[str, str]]:
        """Each force's (name, lang) in `language` where it has a name in it."""
        russian = self.forces_ru or ("",) * len(self.forces)
        return [localized(en, ru, language) for en, ru in zip(self.forces, russian, strict=False)]


@dataclass(frozen=True)
class Occurrence:
    """An event as seen from the display zone: the days it touches and its local times."""

    event: CalendarEvent
    first_day: date
    last_day: date
    start: datetime | None  # local start in the display zone (timed events only)
    end: datetime | None

    @property
    def multi_day(self) -> bool:
        return self.last_day > self.first_day

    @property
    def is_bar(self) -> bool:
        """All-day and multi-day events draw as bars; single-day timed ones as a line."""
        return self.event.all_day or self.multi_day

    def start_time_on(self, day: date) -> time | None:
        if self.start is None or day != self.first_day:
            return None
        return self.start.time()


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    is_today: bool
    is_weekend: bool


@dataclass(frozen=True)
class Segment:
    """The part of one event inside one week row: columns [column, column + span)."""

    occurrence: Occurrence
    column: int
    span: int
    lane: int
    first_day: date
    last_day: date
    continues_before: bool  # the event began before this row (earlier week or month)
    continues_after: bool

    @property
    def event(self) -> CalendarEvent:
        return self.occurrence.event

    @property
    def start_time(self) -> time | None:
        return self.occurrence.start_time_on(self.first_day)


@dataclass
class Week:
    days: list[Day]
    segments: list[Segment]  # the visible ones, ordered by lane then column
    lanes: int  # visible lanes used in this row
    more: list[int] = field(default_factory=lambda: [0] * 7)  # hidden events per column

    @property
    def has_more(self) -> bool:
        return any(self.more)


@dataclass
class MonthGrid:
    year: int
    month: int
    weekdays: list[int]  # weekday numbers (0 = Monday) in column order
    weeks: list[Week]

    @property
    def first_day(self) -> date:
        return self.weeks[0].days[0].date

    @property
    def last_day(self) -> date:
        return self.weeks[-1].days[-1].date


def check_month(year: int, month: int) -> bool:
    return 1 <= month <= 12 and in_year_range(year)


def grid_range(year: int, month: int, first_weekday: int = 0) -> tuple[date, date]:
    """First and last day shown: whole weeks around the month."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    start = first - timedelta(days=(first.weekday() - first_weekday) % 7)
    end = last + timedelta(days=(first_weekday + 6 - last.weekday()) % 7)
    return start, end


def utc_window(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants to ask the database for, days first..last in any zone.

    A day in a display zone is within ±14 h of the same UTC day, and all-day
    events are stored at UTC midnight: widening by a day on each side catches
    all of them; `occurrence` then clips precisely.
    """
    start = datetime.combine(first - timedelta(days=1), time(), UTC)
    end = datetime.combine(last + timedelta(days=2), time(), UTC)
    return start, end


def occurrence(event: CalendarEvent, tz: ZoneInfo) -> Occurrence:
    """Where the event falls in the display zone. All-day dates never shift."""
    if event.all_day:
        return Occurrence(event, event.start_date, event.end_date, None, None)
    start = event.starts_at.astimezone(tz)
    end = event.ends_at.astimezone(tz)
    # An event ending exactly at midnight does not touch the next day.
    last_instant = max(event.ends_at - timedelta(microseconds=1), event.starts_at)
    return Occurrence(event, start.date(), last_instant.astimezone(tz).date(), start, end)


def seen_from(item: CalendarEvent | Occurrence, tz: ZoneInfo) -> Occurrence:
    """`item` placed in `tz`; an Occurrence is taken as placed there already (the month
    page places its events once, for its grid and its list)."""
    return item if isinstance(item, Occurrence) else occurrence(item, tz)


def _order(occ: Occurrence):
    """Bars before lines, longer bars first, then by start: the Google order."""
    start = occ.start or datetime.combine(occ.first_day, time(), UTC)
    length = (occ.last_day - occ.first_day).days
    return (occ.first_day, not occ.is_bar, -length, start, occ.event.title, occ.event.id)


def month_grid(
    year: int,
    month: int,
    events: list[CalendarEvent] | list[Occurrence],
    tz: ZoneInfo,
    first_weekday: int = 0,
    today: date | None = None,
    max_lanes: int = 4,
) -> MonthGrid:
    """Lay out `events` on the month: one segment per event per week row it touches.

    Lanes are assigned per week, first fit, in `_order`; segments in lanes at or
    beyond `max_lanes` are hidden and counted in `Week.more` for each day.
    """
    if not check_month(year, month):
        raise ValueError(f"no such month: {year}-{month}")
    grid_first, grid_last = grid_range(year, month, first_weekday)
    occurrences = sorted(
        (
            occ
            for occ in (seen_from(e, tz) for e in events)
            if occ.last_day >= grid_first and occ.first_day <= grid_last
        ),
        key=_order,
    )
    weekdays = [(first_weekday + i) % 7 for i in range(7)]
    rows = (grid_last - grid_first).days // 7 + 1
    by_week: list[list[Occurrence]] = [[] for _ in range(rows)]
    for occ in occurrences:  # each to the rows it touches, still in `_order`
        low = max((occ.first_day - grid_first).days // 7, 0)
        high = min((occ.last_day - grid_first).days // 7, rows - 1)
        for row in range(low, high + 1):
            by_week[row].append(occ)
    weeks = [
        _week(grid_first + timedelta(days=7 * row), month, by_week[row], today, max_lanes)
        for row in range(rows)
    ]
    return MonthGrid(year, month, weekdays, weeks)


def _week(start: date, month: int | None, occurrences, today, max_lanes) -> Week:
    """One row of seven days from `start`; `month` None when every day counts as in it."""
    end = start + timedelta(days=6)
    days = [
        Day(d, month is None or d.month == month, d == today, d.weekday() >= 5)
        for d in (start + timedelta(days=i) for i in range(7))
    ]
    taken: list[list[bool]] = []  # taken[lane][column]
    visible: list[Segment] = []
    more = [0] * 7
    for occ in occurrences:
        if occ.last_day < start or occ.first_day > end:
            continue
        first, last = max(occ.first_day, start), min(occ.last_day, end)
        column, span = (first - start).days, (last - first).days + 1
        lane = _free_lane(taken, column, span, max_lanes)
        if lane is None:
            for c in range(column, column + span):
                more[c] += 1
            continue
        visible.append(
            Segment(
                occ, column, span, lane, first, last, occ.first_day < first, occ.last_day > last
            )
        )
    visible.sort(key=lambda s: (s.lane, s.column))
    return Week(days, visible, min(len(taken), max_lanes), more)


def _free_lane(taken: list[list[bool]], column: int, span: int, max_lanes: int) -> int | None:
    """The first lane free over the columns, taken; None when only a hidden one is (the
    lanes past `max_lanes` are not kept: they change no visible lane, and a day with
    thousands of events would make this quadratic)."""
    columns = range(column, column + span)
    free = (i for i, row in enumerate(taken) if not any(row[c] for c in columns))
    lane = next(free, len(taken))
    if lane >= max_lanes:
        return None
    if lane == len(taken):
        taken.append([False] * 7)
    for c in columns:
        taken[lane][c] = True
    return lane


def events_on(day: date, events: list[CalendarEvent], tz: ZoneInfo) -> list[Occurrence]:
    """The events touching `day` in the display zone: all-day and multi-day first."""
    found = [occ for occ in (occurrence(e, tz) for e in events)]
    found = [occ for occ in found if occ.first_day <= day <= occ.last_day]
    return sorted(found, key=lambda occ: (not occ.is_bar, _order(occ)))


@dataclass(frozen=True)
class AgendaDay:
    date: date
    items: list[Occurrence]
    more: int = 0  # events of the day left out of the list (see `agenda`'s per_day)


def agenda(
    events: list[CalendarEvent] | list[Occurrence],
    tz: ZoneInfo,
    first: date,
    last: date | None = None,
    per_day: int | None = None,
) -> list[AgendaDay]:
    """Each event once, under the first day it touches on or after `first` (up to `last`);
    at most `per_day` under one day, the rest counted in its `more`."""
    by_day: dict[date, list[Occurrence]] = {}
    for occ in (seen_from(e, tz) for e in events):
        if occ.last_day < first or (last is not None and occ.first_day > last):
            continue
        by_day.setdefault(max(occ.first_day, first), []).append(occ)
    days = []
    for day, items in sorted(by_day.items()):
        items.sort(key=lambda occ: (not occ.is_bar, _order(occ)))
        shown = items if per_day is None else items[:per_day]
        days.append(AgendaDay(day, shown, len(items) - len(shown)))
    return days
