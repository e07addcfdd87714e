"""Events: the pages that show and change one event, and the service layer behind them."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from . import import_routes, routes  # noqa: E402,F401
