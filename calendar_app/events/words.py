"""The event pages' language: the request's, and dates written its way through Babel.

English keeps the words schedule/formatting.py has always written ("19 July 2024, 17:00 –
20:00", "7 Sep 2023 14:05"); other languages take CLDR's patterns («19 июля 2024 г.,
17:00 – 20:00», «7 сент. 2023 г., 14:05»). The same patterns as i18n.dates (of the
schedule pages), here so that the event pages need not wait for them: one of the two
goes when both are in."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time
from flask import has_request_context
from flask_babel import get_locale, gettext

from ..domain.countries import country_name
from ..domain.text import N_
from ..schedule import formatting

ALL_DAY = N_("%(dates)s, all day")
_RU = {
    "date": "d MMMM y 'г'.",  # 1 сентября 2023 г.
    "day_month": "d MMMM",  # 1 сентября
    "short_date": "d MMM y 'г'.",  # 1 сент. 2023 г.
}


def language() -> str:
    """'en' or 'ru': the request's language ('en' outside a request)."""
    locale = get_locale() if has_request_context() else None
    return locale.language if locale is not None else "en"


def _english(locale: str | None) -> bool:
    return (locale or language()) == "en"


def _date(day: date, locale: str) -> str:
    return format_date(day, _RU["date"], locale=locale)


def _time(moment: datetime, locale: str) -> str:
    return format_time(moment, "HH:mm", locale=locale)


def short_date(moment: date | datetime, locale: str | None = None) -> str:
    """'7 Sep 2023 14:05' (a moment, already in the zone shown) or '7 Sep 2023';
    «7 сент. 2023 г., 14:05»."""
    if _english(locale):
        return formatting.short_date(moment)
    locale = locale or language()
    text = format_date(moment, _RU["short_date"], locale=locale)
    return f"{text}, {_time(moment, locale)}" if isinstance(moment, datetime) else text


def date_text(day: date, locale: str | None = None) -> str:
    """'1 September 2023', «1 сентября 2023 г.» (running text)."""
    if _english(locale):
        return f"{day.day} {day:%B %Y}"
    return _date(day, locale or language())


def date_time_text(moment: datetime, locale: str | None = None) -> str:
    """'5 September 2023, 14:05', «5 сентября 2023 г., 14:05»."""
    locale = locale or language()
    return f"{date_text(moment, locale)}, {_time(moment, locale)}"


def date_range(first: date, last: date, locale: str | None = None) -> str:
    """'1 – 6 September 2023', «1 – 6 сентября 2023 г.»."""
    if _english(locale):
        return formatting.date_range(first, last)
    return _range(first, last, locale or language())


def _range(first: date, last: date, locale: str) -> str:
    if first == last:
        return _date(last, locale)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {_date(last, locale)}"
    if first.year == last.year:
        return f"{format_date(first, _RU['day_month'], locale=locale)} – {_date(last, locale)}"
    return f"{_date(first, locale)} – {_date(last, locale)}"


def span_text(
    first: date,
    last: date,
    start: datetime | None = None,
    end: datetime | None = None,
    locale: str | None = None,
) -> str:
    """An event's span as formatting.span_text writes it, in the page's language:
    «1 – 6 сентября 2023 г., весь день», «19 июля 2024 г., 17:00 – 20:00»."""
    if _english(locale):
        return formatting.span_text(first, last, start, end)
    locale = locale or language()
    if start is None or end is None:
        return gettext(ALL_DAY, dates=_range(first, last, locale))
    times = (_time(start, locale), _time(end, locale))
    if first == last:
        return f"{_range(first, first, locale)}, {times[0]} – {times[1]}"
    return f"{_date(start, locale)} {times[0]} – {_date(end, locale)} {times[1]}"


def location_label(location, locale: str | None = None) -> str:
    """Venue, city, country, the country named in the page's language («Минск, Беларусь»):
    Location.label() on a page (feeds keep Location.label(), the same in every language)."""
    country = country_name(location.country, locale or language()) if location.country else ""
    return ", ".join(part for part in (location.name, location.city, country) if part)
