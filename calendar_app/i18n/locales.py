"""Which language a page is in (pure): the switcher's cookie, then the signed-in user's
preference, then the browser's Accept-Language, then the configured default."""

from __future__ import annotations

# The interface's languages, each named in itself (as a switcher names them).
LOCALES = {"en": "English", "ru": "Русский"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def supported(code: str | None) -> str | None:
    """'ru', 'ru-RU' or 'RU_ru' → 'ru'; None for a language the interface does not have."""
    if not code:
        return None
    language = code.replace("_", "-").split("-")[0].strip().lower()
    return language if language in LOCALES else None


def choose_locale(
    cookie: str | None, account: str | None, accepted: str | None, default: str
) -> str:
    """The first of: the language chosen with the switcher (cookie), the account's
    preference, the browser's best supported language, the configured default."""
    for candidate in (cookie, account, accepted):
        language = supported(candidate)
        if language:
            return language
    return default
