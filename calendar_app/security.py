"""Security headers on every response, and error pages rendered by the app (never a traceback)."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, UnprocessableEntity

from .domain.text import N_
from .events.service import InvalidEvent
from .extensions import db
from .i18n.messages import translate

# No inline script or style anywhere: everything the pages use ships in static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

MESSAGES = {
    400: N_("The request could not be understood."),
    403: N_("Your account does not have the role needed for this page or action."),
    404: N_("There is nothing at this address."),
    405: N_("This address does not accept that kind of request."),
    413: N_("What you sent is too large."),
    429: N_("Too many attempts. Wait a little and try again."),
    500: N_(
        "Something went wrong on our side. Nothing you entered was saved half-way; "
        "please try again."
    ),
}
# The error pages' headings ("404 Not Found"), in the page's language.
NAMES = {
    400: N_("Bad Request"),
    401: N_("Unauthorized"),
    403: N_("Forbidden"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    409: N_("Conflict"),
    412: N_("Precondition Failed"),
    413: N_("Request Entity Too Large"),
    415: N_("Unsupported Media Type"),
    422: N_("Unprocessable Entity"),
    428: N_("Precondition Required"),
    429: N_("Too Many Requests"),
    500: N_("Internal Server Error"),
}


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["CALENDAR_BASE_URL"].startswith("https://") or request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(error: HTTPException):
    code = error.code or 500
    if isinstance(error, CSRFError):
        message = N_(
            "The form had expired or did not come from this site, so nothing was saved. "
            "Go back, reload the page and try again."
        )
    elif code == 500:
        message = MESSAGES[500]
    else:
        default = type(error).description
        message = (
            error.description
            if error.description != default
            else MESSAGES.get(code, error.description)
        )
    message = translate(message)  # the API's "error" too follows Accept-Language
    if wants_json():
        return jsonify({"error": message, "fields": {}}), code
    name = translate(NAMES[code]) if code in NAMES else error.name
    return render_template("errors/error.html", code=code, name=name, message=message), code


def handle_unexpected(error: Exception):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(InternalServerError())


def refuse_invalid_event(error: InvalidEvent):
    """The service's own check refused a write that got past a form or schema (a location
    deleted meanwhile, say): nothing is kept, and the person is told why."""
    db.session.rollback()
    said = "; ".join(error.errors.values())
    return render_error(UnprocessableEntity(description=f"Nothing was saved: {said}"))


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(InvalidEvent, refuse_invalid_event)
    app.register_error_handler(Exception, handle_unexpected)
