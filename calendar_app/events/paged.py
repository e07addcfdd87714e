"""Pages of a list of events in order of start, in which each series stands as its
occurrences (the agenda, a search, the API's list).

Single events and overrides are rows, paged by SQL. Series are expanded one time window
after another (domain/paging.windows, each twice as long as the one before) until the
page and one item past it are certain, so that an endless series never makes a page
endless and only the windows the page reaches are expanded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select

from ..domain.paging import walk_length, windows
from ..extensions import db
from ..models import Event
from .occurrences import SeriesOccurrence, expand
from .queries import row_count

Item = Event | SeriesOccurrence


@dataclass(frozen=True)
class Stretch:
    """One page of the list: its items, whether more follow, and how many there are in
    all when that is known (always without series; with them, once the list ended)."""

    items: list[Item]
    more: bool
    total: int | None


def _start(item: Item) -> datetime:
    return item.span()["starts_at"]


def _order(item: Item) -> tuple:
    return _start(item), item.series.id if isinstance(item, SeriesOccurrence) else item.id


def _over_by(row: Event, moment: datetime) -> bool:
    return row.series_ends_at is not None and row.series_ends_at <= moment


def page_of(
    singles: Select,
    series: Select,
    start: datetime,
    end: datetime,
    number: int,
    size: int,
    keep: Callable[[SeriesOccurrence], bool] = lambda item: True,
) -> Stretch:
    """Page `number` (from 1) of `size` items: the rows of `singles` (single events and
    overrides, ordered by start, already limited to the list's range) merged with the
    occurrences meeting [start, end) of the series rows `series` finds (those `keep`
    accepts). WalkTooLong for a page too far into a list with series."""
    offset = (number - 1) * size
    rows = list(db.session.scalars(series).unique())
    if not rows:
        items = list(db.session.scalars(singles.limit(size).offset(offset)).unique())
        total = row_count(singles)
        return Stretch(items, offset + size < total, total)
    wanted = walk_length(number, size)
    found, certain, ended = _walk(singles, rows, start, end, wanted, keep)
    found.sort(key=_order)
    if ended:
        return Stretch(found[offset : offset + size], len(found) > offset + size, len(found))
    return Stretch(found[offset : offset + size], True, None)


def _walk(singles, rows, start, end, wanted, keep) -> tuple[list[Item], datetime, bool]:
    """The first `wanted` items or more, the moment before which every item is among
    them, and whether the list ended (every item found)."""
    head = list(db.session.scalars(singles.limit(wanted)).unique())
    if len(head) == wanted:  # no item after the last of these singles is needed
        horizon = _start(head[-1]) + timedelta(seconds=1)
        occurrences = [o for o in expand(rows, start, min(horizon, end)) if keep(o)]
        return [*head, *occurrences], horizon, False
    found: list[Item] = list(head)
    for low, high in windows(start, end):
        live = [row for row in rows if row.starts_at < high and not _over_by(row, low)]
        found += [
            o for o in expand(live, low, high) if (low == start or _start(o) >= low) and keep(o)
        ]
        if high >= end or all(_over_by(row, high) for row in rows):
            return found, high, True
        if sum(1 for item in found if _start(item) < high) >= wanted:
            return [item for item in found if _start(item) < high], high, False
    return found, end, True
