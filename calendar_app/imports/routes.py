"""/import: editors upload an .ics file, see what would change, then confirm one atomic write.

The file travels back with the confirmation (a hidden field) rather than sitting in
a temporary file, because the confirming request may reach another app process. The
choices made for the import travel with it, with a digest of the previewed plan: the
confirmation is refused when the plan it would write is not the one that was shown.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField

from ..auth import role_required
from ..extensions import db
from .importer import DEFAULT_VISIBILITY, ImportOptions, commit_import, default_kind_of, plan_import
from .parse import IcsError

bp = Blueprint("imports", __name__)


class ImportOptionsForm(FlaskForm):
    """The choices for events whose file does not say; the file itself is read by hand."""

    visibility = SelectField(
        "Visibility of the new events",
        description="Applies to events without CLASS or with CLASS:PUBLIC. Events marked "
        "CLASS:PRIVATE or CLASS:CONFIDENTIAL are always imported as internal; events already "
        "here keep their visibility.",
        choices=[
            SelectChoice("internal", "Internal: staff only (recommended)"),
            SelectChoice("public", "Public: in the public calendar and feed"),
        ],
        default=DEFAULT_VISIBILITY,
    )
    kind = SelectField(
        "Kind",
        description="For events whose categories and title do not name a kind.",
        default=lambda: default_kind_of(current_app.config["CALENDAR_KINDS"]),
    )
    fingerprint = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            SelectChoice(k, k.capitalize()) for k in current_app.config["CALENDAR_KINDS"]
        ]

    def options(self) -> ImportOptions:
        return ImportOptions(visibility=self.visibility.data, kind=self.kind.data)


def _filename() -> str:
    upload = request.files.get("file")
    return upload.filename if upload is not None and upload.filename else ""


def _content() -> bytes:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        content = upload.read(current_app.config["CALENDAR_MAX_IMPORT_BYTES"] + 1)
    else:
        content = request.form.get("content", "").encode("utf-8")
    if len(content) > current_app.config["CALENDAR_MAX_IMPORT_BYTES"]:
        abort(
            413,
            description="The file is larger than the import limit "
            f"({current_app.config['CALENDAR_MAX_IMPORT_BYTES']} bytes).",
        )
    return content


def _page(form: ImportOptionsForm, status: int = 200, **context):
    context.setdefault("plan", None)
    return render_template("imports/import.html", form=form, **context), status


@bp.get("/import")
@role_required("editor")
def import_form():
    return _page(ImportOptionsForm())


@bp.post("/import")
@role_required("editor")
def import_preview():
    form = ImportOptionsForm()
    content = _content()
    if not form.validate():
        return _page(form, 422, error="Check the choices marked below.")
    if not content.strip():
        name = _filename()
        error = f"The file {name} is empty." if name else "Choose an .ics file to import."
        return _page(form, 422, error=error)
    try:
        plan = plan_import(content, options=form.options())
    except IcsError as error:
        return _page(form, 422, error=str(error))
    form.fingerprint.data = plan.fingerprint
    return _page(form, plan=plan, content=content.decode("utf-8-sig"))


@bp.post("/import/confirm")
@role_required("editor")
def import_confirm():
    form = ImportOptionsForm()
    content = _content()
    if not form.validate():
        return _page(form, 422, error="The import's choices are not valid; nothing was saved.")
    try:
        plan = plan_import(content, options=form.options())
    except IcsError as error:
        return _page(form, 422, error=str(error))
    if plan.fingerprint != form.fingerprint.data:
        # The calendar (or the request) changed since the preview: show what would happen now.
        form.fingerprint.data = plan.fingerprint
        return _page(
            form,
            409,
            plan=plan,
            content=content.decode("utf-8-sig"),
            error="The import changed since the preview (the calendar or the choices differ). "
            "Nothing was saved; check the preview below and confirm again.",
        )
    summary = commit_import(plan, current_user._get_current_object())
    db.session.commit()
    flash(
        f"Imported: {summary['new']} new, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['rejected']} rejected.",
        "success",
    )
    return redirect(url_for("manage.audit"))
