import math

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    Form,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..auth.forms import PASSWORD_LENGTH
from ..domain.accounts import username_problem
from ..domain.countries import country_choices
from ..domain.text import CONTROL_SINGLE_LINE
from ..domain.timezones import canonical_zone
from ..events.rules import text_problem
from ..vocab import MAX_LENGTHS, ROLES


def no_control(form, field) -> None:
    """One line of text: no line breaks or other control characters."""
    if CONTROL_SINGLE_LINE.search(field.data or ""):
        raise ValidationError("Remove line breaks or control characters.")


def valid_username(form, field) -> None:
    problem = username_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def known_timezone(form, field) -> None:
    """An IANA zone in any case or by an alias, kept in its canonical spelling."""
    canonical = canonical_zone(field.data)
    if canonical is None:
        raise ValidationError("Unknown time zone; use an IANA name such as Europe/Minsk.")
    field.data = canonical


def finite(form, field) -> None:
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter a number.")


def free_text(name: str):
    """The event rules' check of a multi-line text field (length, control characters: a
    NUL cannot even be stored in PostgreSQL), as a WTForms validator."""

    def check(form, field) -> None:
        problem = text_problem(name, field.data or "", multi_line=True)
        if problem:
            raise ValidationError(problem)

    return check


def strip(value):
    return value.strip() if isinstance(value, str) else value


class ForceFields(Form):
    """A force's fields and their rules, with no CSRF token of their own: ForceForm on
    /manage/forces, and the event form's "New force" (which asks for the name only)."""

    name = StringField(
        "Name",
        validators=[InputRequired(), Length(max=MAX_LENGTHS["force_name"]), no_control],
        filters=[strip],
    )
    description = TextAreaField(
        "Description",
        validators=[free_text("force_description")],
        filters=[strip],
        render_kw={"rows": 3},
    )

    def values(self) -> dict:
        return {"name": self.name.data, "description": self.description.data or ""}


class ForceForm(FlaskForm, ForceFields):
    """/manage/forces/new and …/edit."""


class OfficialForm(FlaskForm):
    """/manage/officials/new and …/edit: a person whose time events book."""

    name = StringField(
        "Name",
        validators=[InputRequired(), Length(max=MAX_LENGTHS["official_name"]), no_control],
        filters=[strip],
    )
    position = StringField(
        "Position",
        validators=[Length(max=MAX_LENGTHS["official_position"]), no_control],
        filters=[strip],
        render_kw={"placeholder": "e.g. Secretary General"},
    )
    organisation = StringField(
        "Organisation",
        validators=[Length(max=MAX_LENGTHS["official_organisation"]), no_control],
        filters=[strip],
    )

    def values(self) -> dict:
        return {
            name: getattr(self, name).data or "" for name in ("name", "position", "organisation")
        }


class LocationFields(Form):
    """A location's fields and their rules, with no CSRF token of their own: LocationForm
    on /manage/locations, and the event form's "New location" fieldset (which shows the
    venue, city, country and time zone; the rest is left empty)."""

    name = StringField(
        "Venue",
        validators=[InputRequired(), Length(max=MAX_LENGTHS["location_name"]), no_control],
        filters=[strip],
    )
    city = StringField(
        "City", validators=[Length(max=MAX_LENGTHS["city"]), no_control], filters=[strip]
    )
    country = SelectField(
        "Country",
        choices=[SelectChoice("", "—")]
        + [SelectChoice(code, name) for code, name in country_choices()],
    )
    address = StringField(
        "Address", validators=[Length(max=MAX_LENGTHS["address"]), no_control], filters=[strip]
    )
    latitude = FloatField(
        "Latitude",
        validators=[Optional(), finite, NumberRange(-90, 90, "Between -90 and 90.")],
        render_kw={"inputmode": "decimal", "placeholder": "e.g. 53.9386"},
    )
    longitude = FloatField(
        "Longitude",
        validators=[Optional(), finite, NumberRange(-180, 180, "Between -180 and 180.")],
        render_kw={"inputmode": "decimal", "placeholder": "e.g. 27.4872"},
    )
    timezone = StringField(
        "Time zone",
        validators=[InputRequired(), known_timezone],
        filters=[strip],
        render_kw={
            "list": "timezone-names",
            "autocomplete": "off",
            "maxlength": MAX_LENGTHS["timezone"],
        },
    )

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "city": self.city.data or "",
            "country": self.country.data or "",
            "address": self.address.data or "",
            "latitude": self.latitude.data,
            "longitude": self.longitude.data,
            "timezone": self.timezone.data,
        }


class LocationForm(FlaskForm, LocationFields):
    """/manage/locations/new and …/edit."""


ROLE_CHOICES = [
    SelectChoice("viewer", "Viewer: sees internal events"),
    SelectChoice("editor", "Editor: edits events, forces, locations"),
    SelectChoice("admin", "Admin: also users and restoring"),
]
assert [c.value for c in ROLE_CHOICES] == list(ROLES)


class UserEditForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active (may sign in)", default=True)
    password = PasswordField(
        "New password",
        validators=[Optional(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
        description="Leave empty to keep the current password.",
    )


class UserCreateForm(UserEditForm):
    username = StringField(
        "Username",
        validators=[InputRequired(), valid_username],
        filters=[strip],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "none",
            "maxlength": MAX_LENGTHS["username"],
        },
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
    )
