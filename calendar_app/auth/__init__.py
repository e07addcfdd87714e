"""Sign-in, roles and the rule that some installations show nothing without a login."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes  # noqa: E402,F401
from .access import login_exempt, role_required  # noqa: E402,F401
