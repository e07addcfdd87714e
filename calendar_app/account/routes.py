"""Account page: the private feed address, API tokens, and changing one's own password."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user
from sqlalchemy import select

from ..auth import accounts
from ..auth.forms import ChangePasswordForm
from ..auth.limits import limiter
from ..domain.text import CONTROL_SINGLE_LINE
from ..extensions import db
from ..feeds.subscriptions import private_token
from ..i18n.locales import COOKIE, COOKIE_MAX_AGE, LOCALES
from ..models import ApiToken
from ..urls import public_url

bp = Blueprint("account", __name__)

MAX_TOKENS = 20


def _tokens() -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == current_user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id)
        )
    )


def _render(status: int = 200, **context):
    context.setdefault("new_token", None)
    context.setdefault("password_form", ChangePasswordForm(formdata=None))
    feed_url = public_url("feeds.private", token=private_token(current_user))
    return render_template(
        "account/page.html", feed_url=feed_url, tokens=_tokens(), **context
    ), status


@bp.get("/account")
@login_required
def page():
    return _render()


def _password_limit() -> str:
    return current_app.config["CALENDAR_LOGIN_RATE_LIMIT"]


def _user_and_address() -> str:
    return f"password:{current_user.id}:{get_remote_address()}"


def _wrong_current_password(response) -> bool:
    """Only guesses of the current password count towards the limit."""
    return bool(g.get("wrong_current_password"))


@bp.post("/account/language")
@login_required
def language():
    """The account's interface language; also this browser's, so it applies at once."""
    choice = request.form.get("language", "")
    if choice and choice not in LOCALES:
        abort(400)
    accounts.set_language(current_user, choice or None)
    db.session.commit()
    flash(_("Language preference saved."), "success")
    response = redirect(url_for("account.page"))
    if choice:
        response.set_cookie(COOKIE, choice, max_age=COOKIE_MAX_AGE, samesite="Lax",
                            secure=request.is_secure, httponly=True)  # fmt: skip
    else:
        response.delete_cookie(COOKIE)
    return response


@bp.post("/account/password")
@login_required
@limiter.limit(
    _password_limit,
    key_func=_user_and_address,
    deduct_when=_wrong_current_password,
    error_message=lambda: _("Too many wrong current passwords; wait a few minutes and try again."),
)
def change_password():
    """The signed-in user's own password: the current one proves it is really them.

    The user stays signed in here; every other session of theirs ends (the session
    carries a stamp of the password).
    """
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if not user.check_password(form.current_password.data):
            g.wrong_current_password = True
            form.current_password.errors = [_("That is not your current password.")]
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors = [_("Choose a password different from the current one.")]
        else:
            accounts.change_own_password(user, form.new_password.data)
            db.session.commit()
            login_user(user)  # this session goes on under the new stamp; all others end
            current_app.logger.info("user %s (%s) changed their password", user.id, user.username)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("account.page"))
    return _render(422, password_form=form)


@bp.post("/account/tokens")
@login_required
def create_token():
    name = " ".join(request.form.get("name", "").split())[:100]
    problem = None
    if not name:
        problem = _("Give the token a name, such as the system that will use it.")
    elif CONTROL_SINGLE_LINE.search(name):
        problem = _("The name contains control characters.")
    elif len(_tokens()) >= MAX_TOKENS:
        problem = _("You have %(count)s tokens already; revoke one first.", count=MAX_TOKENS)
    if problem:
        return _render(422, error=problem)
    token = accounts.issue_api_token(current_user._get_current_object(), name)
    db.session.commit()
    # Shown once: only its hash is stored.
    return _render(new_token=token, new_token_name=name)


@bp.post("/account/tokens/<id:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id or row.revoked_at is not None:
        abort(404)
    accounts.revoke_api_token(row, actor=current_user._get_current_object())
    db.session.commit()
    flash(
        _("Token “%(name)s” revoked; requests using it are refused from now on.", name=row.name),
        "success",
    )
    return redirect(url_for("account.page"))
