"""Feed addresses: a user's private feed token, and the links that add a feed to a client."""

from __future__ import annotations

import hmac
from urllib.parse import quote, urlencode

from flask import current_app

from ..extensions import db
from ..models import User

GOOGLE_URL_LIMIT = 256


def user_for_feed_token(token: str) -> User | None:
    """'<user id>.<secret>': find by id, compare the secret in constant time."""
    user_id, _, secret = token.partition(".")
    if not user_id.isdigit() or len(user_id) > 12 or not secret:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.feed_token.encode(), secret.encode()):
        return None
    return user


def private_token(user: User) -> str:
    return f"{user.id}.{user.feed_token}"


def subscription_links(https_url: str, name: str | None = None) -> dict[str, str | None]:
    """The ways to add a feed URL to a client."""
    webcal = "webcal://" + https_url.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")
    return {
        "https": https_url,
        "webcal": webcal,
        # Google refuses subscription URLs over 256 characters: offer it only when it fits.
        "google": google if len(webcal) <= GOOGLE_URL_LIMIT else None,
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https_url, "name": name or current_app.config["CALENDAR_NAME"]}),
    }
