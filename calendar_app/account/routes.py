"""Account page: see and reset the private feed address, create and revoke API tokens."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..feed_store import public_url
from ..feeds.routes import private_token
from ..models import ApiToken, utcnow
from . import bp

MAX_TOKENS = 20


def _tokens() -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == current_user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id)
        )
    )


@bp.get("/account")
@login_required
def page():
    feed_url = public_url("feeds.private", token=private_token(current_user))
    return render_template("account/page.html", feed_url=feed_url, tokens=_tokens(), new_token=None)


@bp.post("/account/tokens")
@login_required
def create_token():
    name = " ".join(request.form.get("name", "").split())[:100]
    problem = None
    if not name:
        problem = "Give the token a name, such as the system that will use it."
    elif any(ord(ch) < 32 for ch in name):
        problem = "The name contains control characters."
    elif len(_tokens()) >= MAX_TOKENS:
        problem = f"You have {MAX_TOKENS} tokens already; revoke one first."
    feed_url = public_url("feeds.private", token=private_token(current_user))
    if problem:
        return render_template(
            "account/page.html", feed_url=feed_url, tokens=_tokens(), new_token=None, error=problem
        ), 422
    row, token = ApiToken.issue(current_user._get_current_object(), name)
    db.session.add(row)
    db.session.commit()
    # Shown once: only its hash is stored.
    return render_template(
        "account/page.html",
        feed_url=feed_url,
        tokens=_tokens(),
        new_token=token,
        new_token_name=name,
    )


@bp.post("/account/tokens/<id:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id or row.revoked_at is not None:
        abort(404)
    row.revoked_at = utcnow()
    db.session.commit()
    flash(f"Token “{row.name}” revoked; requests using it are refused from now on.", "success")
    return redirect(url_for("account.page"))
