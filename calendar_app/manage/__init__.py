"""Staff administration: forces and locations (editors), users and the audit log (admins)."""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")

from . import routes  # noqa: E402,F401
