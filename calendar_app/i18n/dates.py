"""Dates and times in the interface's language, through Babel (pure: no Flask).

Every page writes a date one of a few ways, each a CLDR pattern of the language: month
headings stand alone («Сентябрь 2023», "LLLL y"), dates in running text take the
genitive («1 сентября 2023 г.», "d MMMM y"), weekdays abbreviate as CLDR says («Пн»),
times have 24 hours. English keeps the day-first style the pages always had
("Friday 1 September 2023", "7 Sep 2023 14:05")."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel.dates import format_date, format_time, get_day_names, get_month_names

# Per language: the patterns of each way a date is written. Names of months and days
# come from CLDR through Babel; only the order of the parts is chosen here.
PATTERNS = {
    "en": {
        "weekday_date": "EEEE d MMMM y",  # Friday 1 September 2023
        "date": "d MMMM y",  # 1 September 2023
        "day_month": "d MMMM",  # 1 September
        "short_date": "d MMM y",  # 1 Sep 2023
        "short_day_month": "d MMM",  # 1 Sep
        "date_time": "{date}, {time}",
        "short_date_time": "{date} {time}",
    },
    "ru": {
        "weekday_date": "EEEE, d MMMM y 'г'.",  # пятница, 1 сентября 2023 г.
        "date": "d MMMM y 'г'.",  # 1 сентября 2023 г.
        "day_month": "d MMMM",  # 1 сентября
        "short_date": "d MMM y 'г'.",  # 1 сент. 2023 г.
        "short_day_month": "d MMM",  # 1 сент.
        "date_time": "{date}, {time}",
        "short_date_time": "{date}, {time}",
    },
}
MONTH_YEAR = "LLLL y"  # stand-alone month: «Сентябрь 2023», not «сентября»
TIME = "HH:mm"  # 24 hours in every language


def _patterns(locale: str) -> dict[str, str]:
    return PATTERNS.get(str(locale).split("_")[0], PATTERNS["en"])


def _date_in(day: date, pattern: str, locale) -> str:
    """`day` (or a moment's date: Babel reads only its date) in `pattern`."""
    if day is None:  # Babel's today, as before
        return format_date(None, pattern, locale=locale)
    return _formatted(day.date() if isinstance(day, datetime) else day, pattern, locale)


@lru_cache(maxsize=4096)
def _formatted(day: date, pattern: str, locale) -> str:
    # A month page writes the same few dozen days thousands of times (lists, accessible
    # names, tooltips); Babel's formatting is what those would cost.
    return format_date(day, pattern, locale=locale)


def _capital(text: str) -> str:
    """The first letter upper case, the rest as CLDR gives it (headings)."""
    return text[:1].upper() + text[1:]


def month_title(day: date, locale: str = "en") -> str:
    """The heading of a month: 'September 2023', «Сентябрь 2023»."""
    return _capital(_date_in(day, MONTH_YEAR, locale))


def month_name(month: int, locale: str = "en") -> str:
    """A month on its own (a picker's option): 'September', «Сентябрь»."""
    return _capital(get_month_names("wide", context="stand-alone", locale=locale)[month])


def weekday_date(day: date, locale: str = "en") -> str:
    """A day in running text: 'Friday 1 September 2023', «пятница, 1 сентября 2023 г.»."""
    return _date_in(day, _patterns(locale)["weekday_date"], locale)


def day_title(day: date, locale: str = "en") -> str:
    """A day as a heading: 'Friday 1 September 2023', «Пятница, 1 сентября 2023 г.»."""
    return _capital(weekday_date(day, locale))


def date_text(day: date, locale: str = "en") -> str:
    """A date in running text (genitive): '1 September 2023', «1 сентября 2023 г.»."""
    return _date_in(day, _patterns(locale)["date"], locale)


def day_month(day: date, locale: str = "en") -> str:
    """'1 September', «1 сентября»."""
    return _date_in(day, _patterns(locale)["day_month"], locale)


def day_number(day: date, locale: str = "en") -> str:
    return _date_in(day, "d", locale)


def short_date_text(day: date, locale: str = "en") -> str:
    """'7 Sep 2023', «7 сент. 2023 г.»: tables and histories."""
    return _date_in(day, _patterns(locale)["short_date"], locale)


def short_day_month(day: date, locale: str = "en") -> str:
    """'7 Sep', «7 сент.»."""
    return _date_in(day, _patterns(locale)["short_day_month"], locale)


def time_text(moment: time | datetime, locale: str = "en") -> str:
    """'14:05': the clock time of a moment (already in the zone shown), 24 hours."""
    if moment is None:  # Babel's now, as before
        return format_time(None, TIME, locale=locale)
    return _clock(moment.hour, moment.minute, locale)


@lru_cache(maxsize=24 * 60 * 4)
def _clock(hour: int, minute: int, locale) -> str:
    # TIME shows hours and minutes only, so they and the language are all it depends on:
    # a month page asks for thousands of times, of at most 1,440 texts.
    return format_time(time(hour, minute), TIME, locale=locale)


def date_time_text(moment: datetime, locale: str = "en") -> str:
    """'5 September 2023, 14:05', «5 сентября 2023 г., 14:05»."""
    return _patterns(locale)["date_time"].format(
        date=date_text(moment, locale), time=time_text(moment, locale)
    )


def short_moment(moment: datetime, locale: str = "en") -> str:
    """'7 Sep 2023 14:05', «7 сент. 2023 г., 14:05»."""
    return _patterns(locale)["short_date_time"].format(
        date=short_date_text(moment, locale), time=time_text(moment, locale)
    )


def moment_in_zone(moment: datetime, zone_name: str, locale: str = "en") -> str:
    """A moment with the zone it is told in: '5 September 2023, 14:05 (Europe/Moscow)'."""
    return f"{date_time_text(moment, locale)} ({zone_name})"


def weekday_abbr(weekday: int, locale: str = "en") -> str:
    """A grid's column heading: 'Mon', «Пн» (0 = Monday, as Python's weekday())."""
    return _capital(get_day_names("abbreviated", context="stand-alone", locale=locale)[weekday])


def weekday_name(weekday: int, locale: str = "en") -> str:
    """'Monday', «Понедельник» (what a heading's abbreviation stands for)."""
    return _capital(get_day_names("wide", context="stand-alone", locale=locale)[weekday])


def weekday_names(weekdays, locale: str = "en") -> list[tuple[str, str]]:
    """(abbreviation, full name) of each weekday index, in the order given (the grid's
    columns, starting on CALENDAR_FIRST_WEEKDAY)."""
    return [(weekday_abbr(day, locale), weekday_name(day, locale)) for day in weekdays]
