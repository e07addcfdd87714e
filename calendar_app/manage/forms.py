import math

from flask_babel import gettext, pgettext
from flask_babel import lazy_gettext as _l
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
from ..events.words import language
from ..i18n.messages import translate
from ..vocab import MAX_LENGTHS, ROLES


def no_control(form, field) -> None:
    """One line of text: no line breaks or other control characters."""
    if CONTROL_SINGLE_LINE.search(field.data or ""):
        raise ValidationError(gettext("Remove line breaks or control characters."))


def valid_username(form, field) -> None:
    problem = username_problem(field.data or "")
    if problem:
        raise ValidationError(translate(problem))


def known_timezone(form, field) -> None:
    """An IANA zone in any case or by an alias, kept in its canonical spelling."""
    canonical = canonical_zone(field.data)
    if canonical is None:
        raise ValidationError(gettext("Unknown time zone; use an IANA name such as Europe/Minsk."))
    field.data = canonical


def finite(form, field) -> None:
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(gettext("Enter a number."))


def free_text(name: str):
    """The event rules' check of a multi-line text field (length, control characters: a
    NUL cannot even be stored in PostgreSQL), as a WTForms validator."""

    def check(form, field) -> None:
        problem = text_problem(name, field.data or "", multi_line=True)
        if problem:
            raise ValidationError(translate(problem))

    return check


def strip(value):
    return value.strip() if isinstance(value, str) else value


class ForceFields(Form):
    """A force's fields and their rules, with no CSRF token of their own: ForceForm on
    /manage/forces, and the event form's "New force" (which asks for the name only)."""

    name = StringField(
        _l("Name"),
        validators=[InputRequired(), Length(max=MAX_LENGTHS["force_name"]), no_control],
        filters=[strip],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[free_text("force_description")],
        filters=[strip],
        render_kw={"rows": 3},
    )

    def values(self) -> dict:
        return {"name": self.name.data, "description": self.description.data or ""}


def optional_text(name: str):
    """An optional one-line text with the length limit of vocab.MAX_LENGTHS[`name`]."""
    return [Length(max=MAX_LENGTHS[name]), no_control]


def _or_none(value: str | None) -> str | None:
    """An empty Russian text is no Russian text: the English one is shown instead."""
    return value or None


class ForceForm(FlaskForm, ForceFields):
    """/manage/forces/new and …/edit: the event form's "New force" has no Russian name."""

    name_ru = StringField(
        _l("Name in Russian"), validators=optional_text("force_name"), filters=[strip]
    )

    def values(self) -> dict:
        return {**super().values(), "name_ru": _or_none(self.name_ru.data)}


class OfficialForm(FlaskForm):
    """/manage/officials/new and …/edit: a person whose time events book."""

    name = StringField(
        _l("Name"),
        validators=[InputRequired(), Length(max=MAX_LENGTHS["official_name"]), no_control],
        filters=[strip],
    )
    position = StringField(
        _l("Position"),
        validators=[Length(max=MAX_LENGTHS["official_position"]), no_control],
        filters=[strip],
        render_kw={"placeholder": _l("e.g. Secretary General")},
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[Length(max=MAX_LENGTHS["official_organisation"]), no_control],
        filters=[strip],
    )
    # Each Russian field right after its English one (fields keep their declared order).
    name_ru = StringField(
        _l("Name in Russian"), validators=optional_text("official_name"), filters=[strip]
    )
    position_ru = StringField(
        _l("Position in Russian"),
        validators=optional_text("official_position"),
        filters=[strip],
    )
    organisation_ru = StringField(
        _l("Organisation in Russian"),
        validators=optional_text("official_organisation"),
        filters=[strip],
    )

    ENGLISH = ("name", "position", "organisation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name.label.text = pgettext("person", "Name")  # «Имя», not a thing's «Название»
        self.name_ru.label.text = pgettext("person", "Name in Russian")
        order = [name for english in self.ENGLISH for name in (english, f"{english}_ru")]
        fields = dict(self._fields)
        rest = [name for name in fields if name not in order]
        self._fields = {
            name: fields[name] for name in ["csrf_token", *order, *rest] if name in fields
        }

    def values(self) -> dict:
        return {
            **{name: getattr(self, name).data or "" for name in self.ENGLISH},
            **{f"{name}_ru": _or_none(getattr(self, f"{name}_ru").data) for name in self.ENGLISH},
        }


class LocationFields(Form):
    """A location's fields and their rules, with no CSRF token of their own: LocationForm
    on /manage/locations, and the event form's "New location" fieldset (which shows the
    venue, city, country and time zone; the rest is left empty)."""

    name = StringField(
        _l("Venue"),
        validators=[InputRequired(), Length(max=MAX_LENGTHS["location_name"]), no_control],
        filters=[strip],
    )
    city = StringField(
        _l("City"), validators=[Length(max=MAX_LENGTHS["city"]), no_control], filters=[strip]
    )
    country = SelectField(
        _l("Country"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(code, name) for code, name in country_choices()],
    )
    address = StringField(
        _l("Address"), validators=[Length(max=MAX_LENGTHS["address"]), no_control], filters=[strip]
    )
    latitude = FloatField(
        _l("Latitude"),
        validators=[Optional(), finite, NumberRange(-90, 90, _l("Between -90 and 90."))],
        render_kw={"inputmode": "decimal", "placeholder": _l("e.g. %(number)s", number="53.9386")},
    )
    longitude = FloatField(
        _l("Longitude"),
        validators=[Optional(), finite, NumberRange(-180, 180, _l("Between -180 and 180."))],
        render_kw={"inputmode": "decimal", "placeholder": _l("e.g. %(number)s", number="27.4872")},
    )
    timezone = StringField(
        _l("Time zone"),
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
    """/manage/locations/new and …/edit, with the venue and city in Russian (the event
    form's "New location" asks for the English ones only)."""

    name_ru = StringField(
        _l("Venue in Russian"), validators=optional_text("location_name"), filters=[strip]
    )
    city_ru = StringField(_l("City in Russian"), validators=optional_text("city"), filters=[strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each Russian field right after its English one.
        order = ["name", "name_ru", "city", "city_ru"]
        fields = dict(self._fields)
        rest = [name for name in fields if name not in order]
        self._fields = {
            name: fields[name] for name in ["csrf_token", *order, *rest] if name in fields
        }
        # Country names in the page's language.
        self.country.choices = [
            SelectChoice("", "—"),
            *(SelectChoice(code, name) for code, name in country_choices(language())),
        ]

    def values(self) -> dict:
        return {
            **super().values(),
            "name_ru": _or_none(self.name_ru.data),
            "city_ru": _or_none(self.city_ru.data),
        }


ROLE_CHOICES = [
    SelectChoice("viewer", _l("Viewer: sees internal events")),
    SelectChoice("editor", _l("Editor: edits events, forces, locations")),
    SelectChoice("admin", _l("Admin: also users and restoring")),
]
assert [c.value for c in ROLE_CHOICES] == list(ROLES)


class UserEditForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Active (may sign in)"), default=True)
    password = PasswordField(
        _l("New password"),
        validators=[Optional(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
        description=_l("Leave empty to keep the current password."),
    )


class UserCreateForm(UserEditForm):
    username = StringField(
        _l("Username"),
        validators=[InputRequired(), valid_username],
        filters=[strip],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "none",
            "maxlength": MAX_LENGTHS["username"],
        },
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
    )
