"""The repeat parts of an imported series, as the series model keeps them. Pure.

A file's RRULE becomes the rule text we store (domain/recurrence: read, UNTIL placed in
UTC or as a date); its EXDATE and RECURRENCE-ID values, whatever their kind (a TZID, UTC
or a DATE), become occurrence keys of the series' own kind: dates for an all-day series,
UTC instants otherwise (an EXDATE given as a DATE for a timed series names that day's
occurrence, at the series' own time of day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from ..domain.recurrence import RuleError, format_rule, normalized, parse_rule
from ..domain.timezones import zone
from .recurrence import SeriesRefused


def rule_text(rule, all_day: bool, timezone: str) -> str:
    """A component's RRULE (an icalendar vRecur) as the text we store; SeriesRefused with
    the reason when the series model cannot keep it."""
    try:
        text = rule.to_ical().decode()
        return format_rule(normalized(parse_rule(text), all_day, timezone))
    except RuleError as error:
        message = str(error).rstrip(".")
        raise SeriesRefused(
            f"its repeat rule cannot be kept: {message[:1].lower()}{message[1:]}"
        ) from None
    except (AttributeError, TypeError, ValueError):
        raise SeriesRefused("its repeat rule (RRULE) could not be read") from None


def as_key(value: date | datetime, all_day: bool, timezone: str, first: date | datetime):
    """An EXDATE or RECURRENCE-ID value (a date or an aware instant) as an occurrence key
    of a series (all-day or not, in `timezone`, first occurrence `first`)."""
    if all_day:
        if not isinstance(value, datetime):
            return value
        if value.utcoffset() == UTC.utcoffset(None) and value.time() == time():
            return value.date()  # all-day occurrences written at UTC midnight
        return value.astimezone(zone(timezone)).date()
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    tz = zone(timezone)
    clock = first.astimezone(tz).time() if isinstance(first, datetime) else time()
    return datetime.combine(value, clock).replace(tzinfo=tz).astimezone(UTC)
