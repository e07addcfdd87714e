"""Feed endpoints: thin; the work is in build.py, ical.py and store.py."""

from __future__ import annotations

import os
from dataclasses import replace
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
from flask_babel import force_locale, gettext
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wsgi import wrap_file

from ..auth import accounts, login_exempt
from ..domain.countries import country_name
from ..domain.filters import EventFilter, FilterError, describe_filter, parse_filter
from ..domain.text import N_, Message
from ..events.policy import can_view, sees_internal
from ..extensions import db
from ..i18n.locales import LOCALES
from ..i18n.messages import translate
from ..i18n.setup import calendar_name, current_language, kind_label, status_label
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
    title, description = _title(feed.event_filter, feed.include_internal, feed.language)
    return FeedOptions(name=title, description=description)


def feed_language(args) -> str:
    """?lang=en|ru: the language of a feed's texts; absent, English (the feed every
    existing subscription has). FilterError for any other value."""
    value = args.get("lang", "en").strip().lower() or "en"
    if value not in LOCALES:
        choices = ", ".join(f"'{code}'" for code in LOCALES)
        raise FilterError(Message(N_("'lang' must be one of %(choices)s"), choices=choices))
    return value


def _title(event_filter: EventFilter, include_internal: bool, language: str = "en"):
    """The calendar's name and description (X-WR-CALNAME, X-WR-CALDESC) in `language`."""
    if language != "en":
        with force_locale(language):
            return _title_in(event_filter, include_internal, language)
    name = current_app.config["CALENDAR_NAME"]
    forces = dict(db.session.execute(select(Force.slug, Force.name)).all())
    locations = dict(db.session.execute(select(Location.id, Location.name)).all())
    countries = {code: country_name(code) for code in event_filter.countries}
    described = describe_filter(event_filter, forces, locations, countries)
    title = f"{name} — {described}" if described else name
    scope = "Public and internal events" if include_internal else "Public events"
    description = f"{scope} of the {name}" + (f": {described}" if described else "") + "."
    return title, description


def _title_in(event_filter: EventFilter, include_internal: bool, language: str):
    """_title in another language than English (inside force_locale): the names of
    forces, locations, countries, kinds and statuses in it where they exist."""
    name = calendar_name(language)
    forces = {
        force.slug: force.localized_name(language)[0]
        for force in db.session.scalars(select(Force).where(Force.slug.in_(event_filter.forces)))
    }
    chosen = db.session.scalars(select(Location).where(Location.id.in_(event_filter.locations)))
    locations = {location.id: location.localized_name(language)[0] for location in chosen}
    countries = {code: country_name(code, language) for code in event_filter.countries}
    words = replace(
        event_filter,
        kinds=tuple(kind_label(kind) for kind in event_filter.kinds),
        statuses=tuple(status_label(status) for status in event_filter.statuses),
    )
    described = describe_filter(words, forces, locations, countries)
    title = f"{name} — {described}" if described else name
    if include_internal:
        description = gettext("Public and internal events of the %(name)s", name=name)
    else:
        description = gettext("Public events of the %(name)s", name=name)
    return title, description + (f": {described}" if described else "") + "."


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
        language = feed_language(request.args)
    except FilterError as error:
        abort(400, description=translate(error.args[0]))
    return FeedRequest(include_internal, event_filter, start, end, only_event_id, language)


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
        abort(400, description=translate(error.args[0]))
    language = current_language()
    title, _ = _title(event_filter, False, language)
    private_links = None
    if current_user.is_authenticated:
        token = private_token(current_user)
        private_links = _feeds_by_language("feeds.private", event_filter, language, token=token)
    return render_template(
        "feeds/subscribe.html",
        links=_feeds_by_language("feeds.calendar", event_filter, language),
        private_links=private_links,
        feed_title=title,
        event_filter=event_filter,
    )


def _feeds_by_language(endpoint: str, event_filter: EventFilter, page_language: str, **values):
    """[(feed language, its links)]: the English feed (its address as it always was) and
    the Russian one (?lang=ru), the page's language first."""
    feeds = []
    for language in LOCALES:
        extra = {} if language == "en" else {"lang": language}
        url = public_url(endpoint, **values, **event_filter.to_args(), **extra)
        feeds.append((language, subscription_links(url, calendar_name(language))))
    feeds.sort(key=lambda feed: feed[0] != page_language)
    return feeds


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
