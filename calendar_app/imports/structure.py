"""A look at an .ics file's text before the iCalendar library parses it: pure, one pass.

The parser's work grows with what it is given (it walks nested components recursively,
builds an object per component and per property), so a file is refused with a reason
when its shape is more than any calendar export has: too many components, components
nested too deep, or one content line longer than any real property.
"""

from __future__ import annotations

from ..domain.text import N_, Message

MAX_COMPONENTS = 50_000  # 20,000 events, each with an alarm, and the zones around them
MAX_DEPTH = 6  # VCALENDAR > VEVENT > VALARM is 3; VCALENDAR > VTIMEZONE > STANDARD too
MAX_LINE_CHARS = 1_000_000  # one unfolded content line (Outlook's HTML X-ALT-DESC included)
MAX_PROPERTIES = 500_000


class ShapeError(ValueError):
    """The file's structure is beyond what an import reads; the message says how."""


def _message(template: str, count: int) -> Message:
    """A limit's message, the count written 10,000 as the English text always had it."""
    return Message(template, count=f"{count:,}")


def check_structure(text: str) -> None:
    """Raise ShapeError when the text has more components, deeper nesting, longer lines
    or more properties than an import reads."""
    components = depth = properties = line_chars = 0
    for line in text.splitlines():
        if line[:1] in (" ", "\t"):  # a folded continuation of the line before
            line_chars += len(line) - 1
            if line_chars > MAX_LINE_CHARS:
                raise ShapeError(
                    _message(
                        N_("one of its lines is longer than %(count)s characters"), MAX_LINE_CHARS
                    )
                )
            continue
        line_chars = len(line)
        if line_chars > MAX_LINE_CHARS:
            raise ShapeError(
                _message(N_("one of its lines is longer than %(count)s characters"), MAX_LINE_CHARS)
            )
        head = line[:6].upper()
        if head == "BEGIN:":
            components += 1
            depth += 1
            if depth > MAX_DEPTH:
                raise ShapeError(
                    Message(
                        N_("its components are nested more than %(count)s deep"), count=MAX_DEPTH
                    )
                )
            if components > MAX_COMPONENTS:
                raise ShapeError(
                    _message(
                        N_("it holds more than %(count)s components; split it"), MAX_COMPONENTS
                    )
                )
        elif line[:4].upper() == "END:":
            depth = max(depth - 1, 0)
        elif line:
            properties += 1
            if properties > MAX_PROPERTIES:
                raise ShapeError(
                    _message(N_("it holds more than %(count)s lines; split it"), MAX_PROPERTIES)
                )
