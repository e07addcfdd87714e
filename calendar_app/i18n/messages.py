"""One way to show a message of the rules, the forms or the API in the request's language:
a marked template with its values (`domain.text.Message`), or a plain marked string."""

from __future__ import annotations

from flask_babel import gettext

from ..domain.text import Message


def translate(message: str) -> str:
    """`message` in the request's language; English text the catalogue lacks stays as is."""
    if isinstance(message, Message):
        # gettext formats with the values itself (%(name)s), the translation's order wins;
        # values that are messages themselves ("the venue %(name)s") translate first.
        params = {
            name: translate(value) if isinstance(value, Message) else value
            for name, value in message.params.items()
        }
        return gettext(message.template, **params) if params else gettext(message.template)
    return gettext(message) if message else message


def translate_all(errors: dict) -> dict:
    """A field → message (or list of messages) mapping, each message translated."""
    return {
        name: [translate(m) for m in value] if isinstance(value, list | tuple) else translate(value)
        for name, value in errors.items()
    }
