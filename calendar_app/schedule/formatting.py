"""How dates and spans read on the schedule pages ("1 – 30 September 2023")."""

from __future__ import annotations

from datetime import date, datetime

from .month import Occurrence


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(moment: date | datetime, with_time: bool = True) -> str:
    """'7 Sep 2023', and '7 Sep 2023 14:05' for a moment (already in the zone shown):
    tables and histories, without the zero-padded day strftime gives."""
    text = f"{moment.day} {moment:%b %Y}"
    return f"{text} {moment:%H:%M}" if with_time and isinstance(moment, datetime) else text


def date_range(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def short_range(first: date, last: date) -> str:
    """'27 Nov – 3 Dec' for lists under a dated heading."""
    if first == last:
        return f"{first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {last.day} {last:%b}"
    return f"{first.day} {first:%b} – {last.day} {last:%b}"


def time_range(occ: Occurrence) -> str:
    """'11:00 – 12:30', or with dates when the event crosses midnight; '' for all-day."""
    if occ.start is None or occ.end is None:
        return ""
    if not occ.multi_day:
        return f"{occ.start:%H:%M} – {occ.end:%H:%M}"
    return f"{occ.start.day} {occ.start:%b %H:%M} – {occ.end.day} {occ.end:%b %H:%M}"


def when(occ: Occurrence) -> str:
    """The full span in words, for accessible names and lists."""
    dates = date_range(occ.first_day, occ.last_day)
    if occ.event.all_day:
        return dates + ", all day"
    if occ.multi_day:
        return f"{occ.start.day} {occ.start:%B %Y} {occ.start:%H:%M} – {occ.end.day} {occ.end:%B %Y} {occ.end:%H:%M}"
    return f"{dates}, {time_range(occ)}"


def ymd(day: date) -> dict[str, int]:
    """A day's URL values: url_with('schedule.day', args, **ymd(day))."""
    return {"year": day.year, "month": day.month, "day": day.day}


HELPERS = {
    "ymd": ymd,
    "long_date": long_date,
    "date_range": date_range,
    "short_range": short_range,
    "time_range": time_range,
    "when": when,
}
