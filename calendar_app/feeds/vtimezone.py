"""VTIMEZONE components with RRULE observances, derived from the system's zoneinfo.

icalendar's add_missing_timezones() writes every change date of a zone as an
RDATE list; Outlook, Thunderbird (ical.js) and vobject misread those. Here each
regular yearly change ("second Sunday of March at 02:00") becomes one
STANDARD or DAYLIGHT block with an RRULE, bounded by UNTIL when the rule stops
within the years asked for; irregular changes (Almaty moving to +05 in 2024)
become single observances. Deriving from zoneinfo (tzdata) keeps zones current,
which a frozen VTIMEZONE collection would not.
"""

from __future__ import annotations

import calendar as calendar_module
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from ..domain.timezones import zone

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    at: datetime  # UTC instant of the change
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    name: str

    @property
    def local_start(self) -> datetime:
        """Wall-clock time of the change, in the offset before it (what DTSTART means)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    def rule_key(self) -> tuple:
        local = self.local_start
        return (
            self.is_dst,
            self.offset_from,
            self.offset_to,
            self.name,
            local.month,
            local.time(),
            local.weekday(),
        )


def transitions(tzname: str, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change of the zone from 1 Jan first_year to 31 Dec last_year (UTC)."""
    tz = zone(tzname)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    found: list[Transition] = []
    step = timedelta(hours=12)
    previous = start
    previous_offset = previous.astimezone(tz).utcoffset()
    moment = start + step
    while moment <= end:
        offset = moment.astimezone(tz).utcoffset()
        if offset != previous_offset:
            low, high = previous, moment  # the change lies in (low, high]
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(tz).utcoffset() == previous_offset:
                    low = middle
                else:
                    high = middle
            at = high.replace(microsecond=0)
            local = at.astimezone(tz)
            found.append(
                Transition(at, previous_offset, offset, bool(local.dst()), local.tzname() or "")
            )
            previous_offset = offset
        previous = moment
        moment += step
    return found


def _byday(local: datetime) -> str | None:
    """'2SU' or '-1SU' for the weekday occurrence of this date, preferring 'last'."""
    days_in_month = calendar_module.monthrange(local.year, local.month)[1]
    weekday = WEEKDAYS[local.weekday()]
    if local.day + 7 > days_in_month:
        return f"-1{weekday}"
    return f"{(local.day - 1) // 7 + 1}{weekday}"


def _runs(changes: list[Transition]) -> list[list[Transition]]:
    """Group changes into runs of consecutive years following one yearly rule."""
    runs: list[list[Transition]] = []
    open_runs: dict[tuple, list[Transition]] = {}
    for change in changes:
        key = change.rule_key() + (_byday(change.local_start),)
        run = open_runs.get(key)
        if run is not None and run[-1].local_start.year + 1 == change.local_start.year:
            run.append(change)
            continue
        run = [change]
        open_runs[key] = run
        runs.append(run)
    return runs


def _fixed_observance(
    tzname: str, year: int, since: int | None = None
) -> TimezoneStandard | TimezoneDaylight:
    """One observance with the offset in force on 1 January of `year`, from `since`."""
    local = datetime(year, 1, 1, tzinfo=zone(tzname))
    block = TimezoneDaylight() if local.dst() else TimezoneStandard()
    block.add("dtstart", datetime(since or year, 1, 1))
    block.add("tzoffsetfrom", local.utcoffset())
    block.add("tzoffsetto", local.utcoffset())
    if local.tzname():
        block.add("tzname", local.tzname())
    return block


@cache
def vtimezone(tzname: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for tzname, exact for every instant from first_year to last_year.

    The search starts a year early so that the first observance begins before the
    first event, and runs a year late so that a rule still in force stays open-ended.
    """
    changes = transitions(tzname, first_year - 1, last_year + 1)
    component = Timezone()
    component.add("tzid", tzname)
    if not changes:
        # No change in these years: one observance suffices (its DTSTART long before).
        component.add_component(_fixed_observance(tzname, first_year, since=1970))
        return component
    if changes[0].at > datetime(first_year, 1, 1, tzinfo=UTC):
        # Nothing observed before the first change would cover early events (Almaty
        # before March 2024): state the offset in force at the start explicitly.
        component.add_component(_fixed_observance(tzname, first_year - 1))
    scan_end_year = last_year + 1
    for run in _runs(changes):
        first, last = run[0], run[-1]
        block = TimezoneDaylight() if first.is_dst else TimezoneStandard()
        block.add("dtstart", first.local_start)
        block.add("tzoffsetfrom", first.offset_from)
        block.add("tzoffsetto", first.offset_to)
        if first.name:
            block.add("tzname", first.name)
        if len(run) > 1:
            rule = {
                "freq": "yearly",
                "bymonth": first.local_start.month,
                "byday": _byday(first.local_start),
            }
            if last.local_start.year < scan_end_year:
                rule["until"] = last.at
            block.add("rrule", rule)
        component.add_component(block)
    return component
