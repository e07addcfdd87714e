"""The form's "Repeats" choice, as Google Calendar and Outlook offer it, to and from an
RRULE. Pure: plain values in, plain values out.

The shapes: does not repeat · daily · weekly on chosen weekdays · monthly on day N ·
monthly on the Nth (or last) weekday · yearly · custom (every N days, weeks, months or
years; weeks on chosen weekdays, months on a day or a weekday), each ending never, after
N occurrences or on a date. A rule of another shape (an imported one, say) is "kept":
the form offers to keep it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from .recurrence import WEEKDAYS, Rule, RuleError, format_rule, parse_rule
from .text import N_, Message
from .timezones import zone

KINDS = ("none", "daily", "weekly", "monthly_day", "monthly_weekday", "yearly", "custom", "kept")
UNITS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ENDS = ("never", "count", "until")
ORDINALS = (1, 2, 3, 4, -1)
MONTH_BY = ("day", "weekday")
_SIMPLE = {"daily": "DAILY", "weekly": "WEEKLY", "yearly": "YEARLY"}


@dataclass(frozen=True)
class RepeatChoice:
    """What the Repeats control says. Fields a kind does not use keep their defaults."""

    kind: str = "none"
    interval: int = 1  # custom only
    unit: str = "WEEKLY"  # custom only
    weekdays: tuple[str, ...] = ()  # weekly, custom weeks
    month_by: str = "day"  # custom months: "day" (day N) or "weekday" (Nth weekday)
    monthday: int | None = None  # monthly on day N
    ordinal: int | None = None  # monthly on the Nth weekday: 1-4, -1 for the last
    weekday: str | None = None
    ends: str = "never"
    count: int | None = None
    until: date | None = None  # the last day, in the event's zone
    kept: str = ""  # a rule of no shape above, kept as its RRULE text


def start_defaults(start: date) -> dict:
    """What a choice takes from the start date when left empty: its weekday, its day of
    the month, and which of that weekday in the month it is (the last one, past the 4th)."""
    nth = (start.day - 1) // 7 + 1
    return {
        "weekdays": (WEEKDAYS[start.weekday()],),
        "monthday": start.day,
        "ordinal": nth if nth <= 4 else -1,
        "weekday": WEEKDAYS[start.weekday()],
    }


def _month_part(choice: RepeatChoice, defaults: dict) -> dict:
    if choice.kind == "monthly_weekday" or (
        choice.kind == "custom" and choice.month_by == "weekday"
    ):
        ordinal = choice.ordinal or defaults["ordinal"]
        return {"byday": ((ordinal, choice.weekday or defaults["weekday"]),)}
    return {"bymonthday": (choice.monthday or defaults["monthday"],)}


def rule_from_choice(choice: RepeatChoice, start: date) -> Rule | None:
    """The Rule the choice means for a series starting on `start` (None: no repeat).
    UNTIL stays a date: the rules place it at the end of that day in the event's zone."""
    if choice.kind == "none":
        return None
    if choice.kind == "kept":
        return parse_rule(choice.kept)
    defaults = start_defaults(start)
    freq = choice.unit if choice.kind == "custom" else _SIMPLE.get(choice.kind, "MONTHLY")
    interval = choice.interval if choice.kind == "custom" else 1
    parts: dict = {}
    if freq == "WEEKLY":
        days = choice.weekdays or defaults["weekdays"]
        parts["byday"] = tuple((0, day) for day in WEEKDAYS if day in days)
    elif freq == "MONTHLY":
        parts = _month_part(choice, defaults)
    return Rule(
        freq=freq,
        interval=interval,
        count=choice.count if choice.ends == "count" else None,
        until=choice.until if choice.ends == "until" else None,
        **parts,
    )


def rule_text(choice: RepeatChoice, start: date) -> str | None:
    rule = rule_from_choice(choice, start)
    return None if rule is None else format_rule(rule)


def _ends(rule: Rule, timezone: str | None) -> dict:
    if rule.count is not None:
        return {"ends": "count", "count": rule.count}
    if rule.until is None:
        return {"ends": "never"}
    until = rule.until
    if isinstance(until, datetime):
        if until.tzinfo is not None:
            until = until.astimezone(zone(timezone) if timezone else UTC)
        until = until.date()
    return {"ends": "until", "until": until}


def _plain(rule: Rule) -> bool:
    return not (rule.bymonth or rule.bysetpos) and rule.wkst == "MO"


def choice_from_rule(text: str | None, start: date, timezone: str | None = None) -> RepeatChoice:
    """The choice that shows a stored rule (`start`: the series' first day, `timezone`:
    its zone, for a timed series' UNTIL instant). A shape the control has no words for
    is kept as it is."""
    if not text:
        return RepeatChoice()
    try:
        rule = parse_rule(text)
    except RuleError:
        return RepeatChoice(kind="kept", kept=text)
    kept = RepeatChoice(kind="kept", kept=format_rule(rule))
    shape = _shape(rule) if _plain(rule) else None
    if shape is None:
        return kept
    ends = _ends(rule, timezone)
    defaults = start_defaults(start)
    if rule.interval == 1 and shape["unit"] != "MONTHLY":
        kind = {"DAILY": "daily", "WEEKLY": "weekly", "YEARLY": "yearly"}[shape["unit"]]
        if kind == "weekly":
            return RepeatChoice(kind=kind, weekdays=shape["weekdays"], **ends)
        return RepeatChoice(kind=kind, **ends)
    if rule.interval == 1:
        kind = "monthly_weekday" if shape["month_by"] == "weekday" else "monthly_day"
    else:
        kind = "custom"
    values = {
        "kind": kind,
        "interval": rule.interval if kind == "custom" else 1,
        "unit": shape["unit"] if kind == "custom" else "WEEKLY",
        "weekdays": shape["weekdays"],
        **ends,
    }
    if shape["unit"] == "MONTHLY":
        values["month_by"] = shape["month_by"]
        if shape["month_by"] == "weekday":
            values.update(ordinal=shape["ordinal"], weekday=shape["weekday"])
        else:
            values["monthday"] = shape["monthday"] or defaults["monthday"]
    return RepeatChoice(**values)


def _shape(rule: Rule) -> dict | None:
    """The unit and day parts of a rule the control can show, or None."""
    shape = {"unit": rule.freq, "weekdays": (), "month_by": "day", "monthday": None}
    if rule.freq in ("DAILY", "YEARLY"):
        return shape if not (rule.byday or rule.bymonthday) else None
    if rule.freq == "WEEKLY":
        if rule.bymonthday or any(n for n, _ in rule.byday):
            return None
        ordered = tuple(day for day in WEEKDAYS if day in {d for _, d in rule.byday})
        return {**shape, "weekdays": ordered}
    if rule.byday and rule.bymonthday:
        return None
    if rule.byday:
        if len(rule.byday) != 1 or rule.byday[0][0] not in ORDINALS:
            return None
        ordinal, day = rule.byday[0]
        return {**shape, "month_by": "weekday", "ordinal": ordinal, "weekday": day}
    if len(rule.bymonthday) > 1 or (rule.bymonthday and rule.bymonthday[0] < 1):
        return None
    return {**shape, "monthday": rule.bymonthday[0] if rule.bymonthday else None}


# -- the form's fields -----------------------------------------------------------------

MAX_INTERVAL = 999


def _whole(text, low: int, high: int) -> int | None:
    text = (text or "").strip()
    if not text.lstrip("-").isdigit() or len(text) > 4:
        return None
    value = int(text)
    return value if low <= value <= high else None


def read_choice(values) -> tuple[RepeatChoice, dict[str, str]]:
    """The choice the form's repeat fields (strings, as posted) make, and a message per
    field that cannot be read. Sub-fields a kind does not use are ignored, so that a
    page without JavaScript (every field shown) means what its Repeats list says."""
    kind = (values.get("repeats") or "none").strip()
    errors: dict[str, str] = {}
    if kind not in KINDS:
        return RepeatChoice(), {"repeats": N_("Choose how the event repeats.")}
    if kind == "none":
        return RepeatChoice(), {}
    if kind == "kept":
        return RepeatChoice(kind="kept", kept=(values.get("repeat_kept") or "").strip()), {}
    found: dict = {"kind": kind}
    unit = (values.get("repeat_unit") or "WEEKLY").strip()
    if kind == "custom":
        found["unit"] = unit if unit in UNITS else "WEEKLY"
        interval = _whole(values.get("repeat_interval") or "1", 1, MAX_INTERVAL)
        if interval is None:
            errors["repeat_interval"] = Message(
                N_("Enter a whole number from 1 to %(limit)s."), limit=MAX_INTERVAL
            )
        found["interval"] = interval or 1
    freq = found.get("unit") if kind == "custom" else _SIMPLE.get(kind, "MONTHLY")
    if freq == "WEEKLY":
        found["weekdays"] = tuple(d for d in WEEKDAYS if d in (values.get("repeat_weekdays") or ()))
    if freq == "MONTHLY":
        by = (values.get("repeat_month_by") or "day").strip()
        if kind != "custom":
            by = "weekday" if kind == "monthly_weekday" else "day"
        found["month_by"] = by if by in MONTH_BY else "day"
        _read_month(values, found, errors)
    _read_ends(values, found, errors)
    return RepeatChoice(**found), errors


def _read_month(values, found: dict, errors: dict) -> None:
    if found["month_by"] == "day":
        text = (values.get("repeat_monthday") or "").strip()
        day = _whole(text, 1, 31)
        if text and day is None:
            errors["repeat_monthday"] = N_("Enter a day of the month from 1 to 31.")
        found["monthday"] = day
        return
    ordinal = _whole(values.get("repeat_ordinal") or "", -1, 4)
    found["ordinal"] = ordinal if ordinal in ORDINALS else None
    weekday = (values.get("repeat_weekday") or "").strip()
    found["weekday"] = weekday if weekday in WEEKDAYS else None


def _read_ends(values, found: dict, errors: dict) -> None:
    ends = (values.get("repeat_ends") or "never").strip()
    found["ends"] = ends if ends in ENDS else "never"
    if found["ends"] == "count":
        count = _whole(values.get("repeat_count"), 1, 9999)
        if count is None:
            errors["repeat_count"] = N_("Enter how many times, a whole number from 1.")
        found["count"] = count
    elif found["ends"] == "until":
        try:
            found["until"] = date.fromisoformat((values.get("repeat_until") or "").strip())
        except ValueError:
            errors["repeat_until"] = N_("Enter the last date as YYYY-MM-DD.")


def choice_values(choice: RepeatChoice) -> dict:
    """The choice as the form's field values (strings, lists)."""
    return {
        "repeats": choice.kind,
        "repeat_interval": str(choice.interval),
        "repeat_unit": choice.unit,
        "repeat_weekdays": list(choice.weekdays),
        "repeat_month_by": choice.month_by,
        "repeat_monthday": "" if choice.monthday is None else str(choice.monthday),
        "repeat_ordinal": "" if choice.ordinal is None else str(choice.ordinal),
        "repeat_weekday": choice.weekday or "",
        "repeat_ends": choice.ends,
        "repeat_count": "" if choice.count is None else str(choice.count),
        "repeat_until": choice.until.isoformat() if choice.until else "",
        "repeat_kept": choice.kept,
    }
