"""One event's page, and the staff pages that add, edit, cancel, delete and restore events."""

from __future__ import annotations

from datetime import date
from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth.access import role_required
from ..domain.events import EventData
from ..domain.recurrence import (
    occurrence_key,
    recurrence_key,
)
from ..domain.text import CONTROL_SINGLE_LINE
from ..domain.timezones import timezone_names, utc_to_local
from ..domain.zone_picker import zone_name
from ..extensions import db
from ..models import Event, EventRevision
from ..schedule.view_state import display_zone_name
from ..security import render_error
from ..vocab import MAX_LENGTHS
from . import service
from .conflicts import REASON_NEEDED, UnconfirmedConflicts, confirm_or_refuse, summaries
from .display import linkify, when
from .forms import (
    DEFAULT_LENGTH,
    CancelForm,
    EventForm,
    form_values,
    kind_word,
    parse_local,
    status_word,
)
from .history import describe, summary
from .policy import can_view
from .series import (
    delete_series,
    update_series,
)
from .series_display import (
    changed_occurrences,
    describe_series,
    dropped_message,
    moved_from,
    next_occurrences,
    occurrence_history,
    series_history,
)
from .words import (
    date_time_text,
    language,
    location_label,
    location_shown,
    short_date,
    shown_title,
    text_lang,
)

bp = Blueprint("events", __name__)

FAILED_SUBMIT = 422  # a re-rendered form with field errors
CONFLICT = 409  # someone else saved first
CSRF_REFUSED = 400  # the token had expired or was missing: nothing saved, input kept
RESUBMIT = _l(
    "The form had expired or did not come from this site (for example, your session "
    "ended), so nothing was saved. Your input is kept below: check it and submit again."
)


@bp.context_processor
def event_words() -> dict:
    """What the event pages write with the request's language (the lead's i18n.setup may
    take these over): a kind's and a status's word, a moment as running text."""
    return {
        "kind_word": kind_word,
        "status_word": status_word,
        "event_date_time": date_time_text,
        "location_label": location_label,
        "location_shown": location_shown,
        "text_lang": text_lang,
    }


def get_visible_event(event_id: int) -> Event:
    """The event, or 404 when it is deleted or not visible to this visitor."""
    event = db.session.get(Event, event_id)
    if not can_view(event, current_user):
        abort(404)  # 404, not 403: do not confirm that an internal event exists
    return event


def history(event: Event) -> list:
    revisions = db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == event.id)
        .order_by(EventRevision.id.desc())
    )
    return [describe(revision, event.timezone) for revision in revisions]


@bp.get("/events/<id:event_id>")
def detail(event_id: int):
    event = db.session.get(Event, event_id)
    if event is not None and event.deleted_at is not None and _is_admin():
        return _deleted_page(event)
    event = get_visible_event(event_id)
    if event.is_override:  # an occurrence's page is at its series' address
        start = recurrence_key(event.recurrence_id, event.all_day)
        return redirect(occurrence_url(event.series_id, start))
    return event_page(event, event)


def occurrence_url(series_id: int, start, endpoint: str = "occurrence", **args) -> str:
    return url_for(
        f"events.{endpoint}", event_id=series_id, occurrence=occurrence_key(start), **args
    )


def event_page(event, record: Event, **context):
    """An event's page; `event` is what it shows (a row, or an occurrence of a series),
    `record` the row whose history it lists."""
    zone = display_zone_name()  # ?tz=, else the zone the visitor chose, else the default
    # Who changed what is staff business; anonymous visitors see the event only.
    entries = []
    if current_user.is_authenticated:
        if record.is_series:
            entries = series_history(record)
        else:
            entries = occurrence_history(record) if record.is_override else history(record)
    series = record.series if record.is_override else (record if record.is_series else None)
    description, description_lang = event.localized_description(language())
    if series is not None and not context.get("occurrence"):
        upcoming_title, upcoming = next_occurrences(series)
        context.update(
            upcoming=upcoming, upcoming_title=upcoming_title, changed=changed_occurrences(series)
        )
    return render_template(
        "events/detail.html",
        event=event,
        history=entries,
        action_form=FlaskForm(),
        display_tz=zone,
        when=when(event, zone),
        description=linkify(description),
        description_lang=description_lang,
        other_title=other_title(event),
        cancel_reason=service.cancel_reason(record) if event.is_cancelled else "",
        series=series,
        repeats=describe_series(series) if series is not None else "",
        moved_from=moved_from(record) if record.is_override else "",
        **context,
    )


def other_title(event) -> tuple[str, str] | None:
    """The title in the other language, (text, lang), when the event has one that differs
    from the title shown: editors see both on the event's page."""
    shown, lang = event.localized_title(language())
    other_lang = "ru" if lang == "en" else "en"
    other = (event.title_ru if other_lang == "ru" else event.title) or ""
    if not other.strip() or other == shown:
        return None
    return other, other_lang


def _default_zone() -> str:
    return current_app.config["CALENDAR_TIMEZONE"]


def _is_admin() -> bool:
    return current_user.is_authenticated and current_user.can("admin")


def _deleted_page(event: Event):
    """What an admin sees at a deleted event's address: who deleted it, when, and Restore.
    Still a 404: the event is not in the calendar (everyone else gets the plain 404)."""
    deletion = service.last_revision(event, "delete")
    return (
        render_template(
            "events/deleted.html",
            event=event,
            deletion=deletion,
            display_tz=_default_zone(),
            when=when(event, _default_zone()),
        ),
        404,
    )


def render_form(
    form: EventForm,
    event: Event | None,
    status: int = 200,
    conflict=None,
    notice=None,
    copied_from: Event | None = None,
    **context,
):
    return (
        render_template(
            "events/form.html",
            form=form,
            event=event,
            conflict=conflict,
            notice=notice,
            copied_from=copied_from,
            timezone_names=timezone_names(),
            default_timezone=current_app.config["CALENDAR_TIMEZONE"],
            **context,
        ),
        status,
    )


def new_event_defaults(args) -> tuple[dict, Event | None]:
    """What a new form starts with: `?copy=<id>` copies a visible event (Duplicate);
    `?date=YYYY-MM-DD` or `?start=YYYY-MM-DDTHH:MM` sets when (links from the grid).
    Values that make no sense are ignored: the form simply starts empty there."""
    defaults = {"status": "confirmed", "visibility": "public"}
    original = None
    copy_id = (args.get("copy") or "").strip()
    if copy_id:
        original = get_visible_event(int(copy_id) if copy_id.isdigit() and len(copy_id) < 10 else 0)
        values = form_values(original)
        del values["version"]
        if values["status"] == "cancelled":
            values["status"] = "confirmed"
        defaults.update(values)
    start = (args.get("start") or "").strip()
    day = (args.get("date") or "").strip()[:10]
    moment = parse_local(*start.split("T", 1)) if "T" in start else None
    if moment is not None:
        end = moment + DEFAULT_LENGTH
        defaults.update(
            all_day=False,
            start_date=moment.date().isoformat(),
            start_time=f"{moment:%H:%M}",
            end_date="" if end.date() == moment.date() else end.date().isoformat(),
            end_time=f"{end:%H:%M}",
        )
    elif _is_date(day):
        defaults.update(start_date=day, end_date="")
    return defaults, original


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


@bp.route("/events/new", methods=["GET", "POST"])
@role_required("editor")
def new():
    defaults, original = new_event_defaults(request.args)
    form = EventForm(data=defaults)
    if form.validate_on_submit():
        try:
            data = form.additions.added_to(form.data_out, current_user)
            event = service.create_event(data, current_user)
        except IntegrityError:
            return refuse_taken(form, None)
        if refused := refuse_double_booking(form, None, event):
            return refused
        db.session.commit()
        flash(gettext("Event “%(title)s” created.", title=shown_title(event)), "success")
        return redirect(url_for("events.detail", event_id=event.id))
    return render_form(
        form, None, FAILED_SUBMIT if form.is_submitted() else 200, copied_from=original
    )


@bp.route("/events/<id:event_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def edit(event_id: int):
    event = _deleted_while_editing(event_id) or get_visible_event(event_id)
    if event.is_override and request.method == "GET":  # one occurrence: at its own address
        start = recurrence_key(event.recurrence_id, event.all_day)
        return redirect(occurrence_url(event.series_id, start, "occurrence_edit", scope="this"))
    form = series_form(event, EventForm(data=form_values(event)))
    # Saving over a deletion is an admin's "Restore and save"; anyone else hears about it.
    restoring = event.is_deleted and _is_admin() and bool(request.form.get("restore"))
    if not ((restoring or not event.is_deleted) and form.validate_on_submit()):
        if event.is_deleted:
            return _refuse_deleted(form, event)
        return render_form(form, event, FAILED_SUBMIT if form.is_submitted() else 200)
    expected = form.loaded_version()
    try:
        if restoring:
            expected = _restore(event, expected)
        data = form.additions.added_to(form.data_out, current_user)
        dropped = save_event(event, data, expected)
    except service.StaleEventError as stale:
        return refuse_stale(form, stale)
    except IntegrityError:
        return refuse_taken(form, event)
    if refused := refuse_double_booking(form, event, event):
        return refused
    db.session.commit()
    if restoring:
        flash(gettext("Event “%(title)s” restored and saved.", title=shown_title(event)), "success")
    else:
        flash(gettext("Event “%(title)s” saved.", title=shown_title(event)), "success")
    if dropped:
        flash(dropped_message(dropped, event), "info")
    return redirect(url_for("events.detail", event_id=event.id))


def series_form(event: Event, form: EventForm) -> EventForm:
    """The form of a stored event: a series keeps its excluded dates; an override (one
    occurrence) has no Repeats of its own."""
    form.exdates = EventData.from_event(event).exdates if event.is_series else ()
    form.repeats_allowed = not event.is_override
    return form


def save_event(event: Event, data, expected: int) -> list[Event]:
    """Save the form over `event`; a series (or an event made one) as all its occurrences.
    The overrides a changed rule dropped are returned."""
    if event.is_series:
        return update_series(event, data, current_user, expected_version=expected).dropped
    service.update_event(event, data, current_user, expected_version=expected)
    return []


def refuse_double_booking(form: EventForm, event: Event | None, written: Event, **context):
    """After the write is flushed, before the commit: when it double-books a force, a venue
    or an official and the editor has not said "save anyway" with a reason, nothing is
    saved and the form comes back with the conflicts listed (None: go on and commit)."""
    confirmed = bool(form.confirm_conflicts.data)
    reason = form.conflict_reason.data or ""
    if len(reason) > MAX_LENGTHS["conflict_reason"] or CONTROL_SINGLE_LINE.search(reason):
        reason = ""  # unusable: asked for again
    try:
        confirm_or_refuse(written, confirmed=confirmed, reason=reason)
    except UnconfirmedConflicts as refused:
        double_bookings = summaries(refused.conflicts, language())
        db.session.rollback()
        if confirmed:
            form.conflict_reason.errors = [gettext(REASON_NEEDED)]
        return render_form(form, event, CONFLICT, double_bookings=double_bookings, **context)
    return None


def refuse_taken(form: EventForm, event: Event | None, **context):
    """Someone added a location or force of the same name a moment ago: nothing is saved,
    and checking the form again names the field (as /manage does)."""
    db.session.rollback()
    form.additions.validate(form.location_id.data or "")
    return render_form(form, event, FAILED_SUBMIT, **context)


def _deleted_while_editing(event_id: int) -> Event | None:
    """The event when a save (a POST) reaches it deleted: its editor had the form open, so
    the answer is what happened to it rather than "not found". A GET still gets the 404."""
    event = db.session.get(Event, event_id)
    if request.method == "POST" and event is not None and event.is_deleted:
        return event
    return None


def _restore(event: Event, loaded_version: int) -> int:
    """An admin's way back: restore the deleted event (refused if it changed since the
    admin saw it deleted), so that the form is saved over it in the same transaction.
    The restore is flushed as a version of its own, as every saved change is; the
    version returned is the one the save is made against."""
    service.restore_event(event, current_user, expected_version=loaded_version)
    db.session.flush()
    return event.version


def _refuse_deleted(form: EventForm, event: Event):
    """Keep what the user typed, say who deleted the event and when, and name the way
    back: an administrator's restore (offered here to an admin, with the save)."""
    db.session.rollback()
    deletion = service.last_revision(event, "delete")
    who = deletion.user.username if deletion and deletion.user else gettext("someone")
    at = short_date(utc_to_local(event.deleted_at, _default_zone()))
    form.version.data = str(event.version)  # a restore must start from the deleted version
    conflict = {
        "message": gettext(
            "Not saved: %(who)s deleted this event on %(at)s (%(zone)s time) "
            "while you were editing.",
            who=who,
            at=at,
            zone=zone_name(_default_zone(), language()),
        ),
        "entries": [describe(deletion, event.timezone)] if deletion else [],
        "deleted": True,
    }
    return render_form(form, event, CONFLICT, conflict)


def refuse_stale(form: EventForm, stale: service.StaleEventError, **context):
    """Keep what the user typed, name who changed what, and let a second save be deliberate."""
    db.session.rollback()
    event = stale.event
    names = "; ".join(summary(revision) for revision in stale.revisions)
    form.version.data = str(event.version)  # saving again now means "replace theirs with mine"
    conflict = {
        "message": gettext("Not saved: %(changes)s while you were editing.", changes=names),
        "entries": [describe(revision, event.timezone) for revision in stale.revisions],
    }
    return render_form(form, event, CONFLICT, conflict, **context)


def version_field() -> int:
    """The version the page showed; missing or mangled counts as stale."""
    value = (request.form.get("version") or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else 0


def act(event: Event, action, done: str):
    """Run cancel/delete with the version the page showed; refuse if it moved on.
    (CSRFProtect has already refused any POST without a valid token.)"""
    try:
        action(event, current_user, expected_version=version_field())
    except service.StaleEventError as stale:
        db.session.rollback()
        names = "; ".join(summary(revision) for revision in stale.revisions)
        flash(
            gettext(
                "Nothing done: %(changes)s since you opened the page. Check and try again.",
                changes=names,
            ),
            "error",
        )
        return False
    db.session.commit()
    flash(done, "success")
    return True


@bp.route("/events/<id:event_id>/cancel", methods=["GET", "POST"])
@role_required("editor")
def cancel(event_id: int):
    """Cancelling reaches every subscriber's calendar: ask first, with an optional reason."""
    event = get_visible_event(event_id)
    if event.is_cancelled:
        flash(gettext("The event was already cancelled."), "info")
        return redirect(url_for("events.detail", event_id=event.id))
    form = CancelForm()
    if request.method == "GET" or not form.validate():
        status = FAILED_SUBMIT if request.method == "POST" else 200
        return render_template("events/cancel.html", event=event, form=form), status
    reason = form.reason.data or ""
    done = gettext(
        "Event “%(title)s” cancelled; it stays visible, marked as cancelled.",
        title=shown_title(event),
    )
    act(event, partial(service.cancel_event, reason=reason), done)
    return redirect(url_for("events.detail", event_id=event.id))


@bp.post("/events/<id:event_id>/reinstate")
@role_required("editor")
def reinstate(event_id: int):
    event = get_visible_event(event_id)
    if not event.is_cancelled:
        flash(gettext("The event is not cancelled."), "info")
    else:
        done = gettext(
            "Event “%(title)s” reinstated; subscribers see it as going ahead again.",
            title=shown_title(event),
        )
        act(event, service.reinstate_event, done)
    return redirect(url_for("events.detail", event_id=event.id))


@bp.route("/events/<id:event_id>/delete", methods=["GET", "POST"])
@role_required("editor")
def delete(event_id: int):
    event = get_visible_event(event_id)
    if request.method == "GET":
        return render_template("events/delete.html", event=event, action_form=FlaskForm())
    done = gettext(
        "Event “%(title)s” deleted. An administrator can restore it from the audit log.",
        title=shown_title(event),
    )
    remove = delete_series if event.is_series else service.delete_event
    if not act(event, remove, done):
        return redirect(url_for("events.detail", event_id=event.id))
    first_day = event_month(event)
    return redirect(url_for("schedule.month", year=first_day.year, month=first_day.month))


def event_month(event: Event) -> date:
    """The day the event starts, as the month view shows it (timed: in the default zone)."""
    if event.all_day:
        return event.start_date
    return utc_to_local(event.starts_at, _default_zone()).date()


@bp.post("/events/<id:event_id>/restore")
@role_required("admin")
def restore(event_id: int):
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if event.deleted_at is None:
        flash(gettext("That event is not deleted."), "info")
    else:
        service.restore_event(event, current_user)
        db.session.commit()
        flash(gettext("Event “%(title)s” restored.", title=shown_title(event)), "success")
    return redirect(url_for("events.detail", event_id=event.id))


@bp.errorhandler(CSRFError)
def csrf_refused(error: CSRFError):
    """CSRFProtect refused a POST before any view ran. On the event form, never drop what was
    typed: show it again with a fresh token and ask for another submit. Everywhere else,
    and for anyone who could not have used the form, the app's plain 400 page."""
    forms = ("events.new", "events.edit", "events.occurrence_edit")
    if request.method != "POST" or request.endpoint not in forms:
        return render_error(error)
    if not (current_user.is_authenticated and current_user.can("editor")):
        return render_error(error)
    if request.endpoint == "events.occurrence_edit":
        args = request.view_args or {}
        page = series_routes.occurrence_csrf_refused(args["event_id"], args["occurrence"])
        return page if page is not None else render_error(error)
    event = None
    if request.endpoint == "events.edit":
        event = db.session.get(Event, (request.view_args or {}).get("event_id", 0))
        if event is None:
            return render_error(error)
        if event.is_deleted:  # that news matters more than the token: no save can work
            return _refuse_deleted(EventForm(), event)
    form = EventForm()  # the submitted input, not validated: nothing is saved
    return render_form(form, event, CSRF_REFUSED, notice=RESUBMIT)


# The scopes of an occurrence (edit, cancel, delete, reinstate) add their routes to `bp`.
from . import series_routes  # noqa: E402
