"""Who is calling the API: a Bearer token's user, else the signed-in user (reads only)."""

from __future__ import annotations

from flask import abort, current_app, g, request
from flask_login import current_user
from sqlalchemy import select

from ..domain.text import N_
from ..extensions import db
from ..models import ApiToken, User, utcnow


def bearer_user() -> User | None:
    """The user of a valid `Authorization: Bearer` token; 401 for a bad one."""
    if "api_user" in g:
        return g.api_user
    header = request.headers.get("Authorization", "")
    user = None
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            abort(401, description=N_("Use 'Authorization: Bearer <token>'."))
        row = db.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token.strip()))
        )
        if row is None or row.revoked_at is not None or not row.user.active:
            abort(401, description=N_("The API token is unknown or revoked."))
        g.api_token = row
        user = row.user
    g.api_user = user
    return user


def reader() -> User | None:
    """For reads: a token's user, or the browser session's. With CALENDAR_REQUIRE_LOGIN,
    anonymous reads are refused (401 JSON, not a redirect to the login page)."""
    user = bearer_user()
    if user is None and current_user.is_authenticated:
        user = current_user._get_current_object()
    if user is None and current_app.config.get("CALENDAR_REQUIRE_LOGIN"):
        abort(401, description=N_("Sign in, or send 'Authorization: Bearer <token>'."))
    return user


def editor() -> User:
    """For writes: only a Bearer token counts (a cookie alone could be a cross-site request)."""
    user = bearer_user()
    if user is None:
        abort(401, description=N_("Writing needs an API token: 'Authorization: Bearer <token>'."))
    if not user.can("editor"):
        abort(403, description=N_("Your role may not change events."))
    # A token's last use is its last write, saved with that write by the handler's commit:
    # a GET never writes (reads go to any replica, and cost no lock).
    g.api_token.last_used_at = utcnow()
    return user
