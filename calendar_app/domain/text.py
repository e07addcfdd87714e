"""Which characters typed or imported text may hold: the one definition of "control
characters", used by the event rules, the staff forms, the API token names, the search
box and the importer."""

from __future__ import annotations

import re

# Tabs and newlines are fine in multi-line text; every other control character is not.
# Lone surrogates (JSON "\ud800") are no text at all: no database or feed can store them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a message of a pure module for translation without translating it here (pure
    modules know no request or language): `make translations` extracts it, and the
    boundary that shows it translates it with gettext, values passed as %(name)s."""
    return message


class Message(str):
    """A message of a pure module that carries its values: it reads as the English text
    (so logs, the CLI and comparisons see plain words) and keeps the marked template and
    values for the boundary, which translates it with `i18n.messages.translate`.

    Message(N_("Keep this under %(limit)s characters."), limit=200) == "Keep this under 200 characters."
    """

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        text = super().__new__(cls, template % params if params else template)
        text.template = template
        text.params = params
        return text

    def __reduce__(self):  # pickles (the job queue) keep template and values
        return (_message, (self.template, self.params))


def _message(template: str, params: dict) -> Message:
    return Message(template, **params)
