"""Sign-in, roles and the rule that some installations show nothing without a login."""

from .access import login_exempt, role_required  # noqa: F401
