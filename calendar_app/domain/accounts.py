"""What a username may be: the one rule, for the admin's user form and `users create`."""

from __future__ import annotations

import re

from ..vocab import MAX_LENGTHS
from .text import N_, Message

_USERNAME = re.compile(r"[\w.@-]+")
USERNAME_CHARACTERS = N_("Letters, digits and . _ @ - only.")


def username_problem(name: str) -> str | None:
    """Why `name` (already stripped) cannot be a username, or None when it can."""
    limit = MAX_LENGTHS["username"]
    if not name:
        return N_("Enter a username.")
    if len(name) > limit:
        return Message(N_("At most %(limit)s characters."), limit=limit)
    if not _USERNAME.fullmatch(name):
        return USERNAME_CHARACTERS
    return None
