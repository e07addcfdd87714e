"""Flask-Babel bound to the app: the locale selector and what templates see of it (the
language, dates written the request's way, the vocabularies' words translated)."""

from __future__ import annotations

from functools import partial

from flask import current_app, request
from flask_babel import get_locale, gettext
from flask_login import current_user
from markupsafe import Markup, escape

from .. import vocab
from ..domain import zone_picker
from ..domain.bilingual import written_in
from ..extensions import babel
from ..schedule import formatting
from . import dates
from .locales import COOKIE, LOCALES, choose_locale


def select_locale() -> str:
    account = getattr(current_user, "locale", None) if current_user else None
    return choose_locale(
        request.cookies.get(COOKIE),
        account if current_user.is_authenticated else None,
        request.accept_languages.best_match(LOCALES),
        current_app.config["CALENDAR_DEFAULT_LOCALE"],
    )


def current_language() -> str:
    """'en' or 'ru': the request's interface language."""
    locale = get_locale()
    return locale.language if locale is not None else "en"


def _label(labels: dict[str, str], name: str) -> str:
    marked = labels.get(name)
    return gettext(marked) if marked else (name or "").replace("_", " ").capitalize()


def kind_label(kind: str) -> str:
    """'Training', «Учения»: a kind as pages name it (vocab.KIND_LABELS)."""
    return _label(vocab.KIND_LABELS, kind)


def status_label(status: str) -> str:
    """'Planned', «Запланировано» (vocab.STATUS_LABELS)."""
    return _label(vocab.STATUS_LABELS, status)


def visibility_label(visibility: str) -> str:
    return _label(vocab.VISIBILITY_LABELS, visibility)


# Template filters and functions that write dates: each takes the request's language.
DATE_FILTERS = {
    "short_date": formatting.short_date,
    "month_title": dates.month_title,
    "day_title": dates.day_title,
    "long_date": dates.weekday_date,
    "date_text": dates.date_text,
    "short_date_text": dates.short_date_text,
    "day_month": dates.day_month,
    "short_day_month": dates.short_day_month,
    "time_text": dates.time_text,
    "date_time_text": dates.date_time_text,
    "moment_in_zone": dates.moment_in_zone,
    "zone_name": zone_picker.zone_name,
}
DATE_FUNCTIONS = {
    **{name: fn for name, fn in formatting.HELPERS.items() if name != "ymd"},
    "span_text": formatting.span_text,
    "month_title": dates.month_title,
    "month_name": dates.month_name,
    "day_title": dates.day_title,
    "weekday_abbr": dates.weekday_abbr,
    "weekday_name": dates.weekday_name,
}


def localized(functions: dict, language: str | None = None) -> dict:
    """`functions` (name → a function taking `locale=`) bound to the request's language;
    those that also write words (formatting.WITH_WORDS) get gettext."""
    language = language or current_language()
    return {
        name: partial(fn, locale=language, gettext=gettext)
        if name in formatting.WITH_WORDS
        else partial(fn, locale=language)
        for name, fn in functions.items()
    }


def _date_filter(fn):
    def bound(value, *args, **kwargs):
        return fn(value, *args, locale=current_language(), **kwargs)

    bound.__name__ = fn.__name__
    return bound


def shown_text(record, field: str = "title") -> str:
    """An event's title or description, a force's or location's name or city, in the
    request's language where it has one (models' `localized_<field>`)."""
    return getattr(record, f"localized_{field}")(current_language())[0]


def marked(text: str, lang: str, language: str | None = None) -> Markup:
    """`text` (in `lang`), escaped, in a `lang` span when that is not the page's language
    (`language`, else the request's), so a screen reader reads it in its own (WCAG 3.1.2)."""
    if lang == (language or current_language()):
        return escape(text)
    return Markup('<span lang="%s">%s</span>') % (lang, text)


def shown(record, field: str = "title") -> Markup:
    """`shown_text`, marked `lang="…"` when it fell back to the other language."""
    return marked(*getattr(record, f"localized_{field}")(current_language()))


def as_written(text) -> Markup:
    """A text kept in one language only (an address, a recorded value), marked with the
    language its letters say when that is not the page's (WCAG 3.1.2)."""
    text = "" if text is None else str(text)
    return marked(text, written_in(text, current_language()))


def calendar_name(language: str) -> str:
    """The calendar's configured name in `language` (CALENDAR_NAME_RU for Russian)."""
    config = current_app.config
    return config["CALENDAR_NAME_RU"] if language == "ru" else config["CALENDAR_NAME"]


def init_app(app) -> None:
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
    for name, fn in DATE_FILTERS.items():
        app.add_template_filter(_date_filter(fn), name)
    app.add_template_filter(kind_label, "kind_label")
    app.add_template_filter(status_label, "status_label")
    app.add_template_filter(visibility_label, "visibility_label")
    app.add_template_filter(shown, "shown")
    app.add_template_filter(shown_text, "shown_text")
    app.add_template_filter(as_written, "as_written")

    @app.context_processor
    def languages() -> dict:
        language = current_language()
        return {
            "current_language": language,
            "languages": LOCALES,
            "kind_label": kind_label,
            "status_label": status_label,
            **localized(DATE_FUNCTIONS, language),
            "calendar_name": calendar_name(language),
        }
