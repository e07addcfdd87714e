"""The event form: WTForms draws and reads the fields, `events/rules.py` judges them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app, request
from flask_babel import gettext, pgettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, TimeInput

from ..domain.events import EventData
from ..domain.text import CONTROL as _CONTROL
from ..domain.timezones import is_repeated, offset_label, utc_to_local
from ..extensions import db
from ..i18n.messages import translate
from ..models import Event, Force, Location, Official
from ..vocab import MAX_LENGTHS, STATUSES
from .additions import NEW, Additions
from .repeats import REPEAT_FIELDS, RepeatFields, repeat_values
from .rules import EventRules, TimeChoice, parse_clock, too_long, validate_event
from .service import event_rules
from .words import language, location_label

RAW_FIELDS = (
    "title",
    "title_ru",
    "kind",
    "status",
    "all_day",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "timezone",
    "location_id",
    "force_ids",
    "official_ids",
    "participants",
    "description",
    "description_ru",
    "visibility",
    "start_fold",
    "end_fold",
)


# The words of the vocabularies' values in the form (a kind CALENDAR_KINDS adds without
# words here shows its name capitalised).
KIND_WORDS = {"meeting": _l("Meeting"), "session": _l("Session"), "training": _l("Training")}
STATUS_WORDS = {
    "planned": _l("Planned"),
    "confirmed": _l("Confirmed"),
    "cancelled": _l("Cancelled"),
}


def kind_word(kind: str) -> str:
    """A kind as an event's badge names it: its value in English ('training'), its word
    in other languages («учения»)."""
    if language() == "en" or kind not in KIND_WORDS:
        return kind
    return str(KIND_WORDS[kind]).lower()


def status_word(status: str) -> str:
    if language() == "en" or status not in STATUS_WORDS:
        return status
    return str(STATUS_WORDS[status]).lower()


def location_choice(location: Location) -> SelectChoice:
    """A location in the list, in the page's language; marked with the language of its
    venue's name when that fell back to the other one (WCAG 3.1.2)."""
    lang = location.localized_name(language())[1]
    render_kw = {} if lang == language() else {"lang": lang}
    return SelectChoice(str(location.id), location_label(location), render_kw=render_kw)


def official_choice(official: Official) -> SelectChoice:
    """An official in the picker, "name, position" in the page's language; a part that
    fell back to the other language is marked with its own (WCAG 3.1.2). The checkbox
    list draws the label as given, so the marking is Markup."""
    wanted = language()
    parts = (official.localized_name(wanted), official.localized_position(wanted))
    label = Markup(", ").join(
        escape(text) if lang == wanted else Markup('<span lang="%s">%s</span>') % (lang, text)
        for text, lang in parts
        if text
    )
    return SelectChoice(str(official.id), label)


class EventForm(RepeatFields, FlaskForm):
    # Choices are offered, not enforced here (validate_choice=False): the domain
    # rules decide, so that the API gives the same answer to the same input.
    title = StringField(
        _l("Title"),
        render_kw={"maxlength": MAX_LENGTHS["title"], "autocomplete": "off", "lang": "en"},
    )
    # The Russian texts are optional: pages show the viewer's language, else the other.
    # (Labels that do not contain "Title" and "Description": those name the English fields.)
    title_ru = StringField(
        _l("Name in Russian"),
        description=_l("Optional: shown on Russian pages instead of the title."),
        render_kw={"maxlength": MAX_LENGTHS["title_ru"], "autocomplete": "off", "lang": "ru"},
    )
    kind = SelectField(_l("Kind"), validate_choice=False)
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(s, STATUS_WORDS.get(s, s.capitalize())) for s in STATUSES],
        validate_choice=False,
    )
    all_day = BooleanField(_l("All day"))
    start_date = StringField(_l("Starts"), widget=DateInput())
    start_time = StringField(_l("Start time"), widget=TimeInput())
    end_date = StringField(_l("Ends"), widget=DateInput())
    end_time = StringField(
        _l("End time"), widget=TimeInput(), description=_l("Empty: one hour after the start.")
    )
    timezone = StringField(
        _l("Time zone"),
        render_kw={
            "list": "timezone-names",
            "autocomplete": "off",
            "maxlength": MAX_LENGTHS["timezone"],
        },
    )
    location_id = SelectField(_l("Location"), validate_choice=False)
    force_ids = SelectMultipleField(
        _l("Participating forces"),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    official_ids = SelectMultipleField(
        _l("Officials"),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    participants = TextAreaField(
        _l("Participants"), render_kw={"rows": 3, "maxlength": MAX_LENGTHS["participants"]}
    )
    description = TextAreaField(
        _l("Description"),
        render_kw={"rows": 6, "maxlength": MAX_LENGTHS["description"], "lang": "en"},
    )
    description_ru = TextAreaField(
        _l("Text in Russian"),
        description=_l("Optional: shown on Russian pages instead of the description."),
        render_kw={"rows": 6, "maxlength": MAX_LENGTHS["description_ru"], "lang": "ru"},
    )
    visibility = SelectField(
        _l("Visibility"),
        description=_l("Public events are in the public feed; internal ones need a sign-in."),
        choices=[
            SelectChoice("public", _l("Public")),
            SelectChoice("internal", _l("Internal (staff only)")),
        ],
        validate_choice=False,
    )
    # Offered when the save double-books a force, venue or official: save it anyway, and why.
    confirm_conflicts = BooleanField(_l("Save anyway"))
    conflict_reason = StringField(
        _l("Why (kept in the event's history)"),
        render_kw={"maxlength": MAX_LENGTHS["conflict_reason"], "autocomplete": "off"},
    )
    # The version the editor loaded: a save against a newer one is refused.
    version = HiddenField()
    # Which of a repeated wall time (after a DST fall-back) the stored event is at.
    start_fold = HiddenField()
    end_fold = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A Russian page names the English texts as such, beside «Название на русском»
        # and «Описание на русском» (a bare «Название» read as the only title).
        self.title.label.text = pgettext("event form", "Title")
        self.description.label.text = pgettext("event form", "Description")
        self.locations = list(db.session.scalars(select(Location).order_by(Location.name)))
        self.forces = list(db.session.scalars(select(Force).order_by(Force.name)))
        self.kind.choices = [
            SelectChoice(k, KIND_WORDS.get(k, k.capitalize()))
            for k in current_app.config["CALENDAR_KINDS"]
        ]
        self.location_id.choices = [
            SelectChoice("", gettext("— No location —")),
            *(location_choice(loc) for loc in self.locations),
            SelectChoice(NEW, gettext("New location (fill in below)")),
        ]
        self.force_ids.choices = [
            SelectChoice(str(f.id), f.localized_name(language())[0]) for f in self.forces
        ]
        officials = db.session.scalars(select(Official).order_by(Official.name))
        self.official_ids.choices = [official_choice(o) for o in officials]
        # The location and force this form may add with the event, read from the same POST.
        self.additions = Additions(request.form if self.is_submitted() else None)
        self.data_out: EventData | None = None
        # A repeated wall time's two instants, offered as radio buttons instead of the
        # hidden fold field: {"start_fold": [("0", "01:30 EDT (UTC−04:00)"), ...]}.
        self.time_choices: dict[str, list[tuple[str, str]]] = {}

    def rules(self) -> EventRules:
        return event_rules(self.locations, self.forces)

    def raw(self) -> dict:
        return with_default_end({name: getattr(self, name).data for name in RAW_FIELDS})

    def validate(self, extra_validators=None) -> bool:
        """CSRF and field types by WTForms, every event rule by the domain; a location or
        force added here by /manage's rules. Nothing is valid unless all of it is."""
        if not super().validate(extra_validators):
            return False
        choice = self.location_id.data or ""
        added = self.additions.validate(choice)
        raw, rules = self.additions.for_the_rules(self.raw(), self.rules())
        result = validate_event(raw, rules)
        if problem := self.additions.location_problem(choice):
            result = {**(result if isinstance(result, dict) else {}), "location_id": problem}
        if isinstance(result, EventData):
            self.data_out = self.with_repeats(result)
            return added and self.data_out is not None
        if self.repeats_allowed:
            self.with_repeats_errors()
        if not (raw.get("end_time") or "").strip() and result.keys() & {"start_date", "start_time"}:
            # An empty end time would follow the start; the start's own error says it all.
            result.pop("end_time", None)
        for name, message in result.items():
            getattr(self, name).errors = [translate(message)]
            if isinstance(message, TimeChoice):
                fold = name.replace("_time", "_fold")
                self.time_choices[fold] = [
                    (str(instant.fold), offset_label(instant)) for instant in message.instants
                ]
        return False

    def fields_in_error(self) -> list:
        """The fields with a message, in the order the page shows them: Repeats after the
        time zone, the new location's after the location list, the new force's after the
        forces."""
        fields = []
        for field in self:
            if field.name in REPEAT_FIELDS:
                continue  # after the time zone, where the page shows them
            fields.append(field)
            if field.name == "timezone":
                fields.extend(getattr(self, name) for name in REPEAT_FIELDS)
            elif field.name == "location_id":
                fields.extend(self.additions.location)
            elif field.name == "force_ids":
                fields.extend(self.additions.force)
        return [f for f in fields if f.errors and f.type not in ("CSRFTokenField", "HiddenField")]

    def loaded_version(self) -> int:
        """A missing or mangled version counts as stale: never overwrite blindly."""
        submitted = self.version.raw_data or [""]  # not the loaded default
        value = (submitted[0] or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else 0


DEFAULT_LENGTH = timedelta(hours=1)
MAX_REASON = 500


def with_default_end(values: dict) -> dict:
    """A timed event typed without an end time lasts an hour, as in Google Calendar and
    Outlook. Only when the end date is empty or the start date: a different end date with
    no time is left for the rules to refuse."""
    if values.get("all_day") or (values.get("end_time") or "").strip():
        return values
    start_date = (values.get("start_date") or "").strip()
    end_date = (values.get("end_date") or "").strip()
    if end_date and end_date != start_date:
        return values
    start = parse_local(start_date, values.get("start_time"))
    if start is None:
        return values  # the rules name what is wrong with the start
    end = start + DEFAULT_LENGTH
    return {**values, "end_date": end.date().isoformat(), "end_time": f"{end:%H:%M}"}


def parse_local(day: str | None, clock: str | None) -> datetime | None:
    """'2024-07-19' and '10:00' as a naive local datetime, or None when either is no good."""
    wall = parse_clock(clock)
    try:
        return (
            None
            if wall is None
            else datetime.combine(date.fromisoformat((day or "").strip()), wall)
        )
    except ValueError:
        return None


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        description=_l("Shown on the event page and kept in its history."),
        render_kw={"rows": 3, "maxlength": MAX_REASON},
    )

    def validate_reason(self, field) -> None:
        value = (field.data or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_REASON:
            raise ValidationError(translate(too_long(MAX_REASON, len(value))))
        if _CONTROL.search(value):
            raise ValidationError(
                gettext("Remove the control characters (often pasted by accident).")
            )
        field.data = value


def form_values(event: Event) -> dict:
    """An event as the form shows it: local dates and times in its own zone, end inclusive."""
    values = {
        "title": event.title,
        "title_ru": event.title_ru or "",
        "kind": event.kind,
        "status": event.status,
        "all_day": event.all_day,
        "timezone": event.timezone,
        "location_id": str(event.location_id or ""),
        "force_ids": [str(f.id) for f in event.forces],
        "official_ids": [str(o.id) for o in event.officials],
        "participants": event.participants,
        "description": event.description,
        "description_ru": event.description_ru or "",
        "visibility": event.visibility,
        "version": str(event.version),
        **repeat_values(event),
    }
    if event.all_day:
        values.update(start_date=event.start_date.isoformat(), end_date=event.end_date.isoformat())
    else:
        start = utc_to_local(event.starts_at, event.timezone)
        end = utc_to_local(event.ends_at, event.timezone)
        values.update(
            start_date=start.date().isoformat(),
            start_time=start.strftime("%H:%M"),
            # Empty for the same day, as in a new event's form: then moving the times
            # past midnight (23:00 to 00:30) rolls the end over, as Google Calendar does.
            end_date="" if end.date() == start.date() else end.date().isoformat(),
            end_time=end.strftime("%H:%M"),
            start_fold=str(start.fold) if is_repeated(start) else "",
            end_fold=str(end.fold) if is_repeated(end) else "",
        )
    return values
