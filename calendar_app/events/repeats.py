"""The event form's Repeats control: its fields, read into an RRULE and judged by the
series rules (events/rules.py). Every sub-field is drawn; without JavaScript the server
reads only those the Repeats list needs (repeats.js hides the others)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, NumberInput

from ..domain.events import EventData
from ..domain.recurrence import (
    WEEKDAYS,
    RuleError,
    describe_rule,
    format_rule,
    normalized,
    parse_rule,
)
from ..domain.repeat_choice import choice_from_rule, choice_values, read_choice, rule_text
from ..domain.timezones import zone
from ..i18n.messages import translate
from .rules import series_problem
from .words import language

REPEAT_KINDS = [
    SelectChoice(value, label)
    for value, label in (
        ("none", _l("Does not repeat")),
        ("daily", _l("Daily")),
        ("weekly", _l("Weekly, on the days chosen")),
        ("monthly_day", _l("Monthly, on a day of the month")),
        ("monthly_weekday", _l("Monthly, on a weekday (such as the 2nd Tuesday)")),
        ("yearly", _l("Yearly, on the start date")),
        ("custom", _l("Custom: every N days, weeks, months or years")),
    )
]
KEPT = SelectChoice("kept", _l("As it is (a rule this form has no words for)"))
WEEKDAY_NAMES = (
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
    _l("Saturday"), _l("Sunday"),
)  # fmt: skip
WEEKDAY_CHOICES = [
    SelectChoice(code, name) for code, name in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)
]
SAME = SelectChoice("", _l("as on the start date"))
ORDINAL_CHOICES = [
    SAME,
    *(
        SelectChoice(str(n), label)
        for n, label in (
            (1, _l("first")),
            (2, _l("second")),
            (3, _l("third")),
            (4, _l("fourth")),
            (-1, _l("last")),
        )
    ),
]
REPEAT_FIELDS = (
    "repeats",
    "repeat_interval",
    "repeat_unit",
    "repeat_weekdays",
    "repeat_month_by",
    "repeat_monthday",
    "repeat_ordinal",
    "repeat_weekday",
    "repeat_ends",
    "repeat_count",
    "repeat_until",
    "repeat_kept",
)


def _number(label: str, high: int, default: str = "") -> StringField:
    return StringField(label, widget=NumberInput(min=1, max=high), default=default)


class RepeatFields:
    """The Repeats fields, mixed into EventForm (WTForms collects them from the class)."""

    repeats = SelectField(
        _l("How often"), choices=REPEAT_KINDS, default="none", validate_choice=False
    )
    repeat_interval = _number(_l("Every"), high=999, default="1")
    repeat_unit = SelectField(
        _l("Unit"),
        choices=[
            SelectChoice("DAILY", _l("days")),
            SelectChoice("WEEKLY", _l("weeks")),
            SelectChoice("MONTHLY", _l("months")),
            SelectChoice("YEARLY", _l("years")),
        ],
        default="WEEKLY",
        validate_choice=False,
    )
    repeat_weekdays = SelectMultipleField(
        _l("On"),
        choices=WEEKDAY_CHOICES,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    repeat_month_by = RadioField(
        _l("Custom months repeat"),
        choices=[
            SelectChoice("day", _l("on a day of the month")),
            SelectChoice("weekday", _l("on a weekday")),
        ],
        default="day",
        validate_choice=False,
    )
    repeat_monthday = _number(_l("Day of the month"), high=31)
    repeat_ordinal = SelectField(_l("Which"), choices=ORDINAL_CHOICES, validate_choice=False)
    repeat_weekday = SelectField(
        _l("Weekday"), choices=[SAME, *WEEKDAY_CHOICES], validate_choice=False
    )
    repeat_ends = RadioField(
        _l("Ends"),
        choices=[
            SelectChoice("never", _l("Never")),
            SelectChoice("count", _l("After a number of times")),
            SelectChoice("until", _l("On a date")),
        ],
        default="never",
        validate_choice=False,
    )
    repeat_count = _number(_l("Times"), high=1000)
    repeat_until = StringField(_l("Last date"), widget=DateInput())
    repeat_kept = HiddenField()

    # Set by the view: whether this form may make or change a series ("this occurrence"
    # may not), and the excluded dates the series keeps.
    repeats_allowed = True
    exdates: tuple = ()

    def repeat_raw(self) -> dict:
        return {name: getattr(self, name).data for name in REPEAT_FIELDS}

    def offer_kept(self) -> None:
        """A kept rule is one of the choices only while there is one to keep."""
        if self.repeats.data == "kept" or self.repeat_kept.data:
            self.repeats.choices = [*REPEAT_KINDS, KEPT]

    def with_repeats(self, data: EventData) -> EventData | None:
        """`data` with the rule the Repeats fields make; None when a field, or the series
        the rule makes (events/rules.py), is refused: the message is at its field."""
        if not self.repeats_allowed:
            return replace(data, rrule=None, exdates=())
        choice, errors = read_choice(self.repeat_raw())
        for name, message in errors.items():
            getattr(self, name).errors = [translate(message)]
        if errors:
            return None
        try:
            text = rule_text(choice, local_day(data.start, data.timezone))
            if text is not None:  # as stored, so that an unchanged rule reads the same
                text = format_rule(normalized(parse_rule(text), data.all_day, data.timezone))
        except RuleError as error:
            self.repeats.errors = [translate(error.message)]
            return None
        if text is None:
            return replace(data, rrule=None, exdates=())
        kept = self.exdates if data.all_day == _all_day(self.exdates, data) else ()
        data = replace(data, rrule=text, exdates=kept)
        problem = series_problem(data)
        if problem:
            self.repeats.errors = [translate(problem)]
            return None
        return data

    def with_repeats_errors(self) -> None:
        """The Repeats fields' own messages, while other fields are refused too."""
        for name, message in read_choice(self.repeat_raw())[1].items():
            getattr(self, name).errors = [translate(message)]

    def rule_in_words(self) -> str:
        """The rule the fields hold, in words in the page's language (empty when none or
        unreadable)."""
        start = _form_day(self.start_date.data)
        if start is None:
            return ""
        choice, errors = read_choice(self.repeat_raw())
        if errors:
            return ""
        try:
            text = rule_text(choice, start)
            return describe_rule(parse_rule(text), start, locale=language()) if text else ""
        except RuleError:
            return ""


def _all_day(exdates: tuple, data: EventData) -> bool:
    """Whether the kept excluded dates are an all-day series' (dates)."""
    if not exdates:
        return data.all_day
    return not isinstance(exdates[0], datetime)


def _form_day(text) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def local_day(value: date | datetime, timezone: str) -> date:
    if isinstance(value, datetime):
        return value.astimezone(zone(timezone)).date()
    return value


def repeat_values(event, rrule: str | None = None) -> dict:
    """A stored event's Repeats (or `rrule` at its start) as the form's field values."""
    rrule = rrule or event.rrule
    if not rrule:
        return {}
    start = event.start_date if event.all_day else local_day(event.starts_at, event.timezone)
    return choice_values(choice_from_rule(rrule, start, event.timezone))
