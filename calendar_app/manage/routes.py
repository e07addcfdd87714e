"""Managed lists (forces, locations), users, and the audit log with restore."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext, ngettext
from flask_login import current_user, login_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..auth import accounts
from ..auth.access import role_required
from ..auth.accounts import ROLE_WORDS
from ..auth.users import username_taken
from ..domain.audit_filter import parse_audit_filter
from ..domain.filters import FilterError
from ..domain.paging import PageNumberError, parse_page
from ..domain.text import N_
from ..domain.timezones import timezone_names
from ..events import service
from ..extensions import db
from ..i18n.messages import translate
from ..models import Event, Force, Location, Official, User, event_forces, event_officials
from . import audit as audit_log
from .forms import ForceForm, LocationForm, OfficialForm, UserCreateForm, UserEditForm
from .records import name_taken, slugify, taken_message

bp = Blueprint("manage", __name__, url_prefix="/manage")

FAILED_SUBMIT = 422

# What the flashes say of each kind of record (msgids: Russian declines each noun).
ADDED = {
    "force": N_("Force “%(name)s” added."),
    "official": N_("Official “%(name)s” added."),
    "location": N_("Location “%(name)s” added."),
}
SAVED = {
    "force": N_("Force “%(name)s” saved."),
    "official": N_("Official “%(name)s” saved."),
    "location": N_("Location “%(name)s” saved."),
}
DELETED = {
    "force": N_("Force “%(name)s” deleted."),
    "official": N_("Official “%(name)s” deleted."),
    "location": N_("Location “%(name)s” deleted."),
}


def _get(model, record_id: int):
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record


def _save_named(form, record, save, values: dict) -> bool:
    """Save a force or location; a taken name is a field error, never a 500."""
    if name_taken(type(record), values["name"], record.id):
        form.name.errors = [gettext(taken_message(type(record)))]
        return False
    try:
        save(record, values, current_user)
        db.session.commit()  # the service only flushes: the view ends the transaction
    except IntegrityError:  # someone took the name a moment ago
        db.session.rollback()
        form.name.errors = [gettext(taken_message(type(record)))]
        return False
    return True


def _render_edit(form, record, what: str, delete_endpoint: str | None, status: int = 200):
    return (
        render_template(
            "manage/edit.html",
            form=form,
            record=record,
            what=what,
            delete_endpoint=delete_endpoint,
            timezone_names=timezone_names(),
        ),
        status,
    )


def _delete_unless_used(record, uses: int, what: str, list_endpoint: str):
    if uses:
        flash(
            ngettext(
                "“%(name)s” is used by %(num)d event (deleted ones included), so it cannot "
                "be deleted. You can rename it.",
                "“%(name)s” is used by %(num)d events (deleted ones included), so it cannot "
                "be deleted. You can rename it.",
                uses,
                name=record.name,
            ),
            "error",
        )
        return redirect(request.referrer or url_for(list_endpoint))
    name = record.name
    service.delete_unused_record(record)
    db.session.commit()
    flash(gettext(DELETED[what], name=name), "success")
    return redirect(url_for(list_endpoint))


# ---- forces -------------------------------------------------------------------------


def force_uses() -> dict[int, int]:
    rows = db.session.execute(
        select(event_forces.c.force_id, func.count()).group_by(event_forces.c.force_id)
    )
    return dict(rows.all())


@bp.get("/forces")
@role_required("editor")
def forces():
    records = db.session.scalars(select(Force).order_by(Force.name)).all()
    return render_template("manage/forces.html", forces=records, uses=force_uses())


def _new_named(form, record, save, what: str, list_endpoint: str):
    """The "new" page of a managed list (force, official): add, or say what is wrong."""
    if form.validate_on_submit() and _save_named(form, record, save, form.values()):
        flash(gettext(ADDED[what], name=record.name), "success")
        return redirect(url_for(list_endpoint))
    return _render_edit(form, None, what, None, FAILED_SUBMIT if form.is_submitted() else 200)


def _edit_named(form, record, save, what: str, list_endpoint: str, delete_endpoint: str):
    if form.validate_on_submit() and _save_named(form, record, save, form.values()):
        flash(gettext(SAVED[what], name=record.name), "success")
        return redirect(url_for(list_endpoint))
    status = FAILED_SUBMIT if form.is_submitted() else 200
    return _render_edit(form, record, what, delete_endpoint, status)


@bp.route("/forces/new", methods=["GET", "POST"])
@role_required("editor")
def force_new():
    form = ForceForm()
    force = Force(slug=slugify(form.name.data)) if form.validate_on_submit() else Force()
    return _new_named(form, force, service.save_force, "force", "manage.forces")


@bp.route("/forces/<id:force_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def force_edit(force_id: int):
    force = _get(Force, force_id)
    return _edit_named(
        ForceForm(obj=force),
        force,
        service.save_force,
        "force",
        "manage.forces",
        "manage.force_delete",
    )


@bp.post("/forces/<id:force_id>/delete")
@role_required("editor")
def force_delete(force_id: int):
    force = _get(Force, force_id)
    return _delete_unless_used(force, force_uses().get(force.id, 0), "force", "manage.forces")


# ---- officials ----------------------------------------------------------------------


def official_uses() -> dict[int, int]:
    rows = db.session.execute(
        select(event_officials.c.official_id, func.count()).group_by(event_officials.c.official_id)
    )
    return dict(rows.all())


@bp.get("/officials")
@role_required("editor")
def officials():
    records = db.session.scalars(select(Official).order_by(Official.name)).all()
    return render_template("manage/officials.html", officials=records, uses=official_uses())


@bp.route("/officials/new", methods=["GET", "POST"])
@role_required("editor")
def official_new():
    return _new_named(
        OfficialForm(), Official(), service.save_official, "official", "manage.officials"
    )


@bp.route("/officials/<id:official_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def official_edit(official_id: int):
    official = _get(Official, official_id)
    return _edit_named(
        OfficialForm(obj=official),
        official,
        service.save_official,
        "official",
        "manage.officials",
        "manage.official_delete",
    )


@bp.post("/officials/<id:official_id>/delete")
@role_required("editor")
def official_delete(official_id: int):
    official = _get(Official, official_id)
    uses = official_uses().get(official.id, 0)
    return _delete_unless_used(official, uses, "official", "manage.officials")


# ---- locations ----------------------------------------------------------------------


def location_uses() -> dict[int, int]:
    rows = db.session.execute(
        select(Event.location_id, func.count())
        .where(Event.location_id.is_not(None))
        .group_by(Event.location_id)
    )
    return dict(rows.all())


@bp.get("/locations")
@role_required("editor")
def locations():
    records = db.session.scalars(select(Location).order_by(Location.name)).all()
    return render_template("manage/locations.html", locations=records, uses=location_uses())


@bp.route("/locations/new", methods=["GET", "POST"])
@role_required("editor")
def location_new():
    form = LocationForm()
    if form.validate_on_submit():
        location = Location()
        if _save_named(form, location, service.save_location, form.values()):
            flash(gettext(ADDED["location"], name=location.name), "success")
            return redirect(_after_location_saved(location))
    status = FAILED_SUBMIT if form.is_submitted() else 200
    return _render_edit(form, None, "location", None, status)


def _after_location_saved(location: Location) -> str:
    """Back to the event form when the user came from there via 'add a location'."""
    if request.args.get("back") == "event":
        return url_for("events.new")
    return url_for("manage.locations")


@bp.route("/locations/<id:location_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def location_edit(location_id: int):
    location = _get(Location, location_id)
    form = LocationForm(obj=location)
    saved = form.validate_on_submit() and _save_named(
        form, location, service.save_location, form.values()
    )
    if saved:
        flash(gettext(SAVED["location"], name=location.name), "success")
        return redirect(url_for("manage.locations"))
    status = FAILED_SUBMIT if form.is_submitted() else 200
    return _render_edit(form, location, "location", "manage.location_delete", status)


@bp.post("/locations/<id:location_id>/delete")
@role_required("editor")
def location_delete(location_id: int):
    location = _get(Location, location_id)
    uses = location_uses().get(location.id, 0)
    return _delete_unless_used(location, uses, "location", "manage.locations")


# ---- users --------------------------------------------------------------------------


@bp.get("/users")
@role_required("admin")
def users():
    records = db.session.scalars(select(User).order_by(User.username)).all()
    return render_template("manage/users.html", users=records)


def _add_user(form) -> User | None:
    """Usernames are unique regardless of case: "Walker" beside "walker" is a field error."""
    taken = gettext("A user with this name already exists (names ignore upper and lower case).")
    if username_taken(form.username.data):
        form.username.errors = [taken]
        return None
    user = accounts.create_user(
        form.username.data,
        form.role.data,
        form.password.data,
        active=form.active.data,
        actor=current_user._get_current_object(),
    )
    try:
        db.session.commit()
    except IntegrityError:  # someone took the name a moment ago
        db.session.rollback()
        form.username.errors = [taken]
        return None
    return user


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        user = _add_user(form)
        if user is not None:
            flash(
                gettext(
                    "User “%(name)s” added as %(role)s.",
                    name=user.username,
                    role=gettext(ROLE_WORDS[user.role]),
                ),
                "success",
            )
            return redirect(url_for("manage.users"))
    status = FAILED_SUBMIT if form.is_submitted() else 200
    return render_template("manage/user_form.html", form=form, user=None), status


@bp.route("/users/<id:user_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def user_edit(user_id: int):
    user = _get(User, user_id)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            # Nobody locks themselves out; another admin can do it if it is really meant.
            form.role.errors = [
                gettext("You cannot remove your own admin role or deactivate yourself.")
            ]
        else:
            accounts.update_user(
                user,
                role=form.role.data,
                active=form.active.data,
                password=form.password.data,
                actor=current_user._get_current_object(),
            )
            db.session.commit()
            if user.id == current_user.id:
                login_user(user)  # an admin setting their own password stays signed in here
            flash(gettext("User “%(name)s” saved.", name=user.username), "success")
            return redirect(url_for("manage.users"))
    status = FAILED_SUBMIT if form.is_submitted() else 200
    return render_template("manage/user_form.html", form=form, user=user), status


@bp.post("/users/<id:user_id>/feed-token")
@role_required("admin")
def user_reset_token(user_id: int):
    user = _get(User, user_id)
    accounts.reset_feed_token(user, actor=current_user._get_current_object())
    db.session.commit()
    flash(
        gettext(
            "Feed token of “%(name)s” reset: their old private feed address no longer works.",
            name=user.username,
        ),
        "success",
    )
    return redirect(url_for("manage.users"))


# ---- audit log ----------------------------------------------------------------------


@bp.get("/audit")
@role_required("editor")
def audit():
    """Deleted events, then the changes (paged, newest first, narrowed by ?user=, ?event=,
    ?title=, ?from=, ?to=); admins also see the account changes (paged by ?accounts_page=)."""
    try:
        audit_filter = parse_audit_filter(request.args)
        number = parse_page(request.args.get("page"))
        accounts_number = parse_page(request.args.get("accounts_page"))
    except (FilterError, PageNumberError) as error:
        abort(400, description=translate(error.args[0] if error.args else str(error)))
    tzname = current_app.config["CALENDAR_TIMEZONE"]
    who = audit_log.user_id(audit_filter.user) if audit_filter.user else None
    page, entries = audit_log.event_changes(audit_filter, who, number, tzname)
    # Accounts are the admins' business, as the users page is; they are about no event.
    show_accounts = current_user.can("admin") and not audit_filter.about_events
    accounts_page, account_changes = (
        audit_log.account_changes(audit_filter, who, accounts_number, tzname)
        if show_accounts
        else (None, [])
    )
    return render_template(
        "manage/audit.html",
        deleted=audit_log.deleted_events(),
        audit_filter=audit_filter,
        unknown_user=bool(audit_filter.user) and who is None,
        filtered_event=db.session.get(Event, audit_filter.event_id)
        if audit_filter.event_id is not None
        else None,
        page=page,
        entries=entries,
        accounts_page=accounts_page,
        account_changes=account_changes,
    )
