"""What a username may be: the one rule, for the admin's user form and `users create`."""

from __future__ import annotations

import re

from ..vocab import MAX_LENGTHS

_USERNAME = re.compile(r"[\w.@-]+")
USERNAME_CHARACTERS = "Letters, digits and . _ @ - only."


def username_problem(name: str) -> str | None:
    """Why `name` (already stripped) cannot be a username, or None when it can."""
    limit = MAX_LENGTHS["username"]
    if not name:
        return "Enter a username."
    if len(name) > limit:
        return f"At most {limit} characters."
    if not _USERNAME.fullmatch(name):
        return USERNAME_CHARACTERS
    return None
