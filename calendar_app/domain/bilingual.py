"""Which language of a bilingual text to show: the viewer's, else the other one.

Events, forces and locations keep their English text in the main field (`title`,
`name`, `city`, `description`) and an optional Russian one in `*_ru`. `localized`
returns the text to show and the language it is in, so a page can mark fallback
content with `lang="en"` / `lang="ru"` (WCAG 3.1.2, language of parts)."""

from __future__ import annotations

PRIMARY = "en"
RUSSIAN = "ru"


def written_in(text: str | None, default: str) -> str:
    """The language a free text with no twin in the other language (participants, a
    reason, a recorded value) is written in, by its letters: "ru" for mostly Cyrillic,
    "en" for mostly Latin, else `default` (digits, dashes, nothing)."""
    cyrillic = sum(1 for ch in text or "" if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text or "" if ch.isascii() and ch.isalpha())
    if cyrillic == latin:
        return default
    return RUSSIAN if cyrillic > latin else PRIMARY


def localized(primary: str | None, russian: str | None, language: str | None) -> tuple[str, str]:
    """(text, lang): the viewer's language when it has text, else the other language.

    `language` is a locale such as "ru", "ru_RU" or "en"; anything not Russian reads
    English first. Blank (whitespace-only) text counts as missing. When both are
    missing, ("", viewer's language) is returned."""
    english = (primary or "").strip()
    russian_text = (russian or "").strip()
    wants_russian = (language or "").lower().replace("-", "_").split("_")[0] == RUSSIAN
    if wants_russian:
        if russian_text:
            return russian or "", RUSSIAN
        if english:
            return primary or "", PRIMARY
        return "", RUSSIAN
    if english:
        return primary or "", PRIMARY
    if russian_text:
        return russian or "", RUSSIAN
    return "", PRIMARY
