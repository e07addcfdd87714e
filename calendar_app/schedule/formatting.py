"""How dates and spans read on the schedule pages ("1 – 30 September 2023"), in the
language given (`locale`, English unless told), through i18n.dates (Babel). Words such
as "all day" go through `gettext`, which the request's boundary passes in (this module
knows no request): i18n.setup.localized binds both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from ..domain.text import N_
from ..i18n import dates
from .month import Occurrence

ALL_DAY = N_("%(dates)s, all day")


def _same(message: str) -> str:
    return message


def long_date(day: date, locale: str = "en") -> str:
    """A day in running text: 'Wednesday 4 November 2026', «среда, 4 ноября 2026 г.»."""
    return dates.weekday_date(day, locale)


def short_date(moment: date | datetime, with_time: bool = True, locale: str = "en") -> str:
    """'7 Sep 2023', and '7 Sep 2023 14:05' for a moment (already in the zone shown):
    tables and histories, without a zero-padded day."""
    if with_time and isinstance(moment, datetime):
        return dates.short_moment(moment, locale)
    return dates.short_date_text(moment, locale)


def date_range(first: date, last: date, locale: str = "en", words=None) -> str:
    """'1 – 6 September 2023'. `words(fn, day)` writes one day (a caller that writes many
    ranges passes a cached one); by default fn(day, locale)."""
    g = words or (lambda fn, day: fn(day, locale))
    if first == last:
        return g(dates.date_text, first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{g(dates.day_number, first)} – {g(dates.date_text, last)}"
    if first.year == last.year:
        return f"{g(dates.day_month, first)} – {g(dates.date_text, last)}"
    return f"{g(dates.date_text, first)} – {g(dates.date_text, last)}"


def short_range(first: date, last: date, locale: str = "en", words=None) -> str:
    """'27 Nov – 3 Dec' for lists under a dated heading (`words` as for date_range)."""
    g = words or (lambda fn, day: fn(day, locale))
    if first == last:
        return g(dates.short_day_month, first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{g(dates.day_number, first)} – {g(dates.short_day_month, last)}"
    return f"{g(dates.short_day_month, first)} – {g(dates.short_day_month, last)}"


def time_range(occ: Occurrence, locale: str = "en") -> str:
    """'11:00 – 12:30', or with dates when the event crosses midnight; '' for all-day."""
    if occ.start is None or occ.end is None:
        return ""
    start, end = dates.time_text(occ.start, locale), dates.time_text(occ.end, locale)
    if not occ.multi_day:
        return f"{start} – {end}"
    return (
        f"{dates.short_day_month(occ.start, locale)} {start} – "
        f"{dates.short_day_month(occ.end, locale)} {end}"
    )


def span_text(
    first: date,
    last: date,
    start: datetime | None = None,
    end: datetime | None = None,
    locale: str = "en",
    gettext: Callable[[str], str] = _same,
) -> str:
    """An event's span in words, the one way every page writes it. All-day (no times):
    '1 – 6 September 2023, all day'. Timed, with local start and end in the zone shown:
    '19 July 2024, 17:00 – 20:00' within the day `first`, else both dates and times,
    '19 July 2024 23:00 – 20 July 2024 01:00'. The caller says which days it touches."""
    if start is None or end is None:
        return gettext(ALL_DAY) % {"dates": date_range(first, last, locale)}
    times = (dates.time_text(start, locale), dates.time_text(end, locale))
    if first == last:
        return f"{date_range(first, first, locale)}, {times[0]} – {times[1]}"
    return (
        f"{dates.date_text(start, locale)} {times[0]} – {dates.date_text(end, locale)} {times[1]}"
    )


def when(occ: Occurrence, locale: str = "en", gettext: Callable[[str], str] = _same) -> str:
    """The full span in words, for accessible names and lists."""
    if occ.event.all_day:
        return span_text(occ.first_day, occ.last_day, locale=locale, gettext=gettext)
    return span_text(occ.first_day, occ.last_day, occ.start, occ.end, locale, gettext)


class Labels(dict):
    """Names by value, each asked of `label` once (the first time it is looked up)."""

    def __init__(self, label: Callable[[str], str]):
        super().__init__()
        self.label = label

    def __missing__(self, value: str) -> str:
        self[value] = found = self.label(value)
        return found


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
# The helpers that write words as well as dates (i18n.setup.localized passes gettext).
WITH_WORDS = {"when", "span_text"}
