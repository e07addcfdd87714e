"""Paging arithmetic for long lists (the agenda, the audit log): which rows a page holds,
how many pages there are, and where first / previous / next / last lead. Pure: numbers in,
numbers out; the views count the rows and run the query for the page.

Pages are numbered from 1, as people count them and as the JSON API's ?page= does."""

from __future__ import annotations

from dataclasses import dataclass

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
        raise PageNumberError(f"'{text[:20]}' is not a page number")
    return max(int(text), 1)


@dataclass(frozen=True)
class Page:
    number: int  # the page asked for, from 1 (may lie past the end)
    size: int  # rows per page
    total: int  # rows in the whole list

    @property
    def count(self) -> int:
        """Pages in all; an empty list is one empty page, so "page 1 of 1" reads right."""
        return max(1, -(-self.total // self.size))

    @property
    def past_end(self) -> bool:
        return self.number > self.count

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_row(self) -> int:
        """The 1-based position of the page's first row (0 when the page is empty)."""
        return 0 if self.past_end or not self.total else self.offset + 1

    @property
    def last_row(self) -> int:
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
        """The last page, when this is not it."""
        return self.count if self.number != self.count else None

    @property
    def several(self) -> bool:
        """Whether there is anything to page through (else the pager is left out)."""
        return self.count > 1 or self.past_end


def paginate(total: int, size: int, number: int) -> Page:
    if size < 1:
        raise ValueError("a page holds at least one row")
    return Page(number=max(number, 1), size=size, total=max(total, 0))
