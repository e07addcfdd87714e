"""The event pages' language: the request's, and its dates written through the one set of
Babel formats the schedule pages use (i18n.dates, schedule.formatting)."""

from __future__ import annotations

from datetime import date, datetime

from flask import has_request_context
from flask_babel import get_locale, gettext
from markupsafe import Markup

from ..domain.bilingual import localized, written_in
from ..domain.countries import country_name
from ..i18n import dates
from ..i18n.setup import marked
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
    """Venue, city, country in the page's language where the record has them («Учебные
    полигоны Республики Беларусь, Беларусь»), the country named in it too: Location.label()
    on a page (feeds keep Location.label(), the same in every language)."""
    locale = locale or language()
    country = country_name(location.country, locale) if location.country else ""
    parts = (location.localized_name(locale)[0], location.localized_city(locale)[0], country)
    return ", ".join(part for part in parts if part)


def location_shown(location, locale: str | None = None) -> Markup:
    """`location_label` with a venue or city that fell back to the other language marked
    with its `lang` (WCAG 3.1.2), as the `shown` filter marks a title."""
    locale = locale or language()
    parts = []
    for text, lang in (location.localized_name(locale), location.localized_city(locale)):
        if text:
            parts.append(marked(text, lang, locale))
    if location.country:
        parts.append(country_name(location.country, locale))
    return Markup(", ").join(parts)


def text_lang(text: str | None, locale: str | None = None) -> str:
    """The language a free text with no Russian twin (participants) is written in, by its
    letters: 'ru' for mostly Cyrillic, 'en' for mostly Latin, else the page's language."""
    return written_in(text, locale or language())


def shown_title(event, locale: str | None = None) -> str:
    """The title of an event (or its EventData) in the page's language where it has one
    (flash messages)."""
    return localized(event.title, getattr(event, "title_ru", ""), locale or language())[0]
