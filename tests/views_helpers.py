"""Helpers of the calendar view tests: add events, read the month grid, follow links,
count queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from calendar_app.domain.events import EventData
from calendar_app.events.service import create_event
from calendar_app.extensions import db


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def add(title, start, end=None, *, kind="meeting", **extra):
    """An all-day event when given dates, a timed one when given instants."""
    with_dates = not isinstance(start, datetime)
    if end is None:
        end = start if with_dates else start + timedelta(hours=1)
    data = EventData(
        title=title,
        kind=kind,
        start=start,
        end=end,
        all_day=with_dates,
        timezone=extra.pop("timezone", "Europe/Moscow"),
        **extra,
    )
    event = create_event(data)
    db.session.commit()
    return event.id


class MonthCells(HTMLParser):
    """Each grid cell's date -> the events whose segment starts there, with their span."""

    def __init__(self):
        super().__init__()
        self.cells: dict[str, list[tuple[str, int]]] = {}
        self.more: dict[str, str] = {}
        self._day = self._span = None
        self._in_title = False
        self._in_more = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "day-number" in classes:
            self._day = attrs["href"].split("?")[0].removeprefix("/calendar/")
            self.cells[self._day] = []
        elif tag == "li" and "seg" in classes:
            self._span = int(next(c for c in classes if c.startswith("span-"))[5:])
        elif tag == "span" and "title" in classes and self._span:
            self._in_title = True
        elif tag == "a" and "more" in classes:
            self._in_more = True
        elif tag == "section":
            self._day = None  # the phone list after the grid

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_title = False
        if tag == "a":
            self._in_more = False

    def handle_data(self, data):
        if self._in_title and self._day:
            self.cells[self._day].append((data, self._span))
            self._in_title = False
        elif self._in_more and self._day:
            self.more[self._day] = self.more.get(self._day, "") + data


def cells(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    parser = MonthCells()
    parser.feed(response.get_data(as_text=True))
    return parser


def titles_in(parser, day):
    return [title for title, _ in parser.cells[day]]


def links(html: str, rel: str) -> str:
    return re.search(rf'rel="{rel}" href="([^"]+)"', html).group(1).replace("&amp;", "&")
