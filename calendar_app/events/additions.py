"""The location and the force an event form may add with its event, so that a missing
one does not send the editor away from what they typed.

Their fields are /manage's (LocationFields, ForceFields), with the same rules and the
same check that no other record has the name. Until the event is saved they have no id:
the event rules see each as NEW_RECORD, and the view, having saved them in the event's
transaction, puts their ids in its place (`with_ids`).
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import SelectChoice

from ..domain.countries import country_choices
from ..domain.events import EventData
from ..domain.text import N_
from ..manage.forms import ForceFields, LocationFields
from ..manage.records import name_taken, slugify, taken_message
from ..models import Force, Location
from . import service
from .rules import EventRules
from .words import language

NEW = "new"  # the location list's "New location" choice
NEW_RECORD = 0  # what the rules see as the id of an added record (real ids start at 1)
BOTH_LOCATIONS = N_(
    "You filled in a new location below: choose “New location (fill in below)” here to "
    "use it, or clear its venue."
)
# The words of /manage's fields that the event form shows, in the page's language: their
# labels, and the messages of /manage's own checks (WTForms' built-in messages come from
# its catalogue, through Flask-WTF's translations).
LABELS = {
    "name": N_("Venue"),
    "name_ru": N_("Name in Russian"),  # not "Venue…" nor "City…": those name one field
    "city": N_("City"),
    "city_ru": N_("Town in Russian"),
    "country": N_("Country"),
    "timezone": N_("Zone"),
}
MANAGE_MESSAGES = (
    N_("Remove line breaks or control characters."),
    N_("Unknown time zone; use an IANA name such as Europe/Minsk."),
    N_("Another force already has this name."),
    N_("Another location already has this name."),
)
# Bare WTForms forms (no FlaskForm): these give them the request's language.
META = {"get_translations": lambda form: wtforms_translations}


class Additions:
    """The "New location" fieldset and the "New force" field of one event form."""

    def __init__(self, formdata):
        self.location = LocationFields(formdata, prefix="new_location", meta=META)
        self.force = ForceFields(formdata, prefix="new_force", meta=META)
        # Labels that read well inside the event form (and differ from its own "Time zone").
        for name, label in LABELS.items():
            if name in self.location:  # the Russian ones where LocationFields has them
                self.location[name].label.text = gettext(label)
        self.force.name.label.text = gettext("New force")
        countries = country_choices(language())
        self.location.country.choices = [
            SelectChoice("", "—"),
            *(SelectChoice(code, name) for code, name in countries),
        ]
        self.location_values: dict | None = None
        self.force_values: dict | None = None

    def wants_location(self, choice: str) -> bool:
        """ "New location" chosen, or a venue typed with no location chosen."""
        return choice == NEW or (not choice and bool((self.location.name.data or "").strip()))

    def location_problem(self, choice: str) -> str:
        """What is wrong with the location list's choice given the fieldset ('' when fine)."""
        if choice not in ("", NEW) and (self.location.name.data or "").strip():
            return BOTH_LOCATIONS
        return ""

    def validate(self, location_choice: str) -> bool:
        """Check the records asked for (the others are left alone); their values are kept
        for the view, their errors shown on their fields."""
        self.location_values = self.force_values = None
        ok = True
        if self.wants_location(location_choice):
            ok = _checked(self.location, Location) and ok
            self.location_values = self.location.values() if ok else None
        if (self.force.name.data or "").strip():
            wanted = _checked(self.force, Force)
            self.force_values = self.force.values() if wanted else None
            ok = wanted and ok
        return ok

    def for_the_rules(self, raw: dict, rules: EventRules) -> tuple[dict, EventRules]:
        """The form's raw fields and the rules, with the records to add in them."""
        raw = dict(raw)
        if raw.get("location_id") == NEW:
            raw["location_id"] = ""  # not a list choice: the fieldset's errors say why
        if self.location_values is not None:
            zones = {**rules.location_zones, NEW_RECORD: self.location_values["timezone"]}
            rules = replace(rules, location_zones=zones)
            raw["location_id"] = str(NEW_RECORD)
        if self.force_values is not None:
            rules = replace(rules, force_ids={*rules.force_ids, NEW_RECORD})
            raw["force_ids"] = [*(raw.get("force_ids") or []), str(NEW_RECORD)]
        return raw, rules

    @property
    def forms(self) -> tuple[LocationFields, ForceFields]:
        return self.location, self.force

    def added_to(self, data: EventData, user) -> EventData:
        """Save the location and force asked for (flushed in the caller's transaction, so
        they have ids; IntegrityError if one's name was taken a moment ago) and return
        the event naming them."""
        location = force = None
        if self.location_values is not None:
            location = service.save_location(Location(), self.location_values, user)
        if self.force_values is not None:
            new = Force(slug=slugify(self.force_values["name"]))
            force = service.save_force(new, self.force_values, user)
        return with_ids(data, location and location.id, force and force.id)


def _checked(fields, model) -> bool:
    if not fields.validate():
        for field in fields:
            field.errors = [gettext(message) for message in field.errors]
        return False
    if name_taken(model, fields.name.data, None):
        fields.name.errors = [gettext(taken_message(model))]
        return False
    return True


def with_ids(data: EventData, location_id: int | None, force_id: int | None) -> EventData:
    """The event with its added location and force named by the ids they were saved with."""
    if location_id is not None:
        data = replace(data, location_id=location_id)
    if force_id is not None:
        data = replace(data, force_ids=sorted({*data.force_ids} - {NEW_RECORD} | {force_id}))
    return data
