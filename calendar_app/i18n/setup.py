"""Flask-Babel bound to the app: the locale selector and what templates see of it."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import get_locale
from flask_login import current_user

from ..extensions import babel
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


def calendar_name(language: str) -> str:
    """The calendar's configured name in `language` (CALENDAR_NAME_RU for Russian)."""
    config = current_app.config
    return config["CALENDAR_NAME_RU"] if language == "ru" else config["CALENDAR_NAME"]


def init_app(app) -> None:
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )

    @app.context_processor
    def languages() -> dict:
        language = current_language()
        return {
            "current_language": language,
            "languages": LOCALES,
            "calendar_name": calendar_name(language),
        }
