"""Revisions as people read them: field names in words, instants in the event's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..domain.timezones import is_timezone, utc_to_local
from ..models import EventRevision
from ..schedule.formatting import short_date

FIELD_LABELS = {
    "title": "Title",
    "kind": "Kind",
    "status": "Status",
    "all_day": "All day",
    "start": "Start",
    "end": "End",
    "timezone": "Time zone",
    "location": "Location",
    "forces": "Forces",
    "officials": "Officials",
    "conflicts_confirmed": "Saved despite a double booking",
    "description": "Description",
    "participants": "Participants",
    "visibility": "Visibility",
    "deleted": "Deleted",
    "reason": "Reason",
}
ACTION_LABELS = {
    "create": "created",
    "update": "edited",
    "cancel": "cancelled",
    "reinstate": "reinstated",
    "delete": "deleted",
    "restore": "restored",
    "rename": "renamed a shared record",
    "import": "imported",
    "seed": "added from the demo data",
}
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
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def show_value(value, tzname: str) -> str:
    """One stored value (JSON from a snapshot) as a short readable string."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict) and "reason" in value:  # a confirmed double booking
        return f"overlaps {', '.join(value.get('with') or ())}: “{value['reason']}”"
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


def describe(revision: EventRevision, tzname: str) -> HistoryEntry:
    changes = revision.changes or {}
    # A revision changing the zone shows times in the zone they were entered in.
    zone_before, zone_after = changes.get("timezone", [tzname, tzname])
    creation = revision.action in CREATIONS
    rows = []
    for name, pair in changes.items():
        if creation and name == "deleted":
            continue
        before, after = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        rows.append(
            Change(
                field_label(name),
                show_value(before, zone_before or tzname),
                show_value(after, zone_after or tzname),
            )
        )
    who = revision.user.username if revision.user else "system"
    action = ACTION_LABELS.get(revision.action, revision.action)
    return HistoryEntry(revision.at, who, action, rows, creation)


def summary(revision: EventRevision) -> str:
    """'alice edited title and start' — for the message that refuses a stale save."""
    who = revision.user.username if revision.user else "someone"
    fields = [field_label(name).lower() for name in (revision.changes or {})]
    action = ACTION_LABELS.get(revision.action, revision.action)
    if revision.action in {"update", "rename"} and fields:
        listed = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
        return f"{who} changed {listed}"
    return f"{who} {action} the event"
