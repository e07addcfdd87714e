"""/import: editors upload an .ics file, see what would change, then confirm one atomic write.

The file travels back with the confirmation (a hidden field) rather than sitting in
a temporary file, because the confirming request may reach another app process.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth import role_required
from ..domain.ics_import import IcsError
from . import bp
from .importer import commit_import, plan_import


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


@bp.get("/import")
@role_required("editor")
def import_form():
    return render_template("events/import.html", plan=None)


@bp.post("/import")
@role_required("editor")
def import_preview():
    content = _content()
    if not content:
        return render_template(
            "events/import.html", plan=None, error="Choose an .ics file to import."
        ), 422
    try:
        plan = plan_import(content)
    except IcsError as error:
        return render_template("events/import.html", plan=None, error=str(error)), 422
    return render_template("events/import.html", plan=plan, content=content.decode("utf-8-sig"))


@bp.post("/import/confirm")
@role_required("editor")
def import_confirm():
    try:
        plan = plan_import(_content())
    except IcsError as error:
        return render_template("events/import.html", plan=None, error=str(error)), 422
    summary = commit_import(plan, current_user._get_current_object())
    flash(
        f"Imported: {summary['new']} new, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['rejected']} rejected.",
        "success",
    )
    return redirect(url_for("manage.audit"))
