"""Judging a recurring series before it is expanded, so that every import does bounded work.

Pure. Expansion (dateutil, through recurring_ical_events) walks a rule from its DTSTART
day by day or period by period, and looks for one occurrence past the window's end; a
rule whose parts never match a day walks on until the year 9999. So, before anything is
expanded, a rule is refused unless it has the shape that Google Calendar, Outlook, Apple
Calendar and Thunderbird write (daily or coarser, no BYHOUR/BYMINUTE/BYSECOND, short
lists, sane COUNT and INTERVAL), and the walk it needs is charged to a budget per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.rrule import rrulestr

from ..domain.text import N_, Message

MAX_OCCURRENCES = 500  # per recurring series
MAX_SERIES = 1_000  # recurring series in one file
MAX_INTERVAL = 1_000
MAX_COUNT = 10_000  # Outlook stops at 999; beyond this COUNT means "for ever"
MAX_LIST = 31  # values in one BYxxx part (31 days of a month)
MAX_DATES = 1_000  # EXDATE and RDATE values of one series
# Work the expansion may do for one file, in days walked by a daily rule: the walk from
# each DTSTART to the window's end, plus the probe of rules that might never match.
# Measured at ~4 µs a day (dateutil walks each series twice): about 2 s at most.
MAX_WALK_DAYS = 500_000
# A coarser rule walks a whole period per step: days cost less (measured, dateutil 2.9).
DAY_COST_DIVISOR = {"DAILY": 1, "WEEKLY": 4, "MONTHLY": 12, "YEARLY": 15}
PROBE_YEARS = 400  # the Gregorian calendar repeats itself every 400 years

SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")
PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
KNOWN_PARTS = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"}
)
# How far a BYDAY ordinal ("-1FR", "2MO") may reach in each frequency (RFC 5545 3.3.10).
ORDINAL_REACH = {"MONTHLY": 5, "YEARLY": 53}


class SeriesRefused(ValueError):
    """The series is not expanded; the message (a reason for the preview) says why."""


@dataclass
class ExpansionBudget:
    """What one file may still spend on recurring series."""

    walk_days: int = MAX_WALK_DAYS
    series: int = MAX_SERIES

    def charge(self, days: int) -> None:
        if self.series <= 0:
            raise SeriesRefused(
                Message(
                    N_("the file holds more than %(count)s repeating series; split it"),
                    count=MAX_SERIES,
                )
            )
        if days > self.walk_days:
            raise SeriesRefused(
                N_(
                    "expanding its repeat rule would take more work than one import may spend "
                    "(it starts long before the import window, or the file's other repeating "
                    "series used it up)"
                )
            )
        self.series -= 1
        self.walk_days -= days


def check_series(
    rules: list, start: date | datetime, dates: int, window_end: date, budget: ExpansionBudget
) -> None:
    """Refuse (SeriesRefused) a series whose rule we do not expand, or that would cost
    more than the budget has left; otherwise charge the budget for its expansion.

    `rules` are the component's RRULE values (icalendar vRecur, or broken ones), `dates`
    the number of its EXDATE and RDATE values."""
    if len(rules) > 1:
        raise SeriesRefused(N_("it has more than one repeat rule (RRULE)"))
    if dates > MAX_DATES:
        raise SeriesRefused(
            Message(N_("it lists more than %(count)s excluded or extra dates"), count=MAX_DATES)
        )
    if not rules:  # RDATEs only: nothing is walked
        budget.charge(0)
        return
    rule = rules[0]
    if not hasattr(rule, "keys"):
        raise SeriesRefused("its repeat rule (RRULE) could not be read")
    frequency, interval = _checked_parts(rule)
    divisor = DAY_COST_DIVISOR[frequency] * interval
    days = max(((window_end - _day(start)).days + 1) // divisor, 0)
    if not _surely_matches(rule, frequency, interval):
        days += PROBE_YEARS * 366 // divisor
        budget.charge(days)
        if not _matches_some_day(rule, start):
            raise SeriesRefused(
                "its repeat rule never matches a day (its BYxxx parts contradict each other)"
            )
        return
    budget.charge(days)


def _checked_parts(rule) -> tuple[str, int]:
    unknown = sorted(set(rule.keys()) - KNOWN_PARTS)
    frequency = _one(rule, "FREQ", str)
    if frequency in SUB_DAILY:
        raise SeriesRefused(
            Message(
                N_("it repeats %(frequency)s: only daily or coarser repeats are imported"),
                frequency=frequency.lower(),
            )
        )
    if frequency not in PERIOD_DAYS:
        raise SeriesRefused(N_("its repeat rule has no frequency we know (FREQ)"))
    times = [part for part in TIME_PARTS if part in rule]
    if times:
        raise SeriesRefused(
            Message(
                N_(
                    "its repeat rule sets times of day (%(parts)s): only daily or coarser "
                    "repeats are imported"
                ),
                parts=", ".join(times),
            )
        )
    if unknown:
        raise SeriesRefused(
            Message(
                N_("its repeat rule has parts we do not import (%(parts)s)"),
                parts=", ".join(unknown),
            )
        )
    interval = _one(rule, "INTERVAL", int, 1)
    if not 1 <= interval <= MAX_INTERVAL:
        raise SeriesRefused(
            Message(N_("its repeat interval must be between 1 and %(most)s"), most=MAX_INTERVAL)
        )
    count = _one(rule, "COUNT", int, 1)
    if not 1 <= count <= MAX_COUNT:
        raise SeriesRefused(
            Message(N_("its repeat count must be between 1 and %(most)s"), most=MAX_COUNT)
        )
    for part in ("BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"):
        if len(rule.get(part, ())) > MAX_LIST:
            raise SeriesRefused(
                Message(
                    N_("its %(part)s lists more than %(count)s values"), part=part, count=MAX_LIST
                )
            )
    _check_ranges(rule, frequency)
    return frequency, interval


def _one(rule, name: str, kind: type, default=None):
    values = rule.get(name) or ([default] if default is not None else [])
    if len(values) != 1 or not isinstance(values[0], kind):
        raise SeriesRefused(Message(N_("its repeat rule's %(part)s could not be read"), part=name))
    return values[0]


def _check_ranges(rule, frequency: str) -> None:
    limits = {"BYMONTHDAY": 31, "BYMONTH": 12, "BYSETPOS": 366}
    for part, limit in limits.items():
        for value in rule.get(part, ()):
            if not isinstance(value, int) or not 1 <= abs(value) <= limit:
                raise SeriesRefused(
                    Message(
                        N_("its %(part)s holds %(value)s, outside ±1…%(limit)s"),
                        part=part,
                        value=value,
                        limit=limit,
                    )
                )
    if any(value < 0 for value in rule.get("BYMONTH", ())):
        raise SeriesRefused(N_("its BYMONTH holds a negative month"))
    reach = ORDINAL_REACH.get(frequency, 0)
    for value in rule.get("BYDAY", ()):
        ordinal = _ordinal(str(value))
        if ordinal is None or abs(ordinal) > reach:
            raise SeriesRefused(
                Message(
                    N_("its BYDAY holds %(value)s, which a %(frequency)s rule cannot use"),
                    value=value,
                    frequency=frequency,
                )
            )


def _ordinal(day: str) -> int | None:
    """0 for "MO", 2 for "2MO", -1 for "-1FR"; None when it is not a weekday at all."""
    weekday, number = day[-2:].upper(), day[:-2]
    if weekday not in ("MO", "TU", "WE", "TH", "FR", "SA", "SU"):
        return None
    if not number:
        return 0
    try:
        value = int(number)
    except ValueError:
        return None
    return value if value != 0 else None


def _surely_matches(rule, frequency: str, interval: int) -> bool:
    """Shapes that match some day in every few periods whatever the DTSTART: the ones
    calendars write ("every 2 weeks on MO, WE", "the last Friday", "every 5 March")."""
    parts = {name for name in rule if name in ("BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS")}
    days = [_ordinal(str(day)) for day in rule.get("BYDAY", ())]
    monthdays = rule.get("BYMONTHDAY", ())
    if not parts:
        return True
    if frequency == "WEEKLY" and parts == {"BYDAY"}:
        return True
    if interval != 1:  # an interval can step over the only periods that match
        return False
    if frequency == "MONTHLY":
        if parts == {"BYMONTHDAY"}:
            return any(abs(day) <= 28 for day in monthdays)
        if parts == {"BYDAY"}:
            return any(abs(ordinal) <= 4 for ordinal in days)
        if parts == {"BYDAY", "BYSETPOS"}:
            plain = [ordinal for ordinal in days if ordinal == 0]
            return bool(plain) and any(abs(p) <= 4 * len(plain) for p in rule["BYSETPOS"])
    if frequency == "YEARLY" and parts == {"BYMONTH", "BYMONTHDAY"}:
        return any(abs(day) <= 28 for day in monthdays)
    if frequency == "YEARLY" and parts == {"BYMONTH", "BYDAY"}:
        return any(abs(ordinal) <= 4 for ordinal in days)
    return False


def _matches_some_day(rule, start: date | datetime) -> bool:
    """Whether the rule (without COUNT and UNTIL) matches any day in the last 400-year
    cycle before 9999, from a start on the same date of that cycle: dateutil walks on to
    9999 when nothing matches, so the probe starts near the end of its range."""
    text = ";".join(
        part
        for part in rule.to_ical().decode().split(";")
        if not part.upper().startswith(("COUNT=", "UNTIL="))
    )
    day = _day(start)
    year = 9999 - PROBE_YEARS + 1 + (day.year - (9999 - PROBE_YEARS + 1)) % PROBE_YEARS
    probe = datetime(year, day.month, day.day)
    try:
        return next(iter(rrulestr(text, dtstart=probe)), None) is not None
    except (ValueError, OverflowError, TypeError):
        return False


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
