"""A browser session belongs to one user and one password, through auth/session.py."""

from calendar_app.auth.session import load_user
from calendar_app.extensions import db, login_manager
from calendar_app.models import User
from tests.helpers import make_user


def test_the_user_loader_is_the_auth_packages(app):
    assert login_manager._user_callback is load_user


def test_a_session_needs_the_current_password_stamp_and_an_active_user(app):
    user_id = make_user(app, "erin", "editor")
    with app.app_context():
        user = db.session.get(User, user_id)
        assert load_user(user.get_id()) is user
        assert load_user(f"{user_id}.0000000000000000") is None
        assert load_user("not-a-number.x") is None
        assert load_user("9" * 13 + ".x") is None
        user.active = False
        assert load_user(user.get_id()) is None
