"""Home and health: the minimal pages until the schedule views arrive."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, redirect, url_for
from sqlalchemy import text

from ..domain.timezones import zone
from ..extensions import db
from . import bp


@bp.get("/")
def index():
    today = datetime.now(zone(current_app.config["CALENDAR_TIMEZONE"])).date()
    return redirect(url_for("schedule.month", year=today.year, month=today.month))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any database failure means "not healthy"
        current_app.logger.warning("health check failed: %s", error)
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
