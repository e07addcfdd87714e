"""Paging arithmetic for long lists (the agenda, the audit log): which rows a page holds,
how many pages there are, and where first / previous / next / last lead. Pure: numbers in,
numbers out; the views count the rows and run the query for the page.

Pages are numbered from 1, as people count them and as the JSON API's ?page= does."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from .text import N_, Message

# The largest page number a URL may ask for: far beyond any real list, small enough that
# its offset stays a modest integer for every database.
MAX_PAGE = 1_000_000


class PageNumberError(ValueError):
    """?page= is not a page number; the message is safe to show."""


def parse_page(value: str | None) -> int:
    """The page a URL asks for: 1 when none is given. `0` counts as the first page, so links
    written when the agenda counted from 0 still open it."""
    text = (value or "").strip()
    if not text:
        return 1
    if not text.isascii() or not text.isdigit() or int(text) > MAX_PAGE:
        raise PageNumberError(Message(N_("'%(value)s' is not a page number"), value=text[:20]))
    return max(int(text), 1)


@dataclass(frozen=True)
class Page:
    number: int  # the page asked for, from 1 (may lie past the end)
    size: int  # rows per page
    total: int | None  # rows in the whole list; None: unknown, and more follow this page

    @property
    def known(self) -> bool:
        return self.total is not None

    @property
    def count(self) -> int:
        """Pages in all; an empty list is one empty page, so "page 1 of 1" reads right."""
        if self.total is None:
            return self.number + 1  # at least: more follow this page
        return max(1, -(-self.total // self.size))

    @property
    def past_end(self) -> bool:
        return self.total is not None and self.number > self.count

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_row(self) -> int:
        """The 1-based position of the page's first row (0 when the page is empty)."""
        return 0 if self.past_end or not self.total else self.offset + 1

    @property
    def last_row(self) -> int:
        if self.total is None:
            return self.offset + self.size
        return 0 if self.past_end else min(self.offset + self.size, self.total)

    @property
    def previous(self) -> int | None:
        # Past the end, "previous" would lead to another empty page: the last is the way back.
        return self.number - 1 if 1 < self.number <= self.count else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def first(self) -> int | None:
        """Page 1, when this is not it."""
        return 1 if self.number > 1 else None

    @property
    def last(self) -> int | None:
        """The last page, when this is not it (None too while the end is unknown)."""
        if self.total is None:
            return None
        return self.count if self.number != self.count else None

    @property
    def several(self) -> bool:
        """Whether there is anything to page through (else the pager is left out)."""
        return self.count > 1 or self.past_end


def paginate(total: int | None, size: int, number: int) -> Page:
    """The page `number` of a list of `total` rows (None: more rows follow this page than
    anyone counted, as when repeating events make a list endless)."""
    if size < 1:
        raise ValueError("a page holds at least one row")
    return Page(number=max(number, 1), size=size, total=None if total is None else max(total, 0))


# -- lists that repeating events may make endless ---------------------------------------

# How many rows a walk through time windows may collect for one page: page 400 of the
# agenda, or 10 pages of 1,000 through the API. Beyond it, a later start is the way on.
MAX_WALK = 10_000
FIRST_WINDOW = timedelta(days=31)


class WalkTooLong(ValueError):
    """A page lies so far into a list with repeating events that it is not walked to."""


def walk_length(number: int, size: int) -> int:
    """How many rows lead up to page `number` and one past it (to know whether more
    follow); WalkTooLong beyond MAX_WALK."""
    wanted = number * size + 1
    if wanted > MAX_WALK + 1:
        raise WalkTooLong(
            Message(
                N_(
                    "page %(number)s lies too far into a list with repeating events: "
                    "start the list later instead"
                ),
                number=number,
            )
        )
    return wanted


def windows(
    start: datetime, end: datetime, first: timedelta = FIRST_WINDOW
) -> Iterator[tuple[datetime, datetime]]:
    """[low, high) windows from `start` to `end`, each twice as long as the one before:
    a walk that stops once it has found enough looks only a little ahead of it."""
    low, span = start, first
    while low < end:
        high = min(low + span, end)
        yield low, high
        low, span = high, span * 2
