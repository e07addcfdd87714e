"""Uploaded .ics files between preview and import, and the background job that imports
one. Kept in the database (table import_uploads), so that the confirming request, the
progress page and the worker may each reach any app process or host.

A confirmation names the upload by its token: only the user who uploaded it, only once,
only within UPLOAD_LIFETIME. The worker re-reads the file, checks that the plan is still
the one previewed, and writes it in one transaction that also marks the upload done and
drops its content; progress goes to the job queue's store (see calendar_app.jobs).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, select, update

from ..domain.text import N_
from ..extensions import db
from ..jobs import jobs
from ..models import ImportUpload, User, utcnow
from .importer import commit_import, plan_import
from .parse import IcsError
from .plan import ImportOptions, ImportPlan

log = logging.getLogger(__name__)
UPLOAD_LIFETIME = timedelta(hours=1)


class UploadRefused(Exception):
    """A confirmation that cannot go ahead: an HTTP status and a message to show."""

    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


def keep_upload(content: bytes, filename: str, options: ImportOptions, plan: ImportPlan, user):
    """Keep a previewed file for its confirmation (flushed; the view commits), and drop
    the expired ones of anybody."""
    now = utcnow()
    db.session.execute(delete(ImportUpload).where(ImportUpload.expires_at <= now))
    upload = ImportUpload(
        user_id=user.id,
        filename=filename[:255],
        content=content,
        visibility=options.visibility,
        kind=options.kind or "",
        fingerprint=plan.fingerprint,
        total=plan.count("new") + plan.count("updated"),
        message="",
        created_at=now,
        expires_at=now + UPLOAD_LIFETIME,
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def users_upload(token: str, user) -> ImportUpload:
    """The upload this token names, if this user made it; else UploadRefused(404)."""
    upload = db.session.scalar(select(ImportUpload).where(ImportUpload.token == token[:64]))
    if upload is None or upload.user_id != user.id:
        raise UploadRefused(
            404,
            N_(
                "This import is not known here: it was previewed by someone else, or it "
                "expired and was removed. Upload the file again."
            ),
        )
    return upload


def confirm_upload(token: str, user, options: ImportOptions, fingerprint: str) -> ImportUpload:
    """Mark the upload queued (flushed; the view commits, then starts the job), or refuse:
    404 another user's or unknown, 409 already confirmed or changed, 410 expired."""
    upload = users_upload(token, user)
    if upload.state != "previewed":
        raise UploadRefused(409, N_("This import was already confirmed; nothing more was saved."))
    if upload.expires_at <= utcnow():
        raise UploadRefused(
            410, N_("This preview expired (previews are kept for an hour). Upload the file again.")
        )
    chosen = (options.visibility, options.kind or "", fingerprint)
    if chosen != (upload.visibility, upload.kind, upload.fingerprint):
        raise UploadRefused(
            409,
            N_(
                "The import changed since the preview (the choices differ). Nothing was saved; "
                "upload the file again and confirm the new preview."
            ),
        )
    claimed = db.session.execute(
        update(ImportUpload)
        .where(ImportUpload.id == upload.id, ImportUpload.state == "previewed")
        .values(state="queued")
    )
    if claimed.rowcount != 1:  # another request confirmed it a moment ago
        raise UploadRefused(409, N_("This import was already confirmed; nothing more was saved."))
    db.session.expire(upload)
    return upload


def progress_key(token: str) -> str:
    return f"import-progress:{token}"


def start_import(upload: ImportUpload) -> None:
    """Queue the confirmed upload's job (after the confirmation is committed); when the
    queue cannot be reached, the upload is marked failed and UploadRefused(503) raised."""
    upload_id, token = upload.id, upload.token
    try:
        jobs().enqueue("import_upload", token)
    except Exception:  # the queue's store (Redis, a file) is unavailable
        log.exception("could not queue import %s", upload_id)
        db.session.rollback()
        _finish(
            upload_id, token, "failed", N_("The import could not be started; nothing was saved.")
        )
        raise UploadRefused(
            503,
            N_(
                "The background worker's queue cannot be reached; nothing was saved. Try again later."
            ),
        ) from None


def progress(upload: ImportUpload) -> dict:
    """What the progress page shows: the state, events written of the total, the outcome.
    A job still unfinished when its upload expires was stopped with its worker: its
    transaction never committed, so nothing of it was saved."""
    if upload.state in ("queued", "running") and upload.expires_at <= utcnow():
        return {
            "state": "failed",
            "done": 0,
            "total": upload.total,
            "summary": None,
            "message": N_(
                "The import did not finish (was the worker stopped?); nothing was saved."
            ),
        }
    done = 0
    if upload.state == "running":
        reported = jobs().progress(progress_key(upload.token))
        done = reported[0] if reported else 0
    elif upload.state == "done":
        done = upload.total
    return {
        "state": upload.state,
        "done": done,
        "total": upload.total,
        "summary": upload.summary,
        "message": upload.message,
    }


def run_upload(token: str) -> None:
    """The job: import a queued upload, all or nothing; a second delivery does nothing."""
    claimed = db.session.execute(
        update(ImportUpload)
        .where(ImportUpload.token == token, ImportUpload.state == "queued")
        .values(state="running")
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return
    upload = db.session.scalar(select(ImportUpload).where(ImportUpload.token == token))
    upload_id = upload.id
    try:
        _import(upload)
    except Exception as error:  # the job must always end in a state the page can show
        db.session.rollback()
        log.exception("import %s failed", upload_id)
        message = str(error) if isinstance(error, IcsError) else "the import could not be written"
        _finish(upload_id, token, "failed", f"The import failed ({message}); nothing was saved.")


def _import(upload: ImportUpload) -> None:
    key = progress_key(upload.token)
    options = ImportOptions(upload.visibility, upload.kind or None)
    plan = plan_import(upload.content, options=options)
    if plan.fingerprint != upload.fingerprint:
        _finish(
            upload.id,
            upload.token,
            "changed",
            N_(
                "The calendar changed since the preview (another import or an edit). "
                "Nothing was saved; upload the file again and confirm the new preview."
            ),
        )
        return
    jobs().report(key, (0, upload.total))
    user = db.session.get(User, upload.user_id)
    summary = commit_import(plan, user, lambda done, total: jobs().report(key, (done, total)))
    upload.state, upload.summary, upload.content = "done", summary, b""
    db.session.commit()  # the events, their revisions and the upload's end: one transaction
    jobs().forget(key)


def _finish(upload_id: int, token: str, state: str, message: str) -> None:
    db.session.execute(
        update(ImportUpload)
        .where(ImportUpload.id == upload_id)
        .values(state=state, message=message, content=b"")
    )
    db.session.commit()
    jobs().forget(progress_key(token))
