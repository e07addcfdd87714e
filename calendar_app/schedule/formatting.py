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


def span_text(
    first: date, last: date, start: datetime | None = None, end: datetime | None = None
) -> str:
    """An event's span in words, the one way every page writes it. All-day (no times):
    '1 – 6 September 2023, all day'. Timed, with local start and end in the zone shown:
    '19 July 2024, 17:00 – 20:00' within the day `first`, else both dates and times,
    '19 July 2024 23:00 – 20 July 2024 01:00'. The caller says which days it touches."""
    if start is None or end is None:
        return f"{date_range(first, last)}, all day"
    if first == last:
        return f"{date_range(first, first)}, {start:%H:%M} – {end:%H:%M}"
    return f"{start.day} {start:%B %Y} {start:%H:%M} – {end.day} {end:%B %Y} {end:%H:%M}"


def when(occ: Occurrence) -> str:
    """The full span in words, for accessible names and lists."""
    if occ.event.all_day:
        return span_text(occ.first_day, occ.last_day)
    return span_text(occ.first_day, occ.last_day, occ.start, occ.end)


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
