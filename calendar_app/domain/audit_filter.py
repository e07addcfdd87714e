"""What the audit log can be narrowed to: changes by one user, to one event (by id, or by
words of its title) and within dates. Parsed from query arguments into plain data; the
queries live in manage/audit.py. The same arguments go back into the pager's links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..vocab import MAX_LENGTHS
from .filters import FilterError, parse_day
from .text import CONTROL_SINGLE_LINE


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""  # a username, in any case
    event_id: int | None = None
    title: str = ""  # words of the event's title
    first: date | None = None  # inclusive, in the calendar's zone
    last: date | None = None  # inclusive

    @property
    def active(self) -> bool:
        return any((self.user, self.event_id, self.title, self.first, self.last))

    @property
    def about_events(self) -> bool:
        """Whether it names an event: account changes are about no event, so none match."""
        return self.event_id is not None or bool(self.title)

    def to_args(self) -> dict[str, str]:
        """Query arguments that parse back to this filter (for the pager's links)."""
        args = {
            "user": self.user,
            "event": str(self.event_id) if self.event_id is not None else "",
            "title": self.title,
            "from": self.first.isoformat() if self.first else "",
            "to": self.last.isoformat() if self.last else "",
        }
        return {name: value for name, value in args.items() if value}


def _text(args, name: str, longest: int, what: str) -> str:
    value = " ".join(args.get(name, "").split())
    if len(value) > longest:
        raise FilterError(f"the {what} is too long (at most {longest} characters)")
    if CONTROL_SINGLE_LINE.search(value):
        raise FilterError(f"the {what} contains control characters")
    return value


def parse_audit_filter(args) -> AuditFilter:
    """An AuditFilter from request arguments; FilterError says what makes no sense."""
    event = args.get("event", "").strip()
    if event and (not event.isascii() or not event.isdigit() or len(event) > 12):
        raise FilterError(f"'{event[:20]}' is not an event number")
    first, last = parse_day(args.get("from")), parse_day(args.get("to"))
    if first and last and last < first:
        raise FilterError("the 'to' date is before the 'from' date")
    return AuditFilter(
        user=_text(args, "user", MAX_LENGTHS["username"], "username"),
        event_id=int(event) if event else None,
        title=_text(args, "title", MAX_LENGTHS["search"], "title"),
        first=first,
        last=last,
    )
