"""The visitor's remembered view: the zone times are shown in and the filters last applied,
kept in one cookie, as Google Calendar and Outlook keep them as settings.

The cookie holds the same query arguments a view's URL takes ("kind=training&tz=Asia%2F
Tokyo"), so a remembered view is read exactly as a URL is. Only the filter form (through
/calendar/view) writes it: a link someone shares with ?tz= or filters shows that view but
does not change what the visitor chose. Arguments in a URL always win over the cookie."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Response, current_app, request
from werkzeug.datastructures import MultiDict

COOKIE = "calendar_view"
MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie (Chrome caps at 400 days)
# Browsers drop cookies over 4 KB; a longer filter is carried by the URL only.
LONGEST = 3000
FILTER_ARGS = ("kind", "force", "country", "location", "status", "q")
VIEW_ARGS = (*FILTER_ARGS, "tz")


def remembered_text() -> str:
    """The cookie as sent (what a cached page depends on); "" when there is none."""
    return request.cookies.get(COOKIE, "")[:LONGEST]


def remembered() -> MultiDict:
    """The remembered view arguments (unchecked: read them as the URL's are read)."""
    pairs = parse_qsl(remembered_text(), keep_blank_values=False)
    return MultiDict([(name, value) for name, value in pairs if name in VIEW_ARGS])


def has_filter(args) -> bool:
    return any(args.get(name) for name in FILTER_ARGS)


def remember(response: Response, args: dict) -> Response:
    """Keep `args` (a view's filters and zone) for the visitor's next pages; forget the
    view when there is nothing to keep."""
    text = urlencode(args, doseq=True)
    if len(text) > LONGEST and "tz" in args:
        text = urlencode({"tz": args["tz"]})
    if not text or len(text) > LONGEST:
        response.delete_cookie(COOKIE, path="/")
        return response
    response.set_cookie(
        COOKIE,
        text,
        max_age=MAX_AGE,
        path="/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,  # the page carries what its script needs
        samesite="Lax",
    )
    return response


def with_view_args(target: str, args: dict) -> str:
    """`target` (a path, maybe with a query) with the view arguments replaced by `args`;
    its other arguments (the agenda's ?from=) stay, its ?page= goes (a new view starts
    at its first page)."""
    parts = urlsplit(target)
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query)
        if name not in VIEW_ARGS and name != "page"
    ]
    query = urlencode(kept + list(MultiDict(args).items(multi=True)))
    return urlunsplit(("", "", parts.path, query, ""))
