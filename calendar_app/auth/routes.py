"""Sign in and out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..domain.text import N_
from ..models import User
from ..urls import safe_next
from .access import require_login_everywhere
from .forms import LoginForm
from .limits import limiter, login_failed, username_and_address
from .users import find_user

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = N_("That username and password do not match an active account.")


def authenticate(username: str, password: str) -> User | None:
    user = find_user(username)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def _login_limit() -> str:
    return current_app.config["CALENDAR_LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _login_limit,
    key_func=username_and_address,
    methods=["POST"],
    deduct_when=login_failed,
    error_message=lambda: _("Too many failed sign-in attempts; wait a few minutes and try again."),
)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("main.index"))
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Signed in as %(name)s.", name=user.username), "success")
            return redirect(safe_next(form.next.data) or url_for("main.index"))
        form.form_errors.append(_(BAD_CREDENTIALS))
    if request.method == "POST" and (form.username.data or "").strip():
        form.focus_password()
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("Signed out."), "success")
    return redirect(url_for("main.index"))


bp.before_app_request(require_login_everywhere)
