"""Country codes (ISO 3166-1 alpha-2) and their names: English from pycountry, other
languages from CLDR through Babel («Беларусь»), the English name where CLDR has none."""

import unicodedata
from functools import cache

import pycountry
from babel import Locale


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
    return Locale.parse(language).territories.get(country.alpha_2, english)


def name_key(name: str) -> str:
    """Sort key that ignores accents and case: 'Åland Islands' among the A's, 'Türkiye'
    before 'Turks and Caicos Islands' (the same for every locale)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@cache
def country_choices(locale: str = "en") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name (in `locale`), for select fields."""
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2, locale)) for c in pycountry.countries),
        key=lambda pair: (name_key(pair[1]), pair[1]),
    )


def is_country_code(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None
