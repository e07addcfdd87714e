"""Which user a browser session belongs to: Flask-Login's user loader and its settings."""

from __future__ import annotations

import hmac

from flask import Flask, current_app
from flask_babel import gettext

from ..domain.text import N_
from ..extensions import db, login_manager
from ..models import User


def load_user(session_id: str) -> User | None:
    """The session holds "<id>.<password stamp>" (User.get_id); a deactivated user, or a
    session from before the user's last password change, is signed out."""
    if not current_app.extensions["schema_gate"].current:
        return None  # the request is being refused (schema.py): its tables may not be there
    user_id, _, stamp = session_id.partition(".")
    valid_id = user_id.isdigit() and len(user_id) <= 12
    user = db.session.get(User, int(user_id)) if valid_id else None
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(user.session_stamp, stamp) else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flashed in the request's language: the English text is the msgid, gettext translates it.
    login_manager.login_message = N_("Please sign in to see that page.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
