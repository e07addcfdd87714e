"""The event pages' language: the request's, and its dates written through the one set of
Babel formats the schedule pages use (i18n.dates, schedule.formatting)."""

from __future__ import annotations

from datetime import date, datetime

from flask import has_request_context
from flask_babel import get_locale, gettext

from ..domain.countries import country_name
from ..i18n import dates
from ..schedule import formatting


def language() -> str:
    """'en' or 'ru': the request's language ('en' outside a request)."""
    locale = get_locale() if has_request_context() else None
    return locale.language if locale is not None else "en"


def short_date(moment: date | datetime, locale: str | None = None) -> str:
    """'7 Sep 2023 14:05' (a moment, already in the zone shown) or '7 Sep 2023';
    «7 сент. 2023 г., 14:05»."""
    return formatting.short_date(moment, locale=locale or language())


def date_text(day: date, locale: str | None = None) -> str:
    """'1 September 2023', «1 сентября 2023 г.» (running text)."""
    return dates.date_text(day, locale or language())


def date_time_text(moment: datetime, locale: str | None = None) -> str:
    """'5 September 2023, 14:05', «5 сентября 2023 г., 14:05»."""
    return dates.date_time_text(moment, locale or language())


def date_range(first: date, last: date, locale: str | None = None) -> str:
    """'1 – 6 September 2023', «1 – 6 сентября 2023 г.»."""
    return formatting.date_range(first, last, locale or language())


def span_text(
    first: date,
    last: date,
    start: datetime | None = None,
    end: datetime | None = None,
    locale: str | None = None,
) -> str:
    """An event's span as formatting.span_text writes it, in the page's language:
    «1 – 6 сентября 2023 г., весь день», «19 июля 2024 г., 17:00 – 20:00»."""
    return formatting.span_text(first, last, start, end, locale or language(), gettext)


def location_label(location, locale: str | None = None) -> str:
    """Venue, city, country, the country named in the page's language («Минск, Беларусь»):
    Location.label() on a page (feeds keep Location.label(), the same in every language)."""
    country = country_name(location.country, locale or language()) if location.country else ""
    return ", ".join(part for part in (location.name, location.city, country) if part)
