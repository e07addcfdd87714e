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
