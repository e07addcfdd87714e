"""Country codes (ISO 3166-1 alpha-2) and their names: English from pycountry, other
languages from CLDR through Babel («Беларусь»), the English name where CLDR has none."""

import unicodedata
from functools import cache

import pycountry
from babel import Locale

# Where CLDR's name is not the one the member states use themselves (the Kyrgyz Republic
# calls itself Кыргызстан in Russian, as the CSTO's documents do).
PREFERRED_NAMES = {"ru": {"KG": "Кыргызстан"}}


@cache
def country_name(code: str, locale: str = "en") -> str:
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code.upper()
    english = getattr(country, "common_name", None) or country.name
    language = str(locale).replace("-", "_").split("_")[0].lower()
    if language == "en":
        return english
    preferred = PREFERRED_NAMES.get(language, {}).get(country.alpha_2)
    return preferred or Locale.parse(language).territories.get(country.alpha_2, english)


# Letters of their own in an alphabet that a decomposition would fold into another
# (Russian й is not и); ё sorts with е, as Russian dictionaries sort it.
_OWN_LETTERS = frozenset("й")


def name_key(name: str) -> str:
    """Sort key that ignores accents and case: 'Åland Islands' among the A's, 'Türkiye'
    before 'Turks and Caicos Islands', «Ёлкино» with the е's (the same for every locale)."""
    folded = name.casefold()
    key = []
    for ch in folded:
        if ch in _OWN_LETTERS:
            key.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        key.append("".join(part for part in decomposed if not unicodedata.combining(part)))
    return "".join(key)


@cache
def country_choices(locale: str = "en") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name (in `locale`), for select fields."""
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2, locale)) for c in pycountry.countries),
        key=lambda pair: (name_key(pair[1]), pair[1]),
    )


def in_language(label: str, locale: str) -> str:
    """A recorded "venue, city, Country" label with its country named in `locale`
    (history keeps labels in English: «Полигон, Минск, Belarus» → «…, Беларусь»)."""
    head, sep, last = label.rpartition(", ")
    code = _english_codes().get(last)
    if not sep or code is None:
        return label
    return f"{head}, {country_name(code, locale)}"


@cache
def _english_codes() -> dict[str, str]:
    return {country_name(c.alpha_2): c.alpha_2 for c in pycountry.countries}


def is_country_code(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None
