"""A repeat rule in Russian words, as a Russian calendar puts it: «Каждые 2 недели по
понедельникам и четвергам до 30 июня 2025 г.», «Ежемесячно во второй вторник»,
«Ежегодно 29 февраля», «Ежедневно, 5 раз». Pure: plain values in, a string out.

A sentence, not a template: its words change with the numbers (plural forms, from
Babel's CLDR rules), the weekdays (dative plural after «по», accusative with gender after
«в») and the months (genitive in dates, prepositional after «в»), which a catalogue of
fixed phrases cannot say. Dates come from Babel (babel.dates, CLDR's genitive months)."""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date, get_month_names

LANGUAGE = "ru"

_EVERY = {
    "DAILY": "Ежедневно",
    "WEEKLY": "Еженедельно",
    "MONTHLY": "Ежемесячно",
    "YEARLY": "Ежегодно",
}
# Accusative after «каждый»/«каждые»: one, few, many (CLDR's plural categories).
_UNITS = {
    "DAILY": ("день", "дня", "дней"),
    "WEEKLY": ("неделю", "недели", "недель"),
    "MONTHLY": ("месяц", "месяца", "месяцев"),
    "YEARLY": ("год", "года", "лет"),
}
_EACH_ONE = {"DAILY": "Каждый", "WEEKLY": "Каждую", "MONTHLY": "Каждый", "YEARLY": "Каждый"}
_TIMES = ("раз", "раза", "раз")

_GENDER = {"MO": "m", "TU": "m", "WE": "f", "TH": "m", "FR": "f", "SA": "f", "SU": "n"}
_ACCUSATIVE = {
    "MO": "понедельник", "TU": "вторник", "WE": "среду", "TH": "четверг",
    "FR": "пятницу", "SA": "субботу", "SU": "воскресенье",
}  # fmt: skip
_DATIVE_PLURAL = {
    "MO": "понедельникам", "TU": "вторникам", "WE": "средам", "TH": "четвергам",
    "FR": "пятницам", "SA": "субботам", "SU": "воскресеньям",
}  # fmt: skip
# Ordinal adjectives in the accusative, by the gender of the noun they go with
# (masculine inanimate: the same as the nominative).
_ORDINALS = {
    1: ("первый", "первую", "первое"),
    2: ("второй", "вторую", "второе"),
    3: ("третий", "третью", "третье"),
    4: ("четвёртый", "четвёртую", "четвёртое"),
    5: ("пятый", "пятую", "пятое"),
    -1: ("последний", "последнюю", "последнее"),
    -2: ("предпоследний", "предпоследнюю", "предпоследнее"),
}
_GENDERS = ("m", "f", "n")
_ENDINGS = ("-й", "-ю", "-е")
_PREPOSITIONAL_MONTHS = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip
DATE = "d MMMM y 'г'."  # 30 июня 2025 г. (genitive, as running text writes a date)


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """The form of a noun that goes with `n` (one, few, many), by CLDR's Russian rules:
    1 день, 2 дня, 5 дней, 21 день, 11 дней."""
    category = Locale.parse(LANGUAGE).plural_form(abs(n))
    return forms[{"one": 0, "few": 1, "many": 2}.get(category, 1)]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " и " + words[-1]


def _in(word: str) -> str:
    """«в» or «во» before a word: «во вторник», «во второй», «в среду»."""
    return ("во " if word.startswith("вт") else "в ") + word


def ordinal(n: int, gender: str = "m") -> str:
    """An ordinal in the accusative: «второй» (вторник), «последнюю» (пятницу), «20-ю»,
    «3-й с конца»."""
    index = _GENDERS.index(gender)
    if n in _ORDINALS:
        return _ORDINALS[n][index]
    if n > 0:
        return f"{n}{_ENDINGS[index]}"
    return f"{-n}{_ENDINGS[index]} с конца"


def _every(rule) -> str:
    if rule.interval == 1:
        return _EVERY[rule.freq]
    forms = _UNITS[rule.freq]
    unit = plural(rule.interval, forms)
    each = _EACH_ONE[rule.freq] if unit == forms[0] else "Каждые"
    return f"{each} {rule.interval} {unit}"


def _weekdays(byday) -> str:
    """«по понедельникам и четвергам», «во второй вторник», «в последнюю пятницу»."""
    plain = [_DATIVE_PLURAL[day] for n, day in byday if not n]
    nth = [_in(f"{ordinal(n, _GENDER[day])} {_ACCUSATIVE[day]}") for n, day in byday if n]
    parts = (["по " + _and(plain)] if plain else []) + nth
    return _and(parts)


def _monthdays(days) -> str:
    """«1-го и 15-го числа», «в последний день месяца»."""
    parts = []
    numbered = [f"{d}-го" for d in days if d > 0]
    if numbered:
        parts.append(_and(numbered) + " числа")
    parts += [_in(f"{ordinal(d)} день месяца") for d in days if d < 0]
    return _and(parts)


def _month_part(rule, day: date) -> str:
    if rule.byday:
        return _weekdays(rule.byday)
    if rule.bymonthday:
        return _monthdays(rule.bymonthday)
    return f"{day.day}-го числа"


def _genitive_months(months) -> list[str]:
    names = get_month_names("wide", context="format", locale=LANGUAGE)
    return [names[m] for m in months]


def _setpos(positions) -> str:
    words = []
    for p in positions:
        words.append(ordinal(p) if p in _ORDINALS else (f"{p}-й" if p > 0 else f"{-p}-й с конца"))
    return f" (из этих дней — {_and(words)})"


def describe(rule, day: date, until: date | None) -> str:
    """`rule` (a recurrence.Rule) in Russian; `day` is the first occurrence's local date,
    `until` the last day it may happen (None: no end date)."""
    text = _every(rule)
    if rule.freq == "WEEKLY":
        text += " " + _weekdays(rule.byday or [(0, _weekday_code(day))])
    elif rule.freq == "DAILY" and rule.byday:
        text += " " + _weekdays(rule.byday)
    elif rule.freq == "MONTHLY":
        text += " " + _month_part(rule, day)
    elif rule.freq == "YEARLY":
        if rule.byday or rule.bymonthday:
            text += " " + _month_part(rule, day)
            if rule.bymonth:
                if rule.byday and all(n for n, _ in rule.byday):
                    text += " " + _and(_genitive_months(rule.bymonth))  # последнюю пятницу марта
                else:
                    text += " в " + _and([_PREPOSITIONAL_MONTHS[m - 1] for m in rule.bymonth])
        else:
            months = rule.bymonth or (day.month,)
            text += " " + _and([f"{day.day} {name}" for name in _genitive_months(months)])
    if rule.bysetpos:
        text += _setpos(rule.bysetpos)
    if rule.count is not None:
        text += ", один раз" if rule.count == 1 else f", {rule.count} {plural(rule.count, _TIMES)}"
    elif until is not None:
        text += " до " + format_date(until, DATE, locale=LANGUAGE)
    return text


def _weekday_code(day: date) -> str:
    return ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
