"""The plan's words that are more than a msgid: the printed pages' "Page X of Y" as CSS,
and whether an event reads wholly in the page's language (for its tooltip)."""

from __future__ import annotations

import re

from flask_babel import gettext
from markupsafe import Markup


def page_counter() -> str:
    """The CSS `content` of the printed pages' "Page X of Y", in the request's language:
    '"Page " counter(page) " of " counter(pages)', «"страница " counter(page) " из " counter(pages)»."""
    text = gettext("Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    parts = []
    for piece in re.split("([\x00\x01])", text):
        if piece == "\x00":
            parts.append(Markup("counter(page)"))
        elif piece == "\x01":
            parts.append(Markup("counter(pages)"))
        elif piece:  # a CSS string: no quotes, backslashes or tags in it
            parts.append(Markup('"%s"') % re.sub(r'["\\<>&\n]', "", piece))
    return Markup(" ").join(parts)  # goes into a <style>, where entities are not read
