"""RANGE=THISANDFUTURE in a file: the series ends before that occurrence and the rest
becomes a series of its own, as events/series.split_series does for the form, but decided
on the file's data before planning, so that the rest has a UID that stays the same on
every import ('<uid>/from/<occurrence>'): importing the file again finds both parts
unchanged, and a newer version of the file updates both (split_series gives the rest a
fresh UID, which a re-import could never find again). Plain data in and out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta

from ..domain.recurrence import (
    Series,
    follow_start,
    format_rule,
    is_occurrence,
    occurrence_key,
    occurrences_between,
    parse_rule,
    recurrence_instant,
    span_of,
)
from ..domain.text import N_
from ..domain.timezones import zone
from ..events.series import moved, start_step
from .parse import ImportedEvent
from .repeats import as_key

# A warning on the rest's row of the preview (translated there).
SPLIT_WARNING = N_("this and the later occurrences of a series (RANGE=THISANDFUTURE)")


def rest_uid(uid: str, key: date | datetime) -> str:
    """The UID of what follows `key` in a series a file splits (THISANDFUTURE): the same
    on every import of the file."""
    return f"{uid}/from/{occurrence_key(key)}"


def _series(item: ImportedEvent) -> Series:
    if item.all_day:
        duration = timedelta(days=(item.end - item.start).days + 1)
    else:
        duration = item.end - item.start
    rule = parse_rule(item.rrule)
    return Series(rule, item.start, duration, item.timezone, item.all_day, frozenset(item.exdates))


def _day(value: date | datetime, timezone: str) -> date:
    return value.astimezone(zone(timezone)).date() if isinstance(value, datetime) else value


def split_items(items: list[ImportedEvent]) -> list[ImportedEvent]:
    """The file's items with each THISANDFUTURE override of a series in the file made
    into the end of that series and a new series from it (later overrides go with it)."""
    while True:
        masters = {item.uid: item for item in items if item.rrule and item.recurrence_id is None}
        future = next(
            (
                item
                for item in items
                if item.this_and_future and item.uid in masters and _splits(masters[item.uid], item)
            ),
            None,
        )
        if future is None:
            return items
        items = _split(items, masters[future.uid], future)


def _key(master: ImportedEvent, item: ImportedEvent):
    return as_key(item.recurrence_id, master.all_day, master.timezone, master.start)


def _splits(master: ImportedEvent, future: ImportedEvent) -> bool:
    """Whether the override names an occurrence after the series' first."""
    series, key = _series(master), _key(master, future)
    return key != series.first and is_occurrence(series, key)


def _split(items: list, master: ImportedEvent, future: ImportedEvent) -> list:
    series, key = _series(master), _key(master, future)
    begins, _ = span_of(series, key)
    before = occurrences_between(series, span_of(series, series.first)[0], begins, excluded=True)
    rule = series.rule
    ended = replace(rule, count=len(before)) if rule.count else replace(rule, until=before[-1])
    rest = follow_start(rule, _day(key, master.timezone), _day(future.start, future.timezone))
    if rule.count:
        rest = replace(rest, count=max(rule.count - len(before), 1))
    step = start_step(key, future.start, future.timezone)
    uid = rest_uid(master.uid, key)
    later = [
        value for value in master.exdates if recurrence_instant(value) >= recurrence_instant(key)
    ]
    head = replace(
        master,
        rrule=format_rule(ended),
        exdates=tuple(v for v in master.exdates if v not in later),
    )
    tail = replace(
        future,
        uid=uid,
        rrule=format_rule(rest),
        exdates=tuple(moved(value, step) for value in later),
        recurrence_id=None,
        this_and_future=False,
        warnings=[*future.warnings, SPLIT_WARNING],
    )
    result = _with_rest(items, future, tail, key, step, lambda item: _key(master, item))
    return [head if item is master else item for item in result]


def _with_rest(items: list, future, tail, key, step, key_of) -> list:
    """`items` with `future` made the rest series `tail`, and the later overrides of its
    series (their occurrence as `key_of` reads it) moved onto the rest."""
    result = []
    for item in items:
        if item is future:
            result.append(tail)
        elif (
            item.uid == future.uid
            and item.recurrence_id is not None
            and recurrence_instant(key_of(item)) > recurrence_instant(key)
        ):
            result.append(replace(item, uid=tail.uid, recurrence_id=moved(key_of(item), step)))
        else:
            result.append(item)
    return result


def onto_earlier_splits(
    items: list[ImportedEvent],
    stored: Mapping[str, Series],
    rest_of: Callable[[str], Series | None],
) -> list[ImportedEvent]:
    """The file's THISANDFUTURE overrides of a stored series (`stored`, by UID; the file
    lacks the series) that an earlier import already split off, each read as the rest
    series that import made (`rest_of` its UID), later overrides with it: the same file
    again finds the rest unchanged instead of splitting anew, a newer one updates it."""
    masters = {item.uid for item in items if item.recurrence_id is None}
    futures = [i for i in items if i.this_and_future and i.uid not in masters and i.uid in stored]
    for future in futures:
        series = stored[future.uid]
        key = as_key(future.recurrence_id, series.all_day, series.timezone, series.first)
        uid = rest_uid(future.uid, key)
        rest = rest_of(uid)
        if rest is None:
            continue
        tail = replace(
            future,
            uid=uid,
            rrule=format_rule(rest.rule),
            exdates=tuple(sorted(rest.exdates, key=recurrence_instant)),
            recurrence_id=None,
            this_and_future=False,
            warnings=[*future.warnings, SPLIT_WARNING],
        )
        step = start_step(key, future.start, future.timezone)

        def key_of(item, series=series):
            return as_key(item.recurrence_id, series.all_day, series.timezone, series.first)

        items = _with_rest(items, future, tail, key, step, key_of)
    return items
