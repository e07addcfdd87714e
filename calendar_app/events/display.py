"""How one event reads on its page: when (in the viewer's zone and its own), and text
with its web addresses as links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ..domain.timezones import utc_to_local
from .words import span_text


@dataclass(frozen=True)
class When:
    text: str  # in the display zone ("19 July 2024, 17:00 – 20:00")
    zone: str  # the display zone, for timed events
    own: str = ""  # in the event's own zone, when that differs
    own_zone: str = ""


def _timed(event, zone: str) -> str:
    """In `zone`; an event ending at midnight reads with both dates, as it always has."""
    start, end = utc_to_local(event.starts_at, zone), utc_to_local(event.ends_at, zone)
    return span_text(start.date(), end.date(), start, end)


def when(event, zone: str) -> When:
    if event.all_day:
        return When(span_text(event.start_date, event.end_date), "")
    shown = _timed(event, zone)
    if event.timezone == zone:
        return When(shown, zone)
    return When(shown, zone, _timed(event, event.timezone), event.timezone)


# http(s) addresses only; never other schemes (javascript:, data:). Stops at spaces,
# quotes and angle brackets; trailing punctuation belongs to the sentence.
_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


_LINK = Markup('<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>')


def linkify(text: str | None) -> Markup:
    """Plain text with http(s) addresses as links. Every piece of the input goes in
    escaped (Markup's + and format escape plain strings); only the <a> tags are ours,
    so no input can open a tag or leave the href attribute."""
    text = text or ""
    result = Markup("")
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        while url[-1] in _TRAILING and not (url[-1] == ")" and "(" in url):
            url = url[:-1]
        if url.endswith("//"):
            continue  # a bare "https://"
        result += text[position : match.start()]
        result += _LINK.format(url)
        position = match.start() + len(url)
    return result + text[position:]
