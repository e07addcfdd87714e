"""Who may do what: role checks for views, and the optional login-for-everything rule."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user

from ..extensions import login_manager

# Reachable without a login even when CALENDAR_REQUIRE_LOGIN is on: the login page
# itself, static files and the load balancer's health check. Views may add themselves
# with @login_exempt (e.g. a private feed that carries its own token).
ALWAYS_OPEN = {"auth.login", "auth.logout", "static", "main.healthz"}


def login_exempt(view: Callable) -> Callable:
    view.login_exempt = True  # type: ignore[attr-defined]
    return view


def role_required(role: str) -> Callable:
    """Anonymous visitors go to the login page; signed-in users below `role` get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require_login_everywhere():
    """before_app_request hook: with CALENDAR_REQUIRE_LOGIN every page needs a login."""
    if not current_app.config.get("CALENDAR_REQUIRE_LOGIN") or current_user.is_authenticated:
        return None
    if request.endpoint is None or request.endpoint in ALWAYS_OPEN:
        return None  # unknown URLs still answer 404
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "login_exempt", False):
        return None
    return login_manager.unauthorized()
