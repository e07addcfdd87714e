from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from ..vocab import MAX_LENGTHS

# The one password rule: the admin's user form and the user's own change form share it.
PASSWORD_LENGTH = Length(min=8, max=MAX_LENGTHS["password"], message=_l("At least 8 characters."))


class LoginForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[InputRequired(), Length(max=MAX_LENGTHS["username"])],
        render_kw={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(max=MAX_LENGTHS["password"])],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this computer"))
    next = HiddenField()

    def focus_password(self) -> None:
        """After a failed attempt with a username typed, the cursor goes to the password.

        Per instance: the class-level render_kw dicts are shared by every request."""
        self.username.render_kw = {**self.username.render_kw, "autofocus": False}
        self.password.render_kw = {**self.password.render_kw, "autofocus": True}


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(), Length(max=MAX_LENGTHS["password"])],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least 8 characters."),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(),
            EqualTo("new_password", message=_l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
