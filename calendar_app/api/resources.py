"""The resources of /api/v1, declared once. These pydantic models check the JSON shape of
writes (writes.py), build the JSON output (serialize.py) and are the OpenAPI document's
schemas (openapi.py), so the three cannot drift apart.

Pydantic judges only the shape: JSON types, required keys, unknown keys. What a value may
be (a configured kind, a status, a length, a year) is judged by events/rules.py, with the
messages the web form shows too; the document states those limits from vocab.py, the
same source the rules read. Attribute names are the form's field names (what rules.py
takes); the JSON names are their camelCase aliases (allDay, locationId…), as FullCalendar
reads them.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from ..vocab import FIRST_YEAR, LAST_YEAR, MAX_LENGTHS, STATUSES, VISIBILITIES

# Kinds are configured per deployment (CALENDAR_KINDS), so they are not known here: a
# schema marked with this key gets the configured kinds as its enum (openapi.py).
CONFIGURED_KINDS = "x-configured-kinds"


@dataclass(frozen=True)
class WrongType:
    """What a client is told when a field's value has the wrong JSON type."""

    message: str


def _stated(**keywords: Any) -> Any:
    """Limits the document states but pydantic leaves alone. In a write rules.py checks
    them, with its own messages; the output keeps them because what is stored passed."""
    return Field(json_schema_extra=keywords)


String = Annotated[str, WrongType("Must be a string.")]
Title = Annotated[String, _stated(minLength=1, maxLength=MAX_LENGTHS["title"])]
Kind = Annotated[String, _stated(maxLength=MAX_LENGTHS["kind"], **{CONFIGURED_KINDS: True})]
Status = Annotated[String, _stated(enum=list(STATUSES))]
Visibility = Annotated[String, _stated(enum=list(VISIBILITIES))]
Zone = Annotated[
    String,
    _stated(maxLength=MAX_LENGTHS["timezone"]),
    Field(description="IANA name. Left empty in a write: the location's, else the default."),
]
Start = Annotated[
    String,
    Field(
        description="All-day events: a date, YYYY-MM-DD. Others: a date-time to the minute, "
        "shown with the offset of the event's zone; a write gives local time "
        "(YYYY-MM-DDTHH:MM) in `timezone`, or seconds :00 and an offset "
        "(YYYY-MM-DDTHH:MM:00+03:00), which also says which of a repeated hour's times is "
        f"meant. Years {FIRST_YEAR} to {LAST_YEAR}."
    ),
]
End = Annotated[
    String,
    Field(
        description="Like `start`; for all-day events exclusive (the day after the last day), "
        "as iCalendar and FullCalendar read it."
    ),
]
Participants = Annotated[String, _stated(maxLength=MAX_LENGTHS["participants"])]
RECURRENCE_ID_PATTERN = r"^\d{8}(T\d{6}Z)?$"
RecurrenceId = Annotated[
    String,
    _stated(pattern=RECURRENCE_ID_PATTERN),
    Field(
        description="An occurrence's original start, as iCalendar's RECURRENCE-ID and the "
        "occurrence's address name it: 20250106T070000Z (UTC) for a timed series, "
        "20250106 for an all-day one."
    ),
]
Rrule = Annotated[
    str | None,
    WrongType("Must be RRULE text (such as FREQ=WEEKLY;BYDAY=MO) or null."),
    _stated(maxLength=MAX_LENGTHS["rrule"]),
    Field(
        description="The repeat rule (RFC 5545 RRULE: FREQ DAILY/WEEKLY/MONTHLY/YEARLY, "
        "INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT or UNTIL); null: the event "
        "does not repeat. In the events list each occurrence stands alone, with null here."
    ),
]
Exdates = Annotated[
    list[RecurrenceId],
    WrongType("Must be a list of recurrence ids (20250106T070000Z, or 20250106 all-day)."),
    Field(description="Occurrences of the series left out (deleted)."),
]
Description = Annotated[String, _stated(maxLength=MAX_LENGTHS["description"])]
# The Russian texts of a bilingual record: null (or left out, or "") when it has none, and
# pages and feeds in Russian show the English text instead.
TitleRu = Annotated[
    str | None,
    WrongType("Must be a string or null."),
    _stated(maxLength=MAX_LENGTHS["title_ru"]),
    Field(description="The title in Russian (one line); null: none, the English is shown."),
]
DescriptionRu = Annotated[
    str | None,
    WrongType("Must be a string or null."),
    _stated(maxLength=MAX_LENGTHS["description_ru"]),
    Field(description="The description in Russian; null: none, the English is shown."),
]
InRussian = Annotated[
    str | None, Field(description="In Russian (null: none, the English is shown).")
]


class Resource(BaseModel):
    """camelCase on the wire; no key beyond those declared, in or out."""

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid")


class EventFields(Resource):
    """What a person writes about an event: a write takes these, the output shows them.
    The defaults are what a write that leaves a field out gets."""

    title: Title
    title_ru: TitleRu = None
    kind: Kind
    status: Status = "confirmed"
    all_day: Annotated[bool, WrongType("Must be true or false.")] = False
    start: Start
    end: End
    timezone: Zone = ""
    participants: Participants = ""
    description: Description = ""
    description_ru: DescriptionRu = None
    visibility: Visibility = "public"
    rrule: Rrule = None
    exdates: Exdates = Field(default_factory=list)


class EventInput(EventFields):
    """An event as a POST or PUT sends it. Values are taken as their JSON type only: "yes"
    is no boolean and "3" no id."""

    # A client sends JSON names only ("all_day" is an unknown field), and pydantic coerces
    # nothing: rules.py is given what was sent, or the client a type error.
    model_config = ConfigDict(strict=True)

    location_id: Annotated[int | None, WrongType("Must be a location id or null.")] = None
    force_ids: Annotated[list[int], WrongType("Must be a list of force ids.")] = Field(
        default_factory=list
    )
    official_ids: Annotated[list[int], WrongType("Must be a list of official ids.")] = Field(
        default_factory=list
    )
    # Not the event's: what to do when the write double-books a force, venue or official.
    confirm_conflicts: Annotated[
        bool,
        WrongType("Must be true or false."),
        Field(
            alias="confirm_conflicts",
            description="Save even though the event double-books something (409 otherwise).",
        ),
    ] = False
    conflict_reason: Annotated[
        String,
        _stated(maxLength=MAX_LENGTHS["conflict_reason"]),
        Field(alias="conflict_reason", description="Why (kept in the event's history)."),
    ] = ""


class Force(Resource):
    id: int
    name: str
    name_ru: InRussian
    slug: str
    description: str


class Official(Resource):
    id: int
    name: str
    name_ru: InRussian
    position: str
    position_ru: InRussian
    organisation: str
    organisation_ru: InRussian


class Location(Resource):
    id: int
    name: str
    name_ru: InRussian
    city: str
    city_ru: InRussian
    country: str
    address: str
    latitude: float | None
    longitude: float | None
    timezone: str
    label: str


class Override(Resource):
    """A changed occurrence of a series, in short (read-only; change it through
    /events/{id}/occurrences/{recurrenceId})."""

    id: int
    recurrence_id: RecurrenceId
    start: Start
    end: End
    status: Status
    title: Title


class Event(EventFields):
    """An event as the API shows it, which is also a FullCalendar event object."""

    # Every field is always there: the input's defaults do not make them optional here.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: int
    uid: str
    location: Location | None
    forces: list[Force]
    officials: list[Official]
    sequence: Annotated[int, _stated(minimum=0)]
    version: Annotated[int, _stated(minimum=1)]
    url: Annotated[str, _stated(format="uri")]
    created_at: Annotated[str, _stated(format="date-time")]
    updated_at: Annotated[str, _stated(format="date-time")]
    # FullCalendar reads classNames; cancelled events can be struck through by CSS.
    class_names: list[str]
    series_id: Annotated[
        int | None,
        Field(description="The series this is an occurrence of (null: none)."),
    ]
    recurrence_id: Annotated[
        RecurrenceId | None, Field(description="Which occurrence of the series (null: none).")
    ]
    overrides: Annotated[
        list[Override],
        Field(description="A series' changed occurrences (GET of the series; else empty)."),
    ]
    dropped_overrides: Annotated[
        list[Override],
        Field(
            description="In the answer to a write of a series: the changed occurrences it "
            "dropped because the new rule no longer has them (else empty)."
        ),
    ]


class Overlap(Resource):
    """One double booking of a refused write: the other event and what both book."""

    occurrence: str | None  # which occurrence of the event written (a series), else null
    when: str
    event: dict[str, Any]
    shared: list[dict[str, Any]]


class ConflictsError(Resource):
    """A write refused because it double-books a force, venue or official: send it again
    with "confirm_conflicts": true and a "conflict_reason" to save it anyway."""

    error: str
    conflicts: list[Overlap]
    fields: dict[str, str]


class Error(Resource):
    """What went wrong, for people; for a 422 also a message per JSON field (else empty)."""

    error: str
    fields: dict[str, str]
