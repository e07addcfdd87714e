"""Home and health."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, send_from_directory, url_for

from ..auth import login_exempt
from ..domain.filters import FilterError
from ..schedule.errors import bad_arguments
from ..schedule.view_state import read_view_state
from ..schema import check_schema

bp = Blueprint("main", __name__)

bp.register_error_handler(FilterError, bad_arguments)


@bp.get("/")
def index():
    """The current month in the display zone, keeping any filters and zone given."""
    state = read_view_state()
    today = state.today()
    return redirect(url_for("schedule.month", year=today.year, month=today.month, **state.args))


@bp.get("/favicon.ico")
@login_exempt
def favicon():
    """Browsers ask for /favicon.ico whatever the page links; answer with the packaged icon."""
    response = send_from_directory(
        current_app.static_folder, "img/favicon.ico", mimetype="image/vnd.microsoft.icon"
    )
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.get("/healthz")
def healthz():
    """For the load balancer: each call looks at the database and its schema again, which
    is also how a serving process learns that the schema has changed (see schema.py)."""
    try:
        problem = check_schema()
    except Exception as error:  # any database failure means "not healthy"
        current_app.logger.warning("health check failed: %s", error)
        return {"status": "error", "database": "unreachable"}, 503
    if problem:
        return {"status": "error", "database": problem.state, "message": problem.message}, 503
    return {"status": "ok", "database": "ok"}
