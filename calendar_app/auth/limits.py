"""Rate limiting of failed logins, per username and client address.

Flask-Limiter keeps its counters in memory by default (fine for one process);
CALENDAR_RATELIMIT_STORAGE_URL (e.g. redis://host:6379) shares them between
processes.
"""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def username_and_address() -> str:
    username = (request.form.get("username") or "").strip().lower()[:64]
    return f"login:{username}:{get_remote_address()}"


def login_failed(response) -> bool:
    """Only failed attempts count: a successful login redirects."""
    return response.status_code != 302
