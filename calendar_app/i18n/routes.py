"""/language/<code>: the switcher. It keeps the choice in a cookie (nothing is stored) and
goes back to the page it was used on; links elsewhere carry no language."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for

from ..urls import safe_next
from .locales import COOKIE, COOKIE_MAX_AGE, LOCALES

bp = Blueprint("i18n", __name__)


@bp.get("/language/<code>")
def choose(code: str):
    if code not in LOCALES:
        abort(404)
    response = redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    response.set_cookie(
        COOKIE,
        code,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure,
        httponly=True,
    )
    return response
