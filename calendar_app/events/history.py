"""Revisions as people read them: field names in words, instants in the event's zone,
in the request's language (gettext; outside a request, English)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import select

from ..domain.countries import in_language
from ..domain.text import N_
from ..domain.timezones import is_timezone, utc_to_local
from ..extensions import db
from ..i18n.setup import kind_label, status_label, visibility_label
from ..models import EventRevision, Force, Official
from .words import language, short_date

FIELD_LABELS = {
    "title": N_("Title"),
    "title_ru": N_("Title in Russian"),
    "kind": N_("Kind"),
    "status": N_("Status"),
    "all_day": N_("All day"),
    "start": N_("Start"),
    "end": N_("End"),
    "timezone": N_("Time zone"),
    "location": N_("Location"),
    "forces": N_("Forces"),
    "officials": N_("Officials"),
    "conflicts_confirmed": N_("Saved despite a double booking"),
    "description": N_("Description"),
    "description_ru": N_("Description in Russian"),
    "participants": N_("Participants"),
    "visibility": N_("Visibility"),
    "deleted": N_("Deleted"),
    "reason": N_("Reason"),
    "repeats": N_("Repeats"),
    "exdates": N_("Excluded dates"),
}
ACTION_LABELS = {
    "create": N_("created"),
    "update": N_("edited"),
    "cancel": N_("cancelled"),
    "reinstate": N_("reinstated"),
    "delete": N_("deleted"),
    "restore": N_("restored"),
    "rename": N_("renamed a shared record"),
    "import": N_("imported"),
    "seed": N_("added from the demo data"),
}
# Stored values that pages word (the vocabularies' labels, in the request's language).
# Lower case, as recorded values read in a sentence: English stays "training".
VALUE_WORDS = {
    "kind": lambda value: kind_label(value).lower(),
    "status": lambda value: status_label(value).lower(),
    "visibility": lambda value: visibility_label(value).lower(),
}
# Shared records a revision lists by name (as saved, whatever the page's language): shown
# by their name in the page's language while a record of that name has one.
NAMED_RECORDS = {"forces": Force, "officials": Official}
# Actions that bring an event into being: their revision lists values, not changes.
CREATIONS = {"create", "import", "seed"}
LONG_TEXT = 160


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    action: str
    changes: list[Change]
    is_creation: bool = False


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return gettext(FIELD_LABELS[name])
    return name.replace("_", " ").capitalize()


def action_label(action: str) -> str:
    return gettext(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def _and(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return gettext("%(first)s and %(last)s", first=", ".join(words[:-1]), last=words[-1])


def show_value(value, tzname: str, field: str = "") -> str:
    """One stored value (JSON from a snapshot) as a short readable string; a kind,
    status or visibility in the page's words ("training" → «Учения»)."""
    if value is None or value == "" or value == []:
        return "—"
    if field in VALUE_WORDS and isinstance(value, str):
        return VALUE_WORDS[field](value)
    if field == "location" and isinstance(value, str):
        value = in_language(value, language())
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field in NAMED_RECORDS and isinstance(value, list):
        value = _in_language(NAMED_RECORDS[field], [str(item) for item in value])
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict) and "reason" in value:  # a confirmed double booking
        return gettext(
            "overlaps %(events)s: “%(reason)s”",
            events=", ".join(value.get("with") or ()),
            reason=value["reason"],
        )
    text = str(value)
    if len(text) == 10 and text[4] == "-":
        try:
            return short_date(date.fromisoformat(text))
        except ValueError:
            return text
    if "T" in text and len(text) >= 19:
        try:
            instant = datetime.fromisoformat(text)
        except ValueError:
            return text
        if instant.tzinfo is not None and is_timezone(tzname):
            return short_date(utc_to_local(instant, tzname))
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def _in_language(model, names: list[str]) -> list[str]:
    """Recorded names of forces or officials in the page's language, where they have it."""
    records = db.session.scalars(select(model).where(model.name.in_(names))) if names else ()
    words = {record.name: record.localized_name(language())[0] for record in records}
    return [words.get(name, name) for name in names]


def value_pairs(revision: EventRevision, tzname: str, changes: dict | None = None) -> list:
    """(field name, before, after) for each change of `revision` (or of `changes`, put
    for it, e.g. an occurrence's first revision against its series), the values as
    show_value writes them, times in the zone they were entered in; a creation's
    "deleted" left out. The rows of describe, for pages that word some fields their way."""
    changes = (revision.changes or {}) if changes is None else changes
    # A revision changing the zone shows times in the zone they were entered in.
    zone_before, zone_after = changes.get("timezone", [tzname, tzname])
    creation = revision.action in CREATIONS
    rows = []
    for name, pair in changes.items():
        if creation and name == "deleted":
            continue
        before, after = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        rows.append(
            (
                name,
                show_value(before, zone_before or tzname, name),
                show_value(after, zone_after or tzname, name),
            )
        )
    return rows


def who_of(revision: EventRevision) -> str:
    return revision.user.username if revision.user else gettext("system")


def describe(revision: EventRevision, tzname: str) -> HistoryEntry:
    rows = [
        Change(field_label(name), before, after)
        for name, before, after in value_pairs(revision, tzname)
    ]
    creation = revision.action in CREATIONS
    return HistoryEntry(
        revision.at, who_of(revision), action_label(revision.action), rows, creation
    )


def summary(revision: EventRevision) -> str:
    """'alice edited title and start' — for the message that refuses a stale save."""
    who = revision.user.username if revision.user else gettext("someone")
    fields = [field_label(name).lower() for name in (revision.changes or {})]
    action = action_label(revision.action)
    if revision.action in {"update", "rename"} and fields:
        return gettext("%(who)s changed %(fields)s", who=who, fields=_and(fields))
    return gettext("%(who)s %(action)s the event", who=who, action=action)
