"""Repeat rules (RFC 5545 RRULE) of a series: read, checked, written, put in words and
expanded into occurrences. Pure: plain values in, plain values out.

Expansion is python-dateutil's rrule, walked over the event's own wall clock (naive
local times, then placed in its zone with zoneinfo), so 09:00 in New York stays 09:00
across its DST change and Almaty's series keep their local time across 2024-03-01.
A timed series' UNTIL is an instant (UTC), an all-day series' UNTIL a date: what
dateutil, libical and ical.js all accept.

Occurrences are keyed by their original start ("recurrence id"): the UTC instant of a
timed occurrence, the date of an all-day one (kept at UTC midnight where an instant is
needed, as all-day events are stored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, weekday

from .text import N_, Message
from .timezones import zone

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_DATEUTIL_FREQ = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
_UNIT = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}

# More occurrences than a person can check in a list; Outlook stops at 999.
MAX_OCCURRENCES = 1_000
MAX_INTERVAL = 999
MAX_LIST = 31  # values in one BYxxx part (31 days of a month)
SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
KNOWN_PARTS = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"}
)
# How far a BYDAY ordinal ("-1FR", "2MO") may reach in each frequency (RFC 5545 3.3.10).
ORDINAL_REACH = {"MONTHLY": 5, "YEARLY": 53}
PROBE_YEARS = 400  # the Gregorian calendar repeats itself every 400 years
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}

_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(?:T(\d{6})(Z)?)?$")


class RuleError(ValueError):
    """The rule cannot be used; the message says why, for a person (`message`: a marked
    string or a domain.text.Message, for the boundary to translate)."""

    @property
    def message(self) -> str:
        return self.args[0] if self.args else ""


_SUB_DAILY_MESSAGES = {
    "SECONDLY": N_("It repeats secondly: only daily or coarser repeats are kept."),
    "MINUTELY": N_("It repeats minutely: only daily or coarser repeats are kept."),
    "HOURLY": N_("It repeats hourly: only daily or coarser repeats are kept."),
}


@dataclass(frozen=True)
class Rule:
    """One RRULE. `byday` holds (ordinal, weekday) pairs, ordinal 0 for "every";
    `until` is a date (all-day series), an aware UTC instant (timed), or, as read from a
    file, a naive local time that `normalized` places in the event's zone."""

    freq: str
    interval: int = 1
    byday: tuple[tuple[int, str], ...] = ()
    bymonthday: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    bysetpos: tuple[int, ...] = ()
    count: int | None = None
    until: date | datetime | None = None
    wkst: str = "MO"

    @property
    def bounded(self) -> bool:
        return self.count is not None or self.until is not None


@dataclass(frozen=True)
class Series:
    """What expansion needs of a series: its rule, its first occurrence (a date for an
    all-day series, an aware instant otherwise), how long each occurrence lasts (whole days,
    inclusive of the first, for all-day), its zone and its excluded occurrences."""

    rule: Rule
    first: date | datetime
    duration: timedelta
    timezone: str
    all_day: bool = False
    exdates: frozenset = frozenset()  # recurrence ids (dates or aware UTC instants)


# -- reading and writing ---------------------------------------------------------------


def parse_rule(text: str) -> Rule:
    """A Rule from RRULE text ("FREQ=WEEKLY;BYDAY=MO,TH" or "RRULE:FREQ=…"); RuleError
    names what cannot be used."""
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise RuleError(N_("The repeat rule is empty."))
    parts: dict[str, str] = {}
    for item in text.split(";"):
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        if not sep or not name or not value.strip():
            raise RuleError(
                Message(
                    N_("The repeat rule has a part that cannot be read: %(part)s."), part=repr(item)
                )
            )
        if name in parts:
            raise RuleError(Message(N_("The repeat rule gives %(name)s twice."), name=name))
        parts[name] = value.strip().upper()
    return _rule_from_parts(parts)


def _rule_from_parts(parts: dict[str, str]) -> Rule:
    freq = parts.get("FREQ")
    if freq in SUB_DAILY:
        raise RuleError(_SUB_DAILY_MESSAGES[freq])
    if freq not in FREQUENCIES:
        raise RuleError(N_("The repeat rule needs a frequency: daily, weekly, monthly or yearly."))
    times = [name for name in TIME_PARTS if name in parts]
    if times:
        raise RuleError(
            Message(N_("The repeat rule sets times of day (%(parts)s)."), parts=", ".join(times))
        )
    unknown = sorted(set(parts) - KNOWN_PARTS)
    if unknown:
        raise RuleError(
            Message(
                N_("The repeat rule has parts we do not keep (%(parts)s)."),
                parts=", ".join(unknown),
            )
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError(N_("A repeat rule ends either after a number of times or on a date."))
    interval = _number(parts, "INTERVAL", 1)
    if not 1 <= interval <= MAX_INTERVAL:
        raise RuleError(Message(N_("Repeat every 1 to %(limit)s periods."), limit=MAX_INTERVAL))
    count = _number(parts, "COUNT", None)
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise RuleError(
            Message(N_("A series has 1 to %(limit)s occurrences."), limit=MAX_OCCURRENCES)
        )
    wkst = parts.get("WKST", "MO")
    if wkst not in WEEKDAYS:
        raise RuleError(N_("The repeat rule's week start (WKST) is not a weekday."))
    rule = Rule(
        freq=freq,
        interval=interval,
        byday=tuple(_weekday(value, freq) for value in _list(parts, "BYDAY")),
        bymonthday=_numbers(parts, "BYMONTHDAY", 31),
        bymonth=_numbers(parts, "BYMONTH", 12, negative=False),
        bysetpos=_numbers(parts, "BYSETPOS", 366),
        count=count,
        until=_until(parts["UNTIL"]) if "UNTIL" in parts else None,
        wkst=wkst,
    )
    if rule.bysetpos and not (rule.byday or rule.bymonthday):
        raise RuleError(N_("BYSETPOS picks among the days a rule lists: give BYDAY or BYMONTHDAY."))
    if rule.freq == "WEEKLY" and rule.bysetpos:
        return _weekly_positions_resolved(rule)
    return rule


def _weekly_positions_resolved(rule: Rule) -> Rule:
    """A weekly rule's BYSETPOS picks the same weekdays every week, so it is kept as
    those weekdays (FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=2 is BYDAY=TU). Readers disagree on
    the positions in a first week that starts mid-week (dateutil counts from DTSTART,
    RFC 5545 from WKST); the plain BYDAY form means the same to all of them."""
    if rule.bymonthday or rule.bymonth:
        raise RuleError(
            N_("A weekly rule picks positions (BYSETPOS) only among weekdays: list the weekdays.")
        )
    start = WEEKDAYS.index(rule.wkst)
    week = WEEKDAYS[start:] + WEEKDAYS[:start]
    days = sorted({day for _, day in rule.byday}, key=week.index)
    picked = {days[p - 1] if p > 0 else days[p] for p in rule.bysetpos if 0 < abs(p) <= len(days)}
    if not picked:
        raise RuleError(N_("The repeat rule's BYSETPOS picks none of the weekdays it lists."))
    return replace(rule, byday=tuple((0, day) for day in WEEKDAYS if day in picked), bysetpos=())


def _list(parts: dict[str, str], name: str) -> list[str]:
    values = [value.strip() for value in parts.get(name, "").split(",") if value.strip()]
    if len(values) > MAX_LIST:
        raise RuleError(
            Message(
                N_("The repeat rule's %(name)s lists more than %(limit)s values."),
                name=name,
                limit=MAX_LIST,
            )
        )
    if len(set(values)) != len(values):
        raise RuleError(Message(N_("The repeat rule's %(name)s lists a value twice."), name=name))
    return values


def _number(parts: dict[str, str], name: str, default):
    if name not in parts:
        return default
    try:
        return int(parts[name])
    except ValueError:
        raise RuleError(
            Message(N_("The repeat rule's %(name)s is not a number."), name=name)
        ) from None


def _numbers(parts, name: str, limit: int, negative: bool = True) -> tuple[int, ...]:
    values = []
    for text in _list(parts, name):
        try:
            value = int(text)
        except ValueError:
            raise RuleError(
                Message(
                    N_("The repeat rule's %(name)s holds %(value)s, not a number."),
                    name=name,
                    value=repr(text),
                )
            ) from None
        low = -limit if negative else 1
        if not (low <= value <= limit) or value == 0:
            raise RuleError(
                Message(
                    N_("The repeat rule's %(name)s holds %(value)s, outside ±1…%(limit)s."),
                    name=name,
                    value=value,
                    limit=limit,
                )
            )
        values.append(value)
    return tuple(values)


def _weekday(text: str, freq: str) -> tuple[int, str]:
    match = _BYDAY.match(text)
    if not match:
        raise RuleError(
            Message(N_("The repeat rule's BYDAY holds %(value)s, not a weekday."), value=repr(text))
        )
    ordinal = int(match.group(1)) if match.group(1) else 0
    reach = ORDINAL_REACH.get(freq, 0)
    if match.group(1) and (ordinal == 0 or abs(ordinal) > reach):
        raise RuleError(
            Message(
                N_("The repeat rule's BYDAY holds %(value)s, which a %(freq)s rule cannot use."),
                value=text,
                freq=freq,
            )
        )
    return ordinal, match.group(2)


def _until(text: str) -> date | datetime:
    match = _UNTIL.match(text)
    if not match:
        raise RuleError(N_("The repeat rule's end date (UNTIL) cannot be read."))
    day_text, clock, utc = match.groups()
    try:
        day = datetime.strptime(day_text, "%Y%m%d").date()
        if clock is None:
            return day
        moment = datetime.combine(day, datetime.strptime(clock, "%H%M%S").time())
    except ValueError:
        raise RuleError(N_("The repeat rule's end date (UNTIL) is not a real date.")) from None
    return moment.replace(tzinfo=UTC) if utc else moment


def format_rule(rule: Rule) -> str:
    """The rule as RRULE text, its parts always in one order (byte-stable feeds)."""
    parts = [f"FREQ={rule.freq}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    if rule.until is not None:
        parts.append("UNTIL=" + _until_text(rule.until))
    if rule.byday:
        parts.append("BYDAY=" + ",".join(f"{n or ''}{day}" for n, day in rule.byday))
    for name, values in (
        ("BYMONTHDAY", rule.bymonthday),
        ("BYMONTH", rule.bymonth),
        ("BYSETPOS", rule.bysetpos),
    ):
        if values:
            parts.append(f"{name}=" + ",".join(str(v) for v in values))
    if rule.wkst != "MO":
        parts.append(f"WKST={rule.wkst}")
    return ";".join(parts)


def _until_text(until: date | datetime) -> str:
    if isinstance(until, datetime):
        if until.tzinfo is None:
            return until.strftime("%Y%m%dT%H%M%S")
        return until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return until.strftime("%Y%m%d")


def normalized(rule: Rule, all_day: bool, timezone: str) -> Rule:
    """The rule as we store and write it: an all-day series' UNTIL a date, a timed one's
    an instant in UTC (a date means the end of that day in the event's zone; a naive
    time, that wall clock in the zone)."""
    until = rule.until
    if until is None:
        return rule
    if all_day:
        if isinstance(until, datetime):
            if until.tzinfo is not None:
                until = until.astimezone(zone(timezone))
            until = until.date()
        return replace(rule, until=until)
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    if until.tzinfo is None:
        until = until.replace(tzinfo=zone(timezone))
    return replace(rule, until=until.astimezone(UTC).replace(microsecond=0))


# -- expansion -------------------------------------------------------------------------


def _local_start(series: Series) -> datetime:
    if series.all_day:
        return datetime.combine(series.first, time())
    return series.first.astimezone(zone(series.timezone)).replace(tzinfo=None)


def _months(low: datetime, start: datetime) -> int:
    return (low.year - start.year) * 12 + low.month - start.month


def _shifted(start: datetime, months: int) -> datetime:
    """`start` moved by whole months, its day kept where that month has it (else the
    month's last day: still inside the same period, before any occurrence asked for)."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return start.replace(year=year, month=month, day=min(start.day, last))


def _near(rule: Rule, start: datetime, low: datetime) -> datetime:
    """A later start for walking the rule, a whole number of its periods after `start`
    and at least a period before `low`: the occurrences from `low` on are the same, and
    dateutil need not walk every period since the series began. Only for rules without
    COUNT (which counts from the first occurrence)."""
    if rule.count is not None or low <= start:
        return start
    days = (low.date() - start.date()).days
    if rule.freq == "DAILY":
        return start + timedelta(days=max(days // rule.interval - 1, 0) * rule.interval)
    if rule.freq == "WEEKLY":
        weeks = max(days // 7 // rule.interval - 1, 0) * rule.interval
        return start + timedelta(weeks=weeks)
    months = _months(low, start) if rule.freq == "MONTHLY" else (low.year - start.year) * 12
    step = rule.interval * (1 if rule.freq == "MONTHLY" else 12)
    return _shifted(start, max(months // step - 1, 0) * step)


def _dateutil_rule(
    series: Series,
    rule: Rule | None = None,
    unbounded: bool = False,
    near: datetime | None = None,
) -> rrule:
    """dateutil's rrule of the series, over its local wall clock. With `near` (a local
    time) the walk starts a period or so before it (see _near); the days the rule takes
    from its first occurrence (weekday, day of month, month) are then given explicitly."""
    rule = rule or series.rule
    until = None if unbounded else rule.until
    if until is not None:
        if series.all_day:
            day = until.date() if isinstance(until, datetime) else until
            until = datetime.combine(day, time())
        else:
            until = normalized(rule, False, series.timezone).until
            until = until.astimezone(zone(series.timezone)).replace(tzinfo=None)
    first = _local_start(series)
    byweekday = [weekday(WEEKDAYS.index(day), n or None) for n, day in rule.byday] or None
    bymonthday, bymonth = rule.bymonthday or None, rule.bymonth or None
    count = None if unbounded else rule.count
    if near is not None and count is not None and _last_local(series) is not None:
        # COUNT counts from the first occurrence: walked once to its last (kept), it ends
        # there like an UNTIL, and the walk may start near the window too.
        until, count = _last_local(series), None
        rule = replace(rule, count=None)
    start = first if near is None or unbounded else _near(rule, first, near)
    if start != first and not byweekday and not bymonthday:
        # What dateutil would take from the first occurrence (RFC 5545 3.3.10).
        if rule.freq == "WEEKLY":
            byweekday = [first.weekday()]
        elif rule.freq in ("MONTHLY", "YEARLY"):
            bymonthday = [first.day]
            if rule.freq == "YEARLY" and not bymonth:
                bymonth = [first.month]
    return rrule(
        _DATEUTIL_FREQ[rule.freq],
        dtstart=start,
        interval=rule.interval,
        wkst=WEEKDAYS.index(rule.wkst),
        count=count,
        until=until,
        byweekday=byweekday,
        bymonthday=bymonthday,
        bymonth=bymonth,
        bysetpos=rule.bysetpos or None,
        cache=False,
    )


@lru_cache(maxsize=4096)
def _last_local(series: Series) -> datetime | None:
    """The local start of a COUNT series' last occurrence (None: it has none)."""
    last = None
    for last in _dateutil_rule(series):  # noqa: B007  (the last one is wanted)
        pass
    return last


def _occurrence(series: Series, local: datetime) -> date | datetime:
    """An occurrence's key: its date (all-day) or its UTC instant (the wall clock placed
    in the zone; a time in a DST gap takes the offset before the gap, as RFC 5545 says)."""
    if series.all_day:
        return local.date()
    return local.replace(tzinfo=zone(series.timezone)).astimezone(UTC)


def span_of(series: Series, start: date | datetime) -> tuple[datetime, datetime]:
    """An occurrence's [start, end) as UTC instants (all-day: at UTC midnight)."""
    if series.all_day:
        first = datetime.combine(start, time(), tzinfo=UTC)
        return first, first + series.duration
    return start, start + series.duration


def occurrences_between(
    series: Series, window_start: datetime, window_end: datetime, *, excluded: bool = False
) -> list[date | datetime]:
    """The occurrences whose span meets [window_start, window_end) (aware instants; all-day
    spans sit at UTC midnight, as they are stored), excluded dates left out unless asked.
    Only the window is walked, however long the series."""
    tz = UTC if series.all_day else zone(series.timezone)
    pad = series.duration + timedelta(days=2)
    low = (window_start - pad).astimezone(tz).replace(tzinfo=None)
    high = (window_end + timedelta(days=2)).astimezone(tz).replace(tzinfo=None)
    found = []
    for local in _dateutil_rule(series, near=low).between(low, high, inc=True):
        start = _occurrence(series, local)
        if not excluded and start in series.exdates:
            continue
        begins, ends = span_of(series, start)
        if begins < window_end and ends > window_start:
            found.append(start)
    return found


def all_occurrences(series: Series, limit: int = MAX_OCCURRENCES + 1) -> list[date | datetime]:
    """The series' occurrences from its first, at most `limit` (excluded ones included)."""
    return [_occurrence(series, local) for local in islice(_dateutil_rule(series), limit)]


def is_occurrence(series: Series, start: date | datetime) -> bool:
    """Whether the rule (excluded dates aside) has an occurrence starting at `start`."""
    begins, _ = span_of(series, start)
    return start in occurrences_between(
        series, begins, begins + timedelta(seconds=1), excluded=True
    )


def first_occurrence(series: Series) -> date | datetime | None:
    """The rule's first occurrence on or after the series' start (None: it has none)."""
    if not _surely_matches(series.rule) and not _matches_some_day(series):
        return None
    found = all_occurrences(series, limit=1)
    return found[0] if found else None


@dataclass(frozen=True)
class Extent:
    """Where a series lies: its first occurrence, the end of its last (None: no end) and
    how many occurrences it has (None: endless)."""

    first: date | datetime
    last_end: datetime | None
    count: int | None


def extent(series: Series) -> Extent:
    """The series' extent; RuleError when the rule yields nothing, ends before it starts
    or holds more than MAX_OCCURRENCES."""
    rule = series.rule
    if rule.until is not None and _until_day(rule.until, series) < _day(series.first):
        raise RuleError(N_("The series ends before its first occurrence: choose a later end date."))
    first = first_occurrence(series)
    if first is None:
        raise RuleError(N_("This repeat rule gives no occurrence: check its days and end."))
    if not rule.bounded:
        return Extent(first, None, None)
    found = all_occurrences(series)
    if len(found) > MAX_OCCURRENCES:
        raise RuleError(
            Message(
                N_(
                    "The series would have more than %(limit)s occurrences: "
                    "end it sooner, or choose “never” and let calendars repeat it."
                ),
                limit=MAX_OCCURRENCES,
            )
        )
    return Extent(first, span_of(series, found[-1])[1], len(found))


def _until_day(until: date | datetime, series: Series) -> date:
    if isinstance(until, datetime):
        if until.tzinfo is not None:
            until = until.astimezone(UTC if series.all_day else zone(series.timezone))
        return until.date()
    return until


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _surely_matches(rule: Rule) -> bool:
    """Shapes that match some day in every few periods whatever the start: the ones
    calendars write ("every 2 weeks on MO, WE", "the last Friday", "every 5 March")."""
    parts = {
        name
        for name, values in (
            ("BYDAY", rule.byday),
            ("BYMONTHDAY", rule.bymonthday),
            ("BYMONTH", rule.bymonth),
            ("BYSETPOS", rule.bysetpos),
        )
        if values
    }
    ordinals = [n for n, _ in rule.byday]
    if not parts or (rule.freq in ("DAILY", "WEEKLY") and parts == {"BYDAY"}):
        return True
    if rule.interval != 1:  # an interval can step over the only periods that match
        return False
    if rule.freq == "MONTHLY":
        if parts == {"BYMONTHDAY"}:
            return any(abs(day) <= 28 for day in rule.bymonthday)
        if parts == {"BYDAY"}:
            return any(abs(n) <= 4 for n in ordinals)
        if parts == {"BYDAY", "BYSETPOS"}:
            plain = [n for n in ordinals if n == 0]
            return bool(plain) and any(abs(p) <= 4 * len(plain) for p in rule.bysetpos)
    if rule.freq == "YEARLY" and parts == {"BYMONTH", "BYMONTHDAY"}:
        return any(abs(day) <= 28 for day in rule.bymonthday)
    if rule.freq == "YEARLY" and parts == {"BYMONTH", "BYDAY"}:
        return any(abs(n) <= 4 for n in ordinals)
    return False


def _matches_some_day(series: Series) -> bool:
    """Whether the rule (without COUNT and UNTIL) matches any day in the last 400-year
    cycle before 9999, from a start on the same date of that cycle: dateutil walks on to
    9999 when nothing matches, so the probe starts near the end of its range."""
    day = _day(series.first)
    base = 9999 - PROBE_YEARS + 1
    year = base + (day.year - base) % PROBE_YEARS
    probe = replace(series, first=date(year, day.month, day.day), all_day=True)
    try:
        return next(iter(_dateutil_rule(probe, unbounded=True)), None) is not None
    except (ValueError, OverflowError):
        return False


def occurrence_key(start: date | datetime) -> str:
    """An occurrence's recurrence id as it appears in an address: 20250106T070000Z or
    20250106 (all-day)."""
    if isinstance(start, datetime):
        return start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return start.strftime("%Y%m%d")


def parse_occurrence_key(text: str) -> date | datetime | None:
    """The recurrence id an address names, or None when it is not one."""
    try:
        if re.fullmatch(r"\d{8}T\d{6}Z", text):
            return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if re.fullmatch(r"\d{8}", text):
            return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None
    return None


def exdate_text(start: date | datetime) -> str:
    """How an excluded occurrence is stored (JSON): an ISO date or UTC instant."""
    if isinstance(start, datetime):
        return start.astimezone(UTC).isoformat()
    return start.isoformat()


def parse_exdate_text(text: str) -> date | datetime:
    if "T" in text:
        return datetime.fromisoformat(text).astimezone(UTC)
    return date.fromisoformat(text)


# -- in words --------------------------------------------------------------------------


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _long_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _every(rule: Rule) -> str:
    if rule.interval == 1:
        return {"DAILY": "Daily", "WEEKLY": "Weekly", "MONTHLY": "Monthly", "YEARLY": "Annually"}[
            rule.freq
        ]
    return f"Every {rule.interval} {_UNIT[rule.freq]}s"


def _weekday_words(byday) -> str:
    named = []
    for n, day in byday:
        name = WEEKDAY_NAMES[WEEKDAYS.index(day)]
        named.append(f"the {ORDINAL_WORDS.get(n, f'{n}th')} {name}" if n else name)
    return _and(named)


def _monthday_words(days) -> str:
    return _and(
        [f"day {d}" if d > 0 else ("the last day" if d == -1 else f"day {d}") for d in days]
    )


def language_of(locale) -> str:
    """'ru' of 'ru', 'ru_RU', 'ru-RU' or a babel Locale; 'en' for None."""
    return str(locale or "en").replace("-", "_").split("_")[0].lower()


def describe_rule(
    rule: Rule, first: date | datetime, timezone: str | None = None, locale=None
) -> str:
    """The rule in words, as Google and Outlook put it: "Every 2 weeks on Monday and
    Thursday, until 30 June 2025". `first` is the series' first occurrence; `locale` the
    language ('ru': «Каждые 2 недели по понедельникам и четвергам до 30 июня 2025 г.»,
    domain/rule_words.py; anything else: English)."""
    local = first
    if isinstance(first, datetime) and timezone:
        local = first.astimezone(zone(timezone))
    day = _day(local)
    until = rule.until
    if isinstance(until, datetime) and until.tzinfo is not None and timezone:
        until = until.astimezone(zone(timezone))
    if language_of(locale) == "ru":
        from . import rule_words  # its words need the Rule defined here

        return rule_words.describe(rule, day, None if until is None else _day(until))
    text = _every(rule)
    months = _and([MONTH_NAMES[m - 1] for m in rule.bymonth]) if rule.bymonth else ""
    if rule.freq == "WEEKLY":
        text += " on " + _weekday_words(rule.byday or [(0, WEEKDAYS[day.weekday()])])
    elif rule.freq == "DAILY" and rule.byday:
        text += " on " + _weekday_words(rule.byday)
    elif rule.freq == "MONTHLY":
        text += " on " + _month_part(rule, day)
    elif rule.freq == "YEARLY":
        if rule.byday or rule.bymonthday:
            text += " on " + _month_part(rule, day) + (f" of {months}" if months else "")
        else:
            month = months or MONTH_NAMES[day.month - 1]
            text += f" on {day.day} {month}"
    if rule.bysetpos:
        text += " (" + _and([ORDINAL_WORDS.get(p, str(p)) for p in rule.bysetpos]) + " of them)"
    if rule.count is not None:
        text += ", once" if rule.count == 1 else f", {rule.count} times"
    elif until is not None:
        text += ", until " + _long_date(_day(until))
    return text


def _month_part(rule: Rule, day: date) -> str:
    if rule.byday:
        return _weekday_words(rule.byday)
    if rule.bymonthday:
        return _monthday_words(rule.bymonthday)
    return f"day {day.day}"


def occurrence_span(series: Series, start: date | datetime) -> dict:
    """One occurrence's span as the Event model keeps it (its `span()` keywords): UTC
    instants (all-day: at UTC midnight, end exclusive) and inclusive local dates."""
    begins, ends = span_of(series, start)
    if series.all_day:
        first, last = start, start + series.duration - timedelta(days=1)
    else:
        tz = zone(series.timezone)
        first = begins.astimezone(tz).date()
        last = max(ends - timedelta(microseconds=1), begins).astimezone(tz).date()
    return {
        "all_day": series.all_day,
        "start_date": first,
        "end_date": last,
        "starts_at": begins,
        "ends_at": ends,
        "timezone": series.timezone,
    }


def recurrence_instant(start: date | datetime) -> datetime:
    """How a recurrence id is stored (Event.recurrence_id): all-day at UTC midnight."""
    if isinstance(start, datetime):
        return start.astimezone(UTC)
    return datetime.combine(start, time(), tzinfo=UTC)


def recurrence_key(instant: datetime, all_day: bool) -> date | datetime:
    """A stored recurrence id back as the occurrence's key."""
    return instant.astimezone(UTC).date() if all_day else instant.astimezone(UTC)


def follow_start(rule: Rule, old: date, new: date) -> Rule:
    """The same rule for a series whose occurrence moved from day `old` to day `new`: the
    day parts that named the old day name the new one ("weekly on Monday" moved to a
    Tuesday repeats on Tuesdays), as Google Calendar and Outlook do."""
    if old == new:
        return rule
    changes: dict = {}
    old_wd, new_wd = WEEKDAYS[old.weekday()], WEEKDAYS[new.weekday()]
    if rule.byday and rule.freq in ("DAILY", "WEEKLY"):
        days = [day for _, day in rule.byday]
        if old_wd in days and new_wd not in days:
            changes["byday"] = tuple((0, new_wd if day == old_wd else day) for day in days)
    elif rule.freq in ("MONTHLY", "YEARLY") and len(rule.byday) == 1:
        ordinal, day = rule.byday[0]
        if day == old_wd and ordinal:
            last = (new + timedelta(days=7)).month != new.month
            changes["byday"] = ((-1 if ordinal < 0 and last else (new.day - 1) // 7 + 1, new_wd),)
    if rule.bymonthday == (old.day,):
        changes["bymonthday"] = (new.day,)
    if rule.bymonth == (old.month,):
        changes["bymonth"] = (new.month,)
    return replace(rule, **changes)
