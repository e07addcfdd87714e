"""Feed endpoints: thin; the work is in build.py, ical.py and store.py."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wsgi import wrap_file

from ..auth import accounts, login_exempt
from ..domain.countries import country_name
from ..domain.filters import EventFilter, FilterError, describe_filter, parse_filter
from ..events.policy import can_view, sees_internal
from ..extensions import db
from ..models import Event, FeedState, Force, Location
from ..urls import public_url, safe_next, same_site_path
from .build import STREAM_ABOVE, FeedRequest, feed_outline, iter_feed, parse_window
from .ical import FeedOptions
from .store import feed_state
from .subscriptions import private_token, subscription_links, user_for_feed_token

bp = Blueprint("feeds", __name__)

MAX_AGE = 300  # seconds; clients poll far less often, proxies may keep it this long


def feed_options(feed: FeedRequest) -> FeedOptions:
    if feed.only_event_id is not None:  # a file of one event, not a calendar to subscribe to
        return FeedOptions(name="", subscription=False)
    title, description = _title(feed.event_filter, feed.include_internal)
    return FeedOptions(name=title, description=description)


def _title(event_filter: EventFilter, include_internal: bool) -> tuple[str, str]:
    name = current_app.config["CALENDAR_NAME"]
    forces = dict(db.session.execute(select(Force.slug, Force.name)).all())
    locations = dict(db.session.execute(select(Location.id, Location.name)).all())
    countries = {code: country_name(code) for code in event_filter.countries}
    described = describe_filter(event_filter, forces, locations, countries)
    title = f"{name} — {described}" if described else name
    scope = "Public and internal events" if include_internal else "Public events"
    description = f"{scope} of the {name}" + (f": {described}" if described else "") + "."
    return title, description


def _feed_response(feed: FeedRequest, *, private: bool, filename: str) -> Response:
    state = feed_state()
    etag = feed.key(state)
    headers = {
        "Cache-Control": f"{'private' if private else 'public'}, max-age={MAX_AGE}",
        "Content-Disposition": f'inline; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    }
    # Revalidation first: a matching ETag costs one tiny read, no rendering.
    if request.if_none_match.contains_weak(etag) or (  # RFC 9110: weak comparison
        not request.if_none_match
        and request.if_modified_since is not None
        and state.changed_at.replace(microsecond=0) <= request.if_modified_since
    ):
        response = Response(status=304, headers=headers)
    else:
        response = _full_feed(feed, etag, headers, state)
    response.set_etag(etag)
    response.last_modified = state.changed_at
    return response


def _full_feed(feed: FeedRequest, etag: str, headers: dict, state: FeedState) -> Response:
    """The host's file for this ETag if one was built (gunicorn sends it by sendfile),
    else the feed built from stored texts now, and kept as that file."""
    files = current_app.extensions["feed_files"]
    kept = files.open(etag)
    if kept is not None:
        response = Response(wrap_file(request.environ, kept), direct_passthrough=True)
        response.content_length = os.fstat(kept.fileno()).st_size
    else:
        outline = feed_outline(feed)
        chunks = iter_feed(feed, feed_options(feed), outline, state)
        if outline.events > STREAM_ABOVE:  # too big to hold whole: written out as it is sent
            response = Response(stream_with_context(files.writing(etag, chunks)))
        else:
            body = b"".join(chunks)
            files.put(etag, body)
            response = Response(body)
    response.headers.update(headers)
    response.content_type = "text/calendar; charset=utf-8"
    return response


def _feed_request(include_internal: bool, only_event_id: int | None = None) -> FeedRequest:
    try:
        event_filter = parse_filter(request.args, current_app.config["CALENDAR_KINDS"])
        start, end = parse_window(
            request.args, current_app.config["CALENDAR_FEED_PAST_DAYS"], datetime.now(UTC).date()
        )
    except FilterError as error:
        abort(400, description=str(error))
    return FeedRequest(include_internal, event_filter, start, end, only_event_id)


@bp.route("/calendar.ics", methods=["GET", "HEAD"])
def calendar():
    return _feed_response(_feed_request(False), private=False, filename="calendar.ics")


@bp.route("/feeds/<token>/calendar.ics", methods=["GET", "HEAD"])
@login_exempt  # the token is the credential: calendar clients cannot sign in
def private(token: str):
    if user_for_feed_token(token) is None:
        abort(404)
    return _feed_response(_feed_request(True), private=True, filename="calendar.ics")


@bp.route("/events/<id:event_id>.ics", methods=["GET", "HEAD"])
def event(event_id: int):
    item = db.session.get(Event, event_id)
    if not can_view(item, current_user):
        abort(404)
    # A series comes with its overrides; an override's file is its whole series (a
    # client cannot place an occurrence without the rule it belongs to).
    whole = item.series_id if item.is_override else item.id
    feed = _feed_request(sees_internal(current_user), only_event_id=whole)
    response = _feed_response(
        feed, private=item.visibility != "public", filename=f"event-{item.id}.ics"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="event-{item.id}.ics"'
    return response


@bp.get("/subscribe")
def subscribe():
    try:
        event_filter = parse_filter(request.args, current_app.config["CALENDAR_KINDS"])
    except FilterError as error:
        abort(400, description=str(error))
    public = public_url("feeds.calendar", **event_filter.to_args())
    title, _ = _title(event_filter, False)
    private_links = None
    if current_user.is_authenticated:
        private_links = subscription_links(
            public_url("feeds.private", token=private_token(current_user), **event_filter.to_args())
        )
    return render_template(
        "feeds/subscribe.html",
        links=subscription_links(public),
        private_links=private_links,
        feed_title=title,
        event_filter=event_filter,
    )


RESET_CONFIRMATION = "confirm_reset"


def _back_to_origin() -> str:
    """The page the reset form was on (/account or /subscribe), never another site."""
    target = safe_next(request.form.get("next")) or same_site_path(request.referrer, request.host)
    return target or url_for("account.page")


@bp.post("/subscribe/reset-private-feed")
@login_required
def reset_private_feed():
    """A new secret for the user's private feed; the old address stops working at once.

    It breaks every existing subscription, so the form must carry a ticked
    "I understand" box; without it nothing changes.
    """
    if request.form.get(RESET_CONFIRMATION) != "y":
        flash(
            "Your private feed address was not reset: tick “I understand my calendar apps "
            "will stop updating” first.",
            "error",
        )
        return redirect(_back_to_origin())
    user = current_user._get_current_object()
    accounts.reset_feed_token(user, actor=user)
    db.session.commit()
    flash(
        "Your private feed has a new address. Update it in your calendar applications; "
        "the old address no longer works.",
        "success",
    )
    return redirect(_back_to_origin())
