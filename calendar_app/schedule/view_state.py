"""What every schedule view reads from the request: filters, display zone, and the events.

Kept apart from the routes so that month, day and agenda share one way of
turning arguments into a query and ORM rows into the plain data the grid takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_login import current_user
from sqlalchemy import Select, select

from ..domain.countries import country_name, name_key
from ..domain.filters import EventFilter, FilterError, describe_filter, parse_filter
from ..domain.timezones import is_timezone, zone
from ..events.policy import visible_events
from ..events.queries import filter_choices, filtered
from ..extensions import db
from ..models import Event, Force
from .month import CalendarEvent

# Zones always offered in the selector besides the default and the locations' zones.
COMMON_ZONES = ("UTC", "Europe/Moscow", "Europe/Minsk", "Asia/Yerevan", "Asia/Almaty")


@dataclass(frozen=True)
class ViewState:
    event_filter: EventFilter
    tz_name: str
    tz_chosen: bool  # the visitor picked a zone: links must carry it

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.tz_name)

    @property
    def args(self) -> dict:
        """Query arguments every link of the view keeps."""
        args = self.event_filter.to_args()
        if self.tz_chosen:
            args["tz"] = self.tz_name
        return args

    def today(self) -> date:
        return datetime.now(self.tz).date()


def read_view_state() -> ViewState:
    """Filters and display zone from the request; FilterError when they make no sense."""
    event_filter = parse_filter(request.args, current_app.config["CALENDAR_KINDS"])
    default = current_app.config["CALENDAR_TIMEZONE"]
    chosen = request.args.get("tz", "").strip()
    if chosen and not is_timezone(chosen):
        raise FilterError(
            f"unknown time zone '{chosen[:64]}' (use an IANA name such as 'Europe/Moscow')"
        )
    _check_forces(event_filter.forces)
    return ViewState(event_filter, chosen or default, bool(chosen) and chosen != default)


def _check_forces(slugs: tuple[str, ...]) -> None:
    """An unknown force is a 400, like an unknown kind, rather than an empty view."""
    if not slugs:
        return
    known = set(db.session.scalars(select(Force.slug).where(Force.slug.in_(slugs))))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise FilterError(f"unknown force '{unknown[0][:40]}'")


def visible(state: ViewState) -> Select:
    """This visitor's events, filtered (anonymous visitors see public events only)."""
    return filtered(visible_events(current_user), state.event_filter)


def fetch(query: Select) -> list[CalendarEvent]:
    """Run one events query (location joined, forces in one more SELECT) into plain data."""
    return [to_calendar_event(event) for event in db.session.scalars(query).unique()]


def to_calendar_event(event: Event) -> CalendarEvent:
    return CalendarEvent(
        id=event.id,
        title=event.title,
        kind=event.kind,
        status=event.status,
        **event.span(),
        location=event.location.label() if event.location else "",
        forces=tuple(force.name for force in event.forces),
        internal=event.visibility == "internal",
    )


@dataclass(frozen=True)
class FilterPanel:
    kinds: list[str]
    forces: list  # Force rows
    locations: list  # Location rows
    countries: list[tuple[str, str]]
    zones: list[str]
    description: str


def filter_panel(state: ViewState) -> FilterPanel:
    """The choices of the filter form and the words for the active filter."""
    forces_query, locations_query = filter_choices()
    forces = db.session.scalars(forces_query).all()
    locations = db.session.scalars(locations_query).all()
    codes = sorted(
        {loc.country for loc in locations if loc.country} | set(state.event_filter.countries)
    )
    countries = sorted(
        ((code, country_name(code)) for code in codes),
        key=lambda pair: (name_key(pair[1]), pair[1]),
    )
    default = current_app.config["CALENDAR_TIMEZONE"]
    zones = {default, state.tz_name, *COMMON_ZONES, *(loc.timezone for loc in locations)}
    description = describe_filter(
        state.event_filter,
        {force.slug: force.name for force in forces},
        {loc.id: loc.name for loc in locations},
        dict(countries),
    )
    return FilterPanel(
        kinds=current_app.config["CALENDAR_KINDS"],
        forces=forces,
        locations=locations,
        countries=countries,
        zones=sorted(zones),
        description=description,
    )
