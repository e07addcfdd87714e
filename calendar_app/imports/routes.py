"""/import: editors upload an .ics file, see what would change, then confirm the import.

The previewed file is kept in the database (imports/uploads.py), and the confirmation
names it by a token, so any app process can take it and the file never travels twice.
The choices made travel with the confirmation, with a digest of the previewed plan: the
confirmation is refused when either differs from what was shown. The import itself runs
as a background job (calendar_app.jobs); its page shows a progress bar until it is done.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField

from ..auth import role_required
from ..events.words import language
from ..extensions import db
from ..i18n.messages import translate
from ..i18n.setup import kind_label
from .importer import plan_import
from .matching import default_kind_of
from .parse import IcsError
from .plan import DEFAULT_VISIBILITY, PREVIEW_ROWS, ImportOptions
from .uploads import (
    UploadRefused,
    confirm_upload,
    keep_upload,
    progress,
    start_import,
    users_upload,
)

bp = Blueprint("imports", __name__)


class ImportOptionsForm(FlaskForm):
    """The choices for events whose file does not say; the file itself is read by hand."""

    visibility = SelectField(
        _l("Visibility of the new events"),
        description=_l(
            "Applies to events without CLASS or with CLASS:PUBLIC. Events marked "
            "CLASS:PRIVATE or CLASS:CONFIDENTIAL are always imported as internal; events "
            "already here keep their visibility."
        ),
        choices=[
            SelectChoice("internal", _l("Internal: staff only (recommended)")),
            SelectChoice("public", _l("Public: in the public calendar and feed")),
        ],
        default=DEFAULT_VISIBILITY,
    )
    kind = SelectField(
        _l("Kind"),
        description=_l("For events whose categories and title do not name a kind."),
        default=lambda: default_kind_of(current_app.config["CALENDAR_KINDS"]),
    )
    fingerprint = HiddenField()
    token = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            SelectChoice(k, kind_label(k)) for k in current_app.config["CALENDAR_KINDS"]
        ]

    def options(self) -> ImportOptions:
        return ImportOptions(visibility=self.visibility.data, kind=self.kind.data)


def _filename() -> str:
    upload = request.files.get("file")
    return upload.filename if upload is not None and upload.filename else ""


def _content() -> bytes:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return b""
    content = upload.read(current_app.config["CALENDAR_MAX_IMPORT_BYTES"] + 1)
    if len(content) > current_app.config["CALENDAR_MAX_IMPORT_BYTES"]:
        abort(
            413,
            description=gettext(
                "The file is larger than the import limit (%(limit)s bytes).",
                limit=current_app.config["CALENDAR_MAX_IMPORT_BYTES"],
            ),
        )
    return content


def _page(form: ImportOptionsForm, status: int = 200, **context):
    context.setdefault("plan", None)
    context.setdefault("preview_rows", PREVIEW_ROWS)
    context["translate"] = translate  # the plan's reasons and warnings (Messages)
    context["language"] = language()
    if context.get("error"):
        context["error"] = translate(context["error"])
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
        return _page(form, 422, error=gettext("Check the choices marked below."))
    if not content.strip():
        name = _filename()
        error = (
            gettext("The file %(name)s is empty.", name=name)
            if name
            else gettext("Choose an .ics file to import.")
        )
        return _page(form, 422, error=error)
    options = form.options()
    try:
        plan = plan_import(content, options=options)
    except IcsError as error:
        return _page(form, 422, error=error.args[0] if error.args else str(error))
    upload = keep_upload(content, _filename(), options, plan, current_user)
    db.session.commit()
    form.fingerprint.data, form.token.data = plan.fingerprint, upload.token
    return _page(form, plan=plan)


@bp.post("/import/confirm")
@role_required("editor")
def import_confirm():
    form = ImportOptionsForm()
    if not form.validate():
        return _page(
            form, 422, error=gettext("The import's choices are not valid; nothing was saved.")
        )
    token = form.token.data or ""
    try:
        upload = confirm_upload(token, current_user, form.options(), form.fingerprint.data or "")
    except UploadRefused as refused:
        return _page(form, refused.status, error=refused.message)
    db.session.commit()
    try:
        start_import(upload)  # runs inside this request when jobs are immediate
    except UploadRefused as refused:
        return _page(form, refused.status, error=refused.message)
    return redirect(url_for("imports.import_status", token=token))


def _own_upload(token: str):
    try:
        return users_upload(token, current_user)
    except UploadRefused as refused:
        abort(refused.status, description=translate(refused.message))


@bp.get("/import/<token>")
@role_required("editor")
def import_status(token: str):
    upload = _own_upload(token)
    return render_template(
        "imports/status.html", upload=upload, progress=progress(upload), translate=translate
    )


@bp.get("/import/<token>/progress")
@role_required("editor")
def import_progress(token: str):
    state = progress(_own_upload(token))
    return jsonify({**state, "message": translate(state.get("message") or "")})
