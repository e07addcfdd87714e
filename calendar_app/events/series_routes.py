"""One occurrence of a series, changed with a scope, as Google Calendar asks: this
occurrence, this and following, or all occurrences (events/series.py does each)."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from ..auth.access import role_required
from ..domain.recurrence import format_rule, occurrence_key, parse_occurrence_key
from ..extensions import db
from ..models import Event
from . import service
from .forms import CancelForm, EventForm, form_values
from .occurrences import stored_series
from .repeats import repeat_values
from .routes import (
    CSRF_REFUSED,
    FAILED_SUBMIT,
    RESUBMIT,
    act,
    bp,
    event_page,
    get_visible_event,
    occurrence_url,
    refuse_double_booking,
    refuse_stale,
    refuse_taken,
    render_form,
)
from .series import (
    NotAnOccurrence,
    cancel_occurrence,
    check_occurrence,
    delete_following,
    delete_occurrence,
    delete_series,
    edit_occurrence,
    find_override,
    occurrences_before,
    restore_occurrence,
    split_and_cancel,
    split_series,
)
from .series_display import OccurrenceOf, dropped_message, occurrence_label
from .words import shown_title

SCOPE_LABELS = {
    "this": _l("This occurrence"),
    "following": _l("This and following occurrences"),
    "all": _l("All occurrences"),
}
SCOPE_HEADINGS = {
    "this": _l("Edit this occurrence"),
    "following": _l("Edit this and following occurrences"),
}
FORM_SCOPES = ("this", "following")


def _occurrence(event_id: int, key: str):
    """The series and the occurrence an address names, or 404."""
    series = get_visible_event(event_id)
    start = parse_occurrence_key(key)
    if start is None:
        abort(404)
    if not series.is_series:  # a link kept from when it repeated: the event itself
        abort(redirect(url_for("events.detail", event_id=series.id)))
    try:
        check_occurrence(series, start)
    except NotAnOccurrence:
        abort(404)
    return series, start


def _shown(series: Event, start):
    """The occurrence as its page shows it: its override, else the series at it."""
    override = find_override(series, start)
    if override is not None and not override.is_deleted:
        return override
    return OccurrenceOf(series, start)


@bp.get("/events/<id:event_id>/<occurrence>")
def occurrence(event_id: int, occurrence: str):
    """One occurrence of a series, at its own address (its original start)."""
    series, start = _occurrence(event_id, occurrence)
    shown = _shown(series, start)
    record = series if isinstance(shown, OccurrenceOf) else shown  # whose history it lists
    return event_page(shown, record, occurrence=start, key=occurrence_key(start))


def following_rule(series: Event, start) -> str:
    """The rule "this and following" starts from: the series', its COUNT less the
    occurrences before `start`."""
    rule = stored_series(series).rule
    if rule.count is not None:
        rule = replace(rule, count=max(rule.count - len(occurrences_before(series, start)), 1))
    return format_rule(rule)


def occurrence_form(series: Event, start, scope: str) -> EventForm:
    """The event form for one occurrence ("this": no Repeats) or for the rest of the
    series from it ("following"), prefilled; the version is always the series'."""
    shown = _shown(series, start)
    values = form_values(shown)
    values["version"] = str(series.version)
    if scope == "following":
        values.update(repeat_values(shown, following_rule(series, start)))
    form = EventForm(data=values)
    form.repeats_allowed = scope == "following"
    form.exdates = ()
    return form


def form_context(series: Event, start, scope: str) -> dict:
    label = occurrence_label(start, series.timezone)
    notes = {
        "this": gettext(
            "Only the occurrence of %(when)s changes; the rest of the series stays.", when=label
        ),
        "following": gettext(
            "The series ends before %(when)s; from then on it continues "
            "as a new series with what this form says.",
            when=label,
        ),
    }
    return {
        "heading": SCOPE_HEADINGS[scope],
        "scope_note": notes[scope],
        "scope": scope,
        "form_action": occurrence_url(series.id, start, "occurrence_edit"),
        "back_url": occurrence_url(series.id, start),
    }


def _scope_page(series: Event, start, what: str, form=None, status: int = 200):
    return (
        render_template(
            "events/scope.html",
            series=series,
            event=_shown(series, start),
            start=start,
            key=request.view_args["occurrence"],
            label=occurrence_label(start, series.timezone),
            what=what,
            form=form or FlaskForm(),
            scopes=SCOPE_LABELS,
            chosen=request.values.get("scope", "this"),
        ),
        status,
    )


@bp.route("/events/<id:event_id>/<occurrence>/edit", methods=["GET", "POST"])
@role_required("editor")
def occurrence_edit(event_id: int, occurrence: str):
    series, start = _occurrence(event_id, occurrence)
    scope = request.values.get("scope", "")
    if scope == "all":
        return redirect(url_for("events.edit", event_id=series.id))
    if scope not in FORM_SCOPES:
        return _scope_page(series, start, "edit")
    form = occurrence_form(series, start, scope)
    context = form_context(series, start, scope)
    if not form.validate_on_submit():
        return render_form(form, series, FAILED_SUBMIT if form.is_submitted() else 200, **context)
    expected = form.loaded_version()
    try:
        data = form.additions.added_to(form.data_out, current_user)
        if scope == "this":
            written = edit_occurrence(series, start, data, current_user, expected_version=expected)
            target = occurrence_url(series.id, start)
            dropped = []
        else:
            if data.rrule == following_rule(series, start):
                data = replace(data, rrule=series.rrule)  # unchanged: the split follows it
            change = split_series(series, start, data, current_user, expected_version=expected)
            target, dropped = url_for("events.detail", event_id=change.series.id), change.dropped
            written = change.series
    except service.StaleEventError as stale:
        return refuse_stale(form, stale, **context)
    except IntegrityError:
        return refuse_taken(form, series, **context)
    if refused := refuse_double_booking(form, series, written, **context):
        return refused
    db.session.commit()
    saved = {
        "this": gettext("This occurrence of “%(title)s” saved.", title=shown_title(data)),
        "following": gettext(
            "This and following occurrences of “%(title)s” saved.", title=shown_title(data)
        ),
    }
    flash(saved[scope], "success")
    if dropped:
        flash(dropped_message(dropped, series), "info")
    return redirect(target)


def occurrence_csrf_refused(event_id: int, key: str):
    """An expired token on the occurrence form: the input shown again, nothing saved."""
    series = db.session.get(Event, event_id)
    start = parse_occurrence_key(key)
    scope = request.form.get("scope", "")
    if series is None or series.is_deleted or start is None or scope not in FORM_SCOPES:
        return None
    form = occurrence_form(series, start, scope)
    return render_form(
        form, series, CSRF_REFUSED, notice=RESUBMIT, **form_context(series, start, scope)
    )


@bp.route("/events/<id:event_id>/<occurrence>/cancel", methods=["GET", "POST"])
@role_required("editor")
def occurrence_cancel(event_id: int, occurrence: str):
    series, start = _occurrence(event_id, occurrence)
    form = CancelForm()
    scope = request.form.get("scope", "")
    if request.method == "GET" or scope not in SCOPE_LABELS or not form.validate():
        status = FAILED_SUBMIT if request.method == "POST" else 200
        return _scope_page(series, start, "cancel", form, status)
    reason = form.reason.data or ""
    label = occurrence_label(start, series.timezone)

    target = [occurrence_url(series.id, start)]

    def cancel(event, user, expected_version):
        if scope == "this":
            cancel_occurrence(event, start, user, expected_version=expected_version, reason=reason)
        elif scope == "following":
            change = split_and_cancel(event, start, user, expected_version=expected_version)
            target[0] = url_for("events.detail", event_id=change.series.id)
        else:
            service.cancel_event(event, user, expected_version=expected_version, reason=reason)

    done = {
        "this": gettext(
            "The occurrence of %(when)s is cancelled; it stays visible, marked as cancelled.",
            when=label,
        ),
        "following": gettext(
            "The occurrences from %(when)s on are cancelled; they stay visible.", when=label
        ),
        "all": gettext(
            "Every occurrence of “%(title)s” is cancelled; they stay visible.",
            title=shown_title(series),
        ),
    }[scope]
    act(series, cancel, done)
    return redirect(target[0])


@bp.route("/events/<id:event_id>/<occurrence>/delete", methods=["GET", "POST"])
@role_required("editor")
def occurrence_delete(event_id: int, occurrence: str):
    series, start = _occurrence(event_id, occurrence)
    scope = request.form.get("scope", "")
    if request.method == "GET" or scope not in SCOPE_LABELS:
        return _scope_page(series, start, "delete", status=200 if request.method == "GET" else 422)
    label = occurrence_label(start, series.timezone)
    remove = {
        "this": lambda e, u, expected_version: delete_occurrence(
            e, start, u, expected_version=expected_version
        ),
        "following": lambda e, u, expected_version: delete_following(
            e, start, u, expected_version=expected_version
        ),
        "all": delete_series,
    }[scope]
    done = {
        "this": gettext("The occurrence of %(when)s is deleted from the series.", when=label),
        "following": gettext("The occurrences from %(when)s on are deleted.", when=label),
        "all": gettext(
            "“%(title)s” is deleted, every occurrence. "
            "An administrator can restore it from the audit log.",
            title=shown_title(series),
        ),
    }[scope]
    if not act(series, remove, done):
        return redirect(occurrence_url(series.id, start))
    if scope == "this" or (scope == "following" and not series.is_deleted):
        return redirect(url_for("events.detail", event_id=series.id))
    return redirect(url_for("main.index"))


@bp.post("/events/<id:event_id>/<occurrence>/reinstate")
@role_required("editor")
def occurrence_reinstate(event_id: int, occurrence: str):
    series, start = _occurrence(event_id, occurrence)
    label = occurrence_label(start, series.timezone)

    def reinstate(event, user, expected_version):
        if restore_occurrence(event, start, user, expected_version=expected_version) is None:
            raise NotCancelled

    try:
        act(series, reinstate, gettext("The occurrence of %(when)s is reinstated.", when=label))
    except NotCancelled:
        db.session.rollback()
        flash(gettext("That occurrence is not cancelled on its own."), "info")
    return redirect(occurrence_url(series.id, start))


class NotCancelled(Exception):
    """The occurrence has no cancellation of its own to undo."""
