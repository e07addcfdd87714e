"""Every change to a user account, each recorded in the audit log as it happens.

Like the event service, these functions only add to the session: the view or command
that calls them commits. A record names who acted, whose account, and what changed
(roles, token names); never a password, a hash, a feed address or a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext

from ..domain.text import N_
from ..extensions import db
from ..models import AccountChange, ApiToken, User, utcnow


def record(actor: User | None, user: User, action: str, changes: dict | None = None) -> None:
    """actor None: done from the command line."""
    db.session.add(AccountChange(actor=actor, user=user, action=action, changes=changes or {}))


def create_user(
    username: str, role: str, password: str, *, active: bool = True, actor: User | None
) -> User:
    user = User(username=username, role=role, active=active)
    user.set_password(password)
    db.session.add(user)
    record(actor, user, "create", {"role": role, "active": active})
    return user


def update_user(user: User, *, role: str, active: bool, password: str | None, actor: User) -> None:
    """An admin's edit: each of role, active and password that changes is one record."""
    if role != user.role:
        record(actor, user, "role", {"role": [user.role, role]})
        user.role = role
    if active != user.active:
        record(actor, user, "reactivate" if active else "deactivate")
        user.active = active
    if password:
        user.set_password(password)  # ends the user's sessions
        record(actor, user, "password_reset")


def change_own_password(user: User, password: str) -> None:
    user.set_password(password)
    record(user, user, "password_change")


def set_language(user: User, language: str | None) -> None:
    """The interface language the user prefers (None: whatever the browser asks for)."""
    user.locale = language


def reset_feed_token(user: User, *, actor: User) -> None:
    """The old private feed address stops working."""
    user.reset_feed_token()
    record(actor, user, "feed_token_reset")


def issue_api_token(user: User, name: str) -> str:
    """A new API token for the user; returns its text, shown once (only its hash is kept)."""
    row, token = ApiToken.issue(user, name)
    db.session.add(row)
    record(user, user, "api_token_create", {"token": name})
    return token


def revoke_api_token(row: ApiToken, *, actor: User) -> None:
    row.revoked_at = utcnow()
    record(actor, row.user, "api_token_revoke", {"token": row.name})


# ---- reading the log ------------------------------------------------------------------

COMMAND_LINE = N_("command line")


@dataclass(frozen=True)
class AccountEntry:
    at: datetime
    who: str
    account: str
    what: str


def _what(action: str, changes: dict) -> str:
    """What was done to the account, in the request's language (the audit page's words)."""
    if action == "create":
        role = _role_word(changes.get("role"))
        if changes.get("active", True):
            return gettext("created the account as %(role)s", role=role)
        return gettext("created the account as %(role)s, inactive", role=role)
    if action == "role":
        before, after = changes.get("role", [None, None])
        return gettext(
            "changed the role from %(before)s to %(after)s",
            before=_role_word(before),
            after=_role_word(after),
        )
    token = changes.get("token", "")
    words = {
        "deactivate": N_("deactivated the account"),
        "reactivate": N_("reactivated the account"),
        "password_change": N_("changed their own password"),
        "password_reset": N_("set a new password"),
        "feed_token_reset": N_("reset the private feed address"),
        "api_token_create": N_("created the API token “%(token)s”"),
        "api_token_revoke": N_("revoked the API token “%(token)s”"),
    }
    if action not in words:
        return action
    if action.startswith("api_token"):
        return gettext(words[action], token=token)
    return gettext(words[action])


ROLE_WORDS = {"viewer": N_("viewer"), "editor": N_("editor"), "admin": N_("admin")}


def _role_word(role) -> str:
    return gettext(ROLE_WORDS[role]) if role in ROLE_WORDS else str(role)


def describe_account_change(change: AccountChange) -> AccountEntry:
    who = change.actor.username if change.actor else gettext(COMMAND_LINE)
    return AccountEntry(change.at, who, change.user.username, _what(change.action, change.changes))
