"""What every schedule view reads from the request: filters, display zone, and the events.

Kept apart from the routes so that month, day and agenda share one way of
turning arguments into a query and ORM rows into the plain data the grid takes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import Select, select

from ..domain.countries import country_name, name_key
from ..domain.filters import EventFilter, FilterError, filter_parts, parse_filter
from ..domain.paging import paginate
from ..domain.recurrence import occurrence_key, recurrence_key
from ..domain.text import N_, Message
from ..domain.timezones import canonical_zone, is_display_zone, zone
from ..domain.zone_picker import label_key, zone_label, zones_by_region
from ..events.conflicts import conflicting_keys
from ..events.occurrences import SeriesOccurrence, events_between, series_between
from ..events.paged import page_of
from ..events.policy import visible_events
from ..events.queries import filter_choices, filtered, upcoming
from ..extensions import db
from ..i18n.messages import translate
from ..i18n.setup import current_language, kind_label, marked, status_label
from ..models import Event, Force
from ..vocab import LAST_YEAR
from . import preferences
from .month import CalendarEvent

# Where a list "from a day on" ends: past the last year anyone may enter.
END_OF_TIME = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)

# Zones suggested first in the selector, with the default and the locations' zones
# (every other zone follows, by region).
COMMON_ZONES = ("UTC", "Europe/Moscow", "Europe/Minsk", "Asia/Yerevan", "Asia/Almaty")


@dataclass(frozen=True)
class ViewState:
    event_filter: EventFilter
    tz_name: str
    tz_chosen: bool  # the URL names a zone other than the default: links must carry it
    filter_in_url: bool = True  # the filter came from the URL (else from the cookie)
    zone_remembered: bool = False  # the visitor chose a zone before (the cookie names one)

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.tz_name)

    @property
    def args(self) -> dict:
        """Query arguments every link of the view keeps: what the URL said. What the
        cookie supplied, the cookie supplies again on the next page."""
        args = self.event_filter.to_args() if self.filter_in_url else {}
        if self.tz_chosen:
            args["tz"] = self.tz_name
        return args

    @property
    def zone_differs(self) -> bool:
        return self.tz_name != current_app.config["CALENDAR_TIMEZONE"]

    def today(self) -> date:
        return datetime.now(self.tz).date()


def _unknown_zone(name: str) -> FilterError:
    return FilterError(
        Message(
            N_("unknown time zone '%(name)s' (use an IANA name such as 'Europe/Moscow')"),
            name=name[:64],
        )
    )


def chosen_zone(args) -> str | None:
    """The zone ?tz= names; FilterError when it names none."""
    chosen = args.get("tz", "").strip()
    if chosen and not is_display_zone(chosen):
        raise _unknown_zone(chosen)
    return chosen or None


def form_zone(args) -> str | None:
    """The zone the filter form or the device suggestion sends, in any spelling a browser
    uses (an old "Asia/Calcutta" is Kolkata); FilterError when no zone has that name."""
    typed = args.get("tz", "").strip()
    if not typed or is_display_zone(typed):
        return typed or None
    name = canonical_zone(typed)
    if name is None:
        raise _unknown_zone(typed)
    return name


def remembered_zone() -> str | None:
    """The zone the visitor chose before, if the cookie still names a zone."""
    name = preferences.remembered().get("tz", "")
    return name if is_display_zone(name) else None


def display_zone_name() -> str:
    """The zone a page shows times in: ?tz=, else the remembered one, else the default.
    An unknown ?tz= counts as none here; the views that take it answer 400 for it."""
    try:
        chosen = chosen_zone(request.args)
    except FilterError:
        chosen = None
    return chosen or remembered_zone() or current_app.config["CALENDAR_TIMEZONE"]


def read_view_state() -> ViewState:
    """Filters and display zone from the request, else from the visitor's remembered view;
    FilterError when the URL's make no sense (a remembered one that no longer does, say
    of a force since deleted, is dropped instead)."""
    kinds = current_app.config["CALENDAR_KINDS"]
    default = current_app.config["CALENDAR_TIMEZONE"]
    chosen = chosen_zone(request.args)
    filter_in_url = preferences.has_filter(request.args)
    if filter_in_url:
        event_filter = parse_filter(request.args, kinds)
        check_forces(event_filter.forces)
    else:
        event_filter = _remembered_filter(kinds)
    remembered = remembered_zone()
    return ViewState(
        event_filter,
        chosen or remembered or default,
        tz_chosen=bool(chosen) and chosen != default,
        filter_in_url=filter_in_url,
        zone_remembered=remembered is not None,
    )


def _remembered_filter(kinds: list[str]) -> EventFilter:
    try:
        event_filter = parse_filter(preferences.remembered(), kinds)
        check_forces(event_filter.forces)
    except FilterError:
        return EventFilter()
    return event_filter


def check_forces(slugs: tuple[str, ...]) -> None:
    """An unknown force is a 400, like an unknown kind, rather than an empty view."""
    if not slugs:
        return
    known = set(db.session.scalars(select(Force.slug).where(Force.slug.in_(slugs))))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise FilterError(Message(N_("unknown force '%(slug)s'"), slug=unknown[0][:40]))


def visible(state: ViewState) -> Select:
    """This visitor's events, filtered (anonymous visitors see public events only)."""
    return filtered(visible_events(current_user), state.event_filter)


def fetch(query: Select) -> list[CalendarEvent]:
    """Run one events query (location joined, forces in one more SELECT) into plain data."""
    return [to_calendar_event(event) for event in db.session.scalars(query).unique()]


AGENDA_PAGE_SIZE = 25


def agenda_page(query: Select, first: date, tz: ZoneInfo, number: int):
    """Page `number` of the events of `query` not over by the day `first` (in `tz`), each
    series as its occurrences: (the Page, its events as plain data). A page past the end
    reads nothing more."""
    first_instant = datetime.combine(first, time(), tz)
    # All-day spans sit at UTC midnight: a series is walked from the earlier midnight.
    start = min(first_instant, datetime.combine(first, time(), UTC))
    stretch = page_of(
        upcoming(query.where(Event.recurs.is_(False)), first, first_instant),
        series_between(query, start, END_OF_TIME),
        start,
        END_OF_TIME,
        number,
        AGENDA_PAGE_SIZE,
        keep=lambda item: not_over(item.span(), first, first_instant),
    )
    page = paginate(stretch.total, AGENDA_PAGE_SIZE, number)
    return page, [] if page.past_end else [to_calendar_event(item) for item in stretch.items]


def not_over(span: dict, first: date, first_instant: datetime) -> bool:
    """Whether an event of this span is not over by `first` (all-day, by date) or
    `first_instant` (timed): what queries.upcoming asks of stored rows."""
    if span["all_day"]:
        return span["end_date"] >= first
    return span["ends_at"] > first_instant


def fetch_between(query: Select, start: datetime, end: datetime) -> list[CalendarEvent]:
    """The events of `query` meeting [start, end), each series as its occurrences there."""
    shared: dict[int, dict] = {}
    found = [to_calendar_event(item, shared) for item in events_between(query, start, end)]
    if current_user.is_authenticated and current_user.can("editor"):  # planners see overlaps
        return marked_conflicts(found, start, end)
    return found


def marked_conflicts(events: list[CalendarEvent], start: datetime, end: datetime) -> list:
    """The events with those that double-book a force, venue or official marked."""
    marks = conflicting_keys(start, end)
    if not marks:
        return events
    return [
        replace(e, conflict=True)
        if (e.id, e.occurrence if e.series_id == e.id else "") in marks
        else e
        for e in events
    ]


def to_calendar_event(item: Event | SeriesOccurrence, shared: dict | None = None) -> CalendarEvent:
    """`item` as the views' plain data. `shared` keeps what a series' occurrences have in
    common (its place, forces…), so that a thousand occurrences read them once."""
    event = item.series if isinstance(item, SeriesOccurrence) else item
    series_id, occurrence = None, ""
    if isinstance(item, SeriesOccurrence):
        series_id, occurrence = event.id, item.key
    elif event.series_id is not None:
        series_id = event.series_id
        occurrence = occurrence_key(recurrence_key(event.recurrence_id, event.all_day))
    common = None if shared is None else shared.get(event.id)
    if common is None:
        common = record_fields(event, location_labels(event.location), event.forces)
        if shared is not None:
            shared[event.id] = common
    return CalendarEvent(**common, **item.span(), series_id=series_id, occurrence=occurrence)


def record_fields(event, labels: tuple[str, str], forces) -> dict:
    """What a CalendarEvent takes of its record, an `Event` or a row of its columns
    (plan/data.py reads those): titles, kind, status, place labels and forces' names."""
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "title_ru": event.title_ru or "",
        "location": labels[0],
        "location_ru": labels[1],
        "forces": tuple(force.name for force in forces),
        "forces_ru": tuple(force.name_ru or "" for force in forces),
        "internal": event.visibility == "internal",
    }


def location_labels(location) -> tuple[str, str]:
    """The location's label in English and in Russian ("" when it has no Russian name:
    the page then falls back to the English label, marked as English)."""
    if location is None:
        return "", ""
    russian = location.label("ru") if (location.name_ru or "").strip() else ""
    return location.label(), russian


@dataclass(frozen=True)
class Choice:
    """A force or location the filter form offers: its name in the viewer's language,
    and the language that name is in (a record without a Russian name falls back)."""

    value: str
    name: str
    lang: str

    def marked(self) -> Markup:
        """The name, in a `lang` span when it is not in the page's language (WCAG 3.1.2)."""
        return marked(self.name, self.lang)


@dataclass(frozen=True)
class FilterPanel:
    kinds: list[str]
    forces: list[Choice]  # value: the slug
    locations: list[Choice]  # value: the id
    countries: list[tuple[str, str]]
    suggested_zones: list[tuple[str, str]]  # (name, label)
    zone_regions: list[tuple[str, list[tuple[str, str]]]]  # every zone, by region
    description: Markup  # the active filter's summary, names marked by language


def _choices(rows, value) -> list[Choice]:
    language = current_language()
    choices = [Choice(value(row), *row.localized_name(language)) for row in rows]
    return sorted(choices, key=lambda choice: label_key(choice.name))


def filter_panel(state: ViewState) -> FilterPanel:
    """The choices of the filter form and the words for the active filter, in the
    viewer's language: forces, locations, countries and zones named and sorted in it."""
    language = current_language()
    forces_query, locations_query = filter_choices()
    force_rows = db.session.scalars(forces_query).all()
    location_rows = db.session.scalars(locations_query).all()
    forces = _choices(force_rows, lambda force: force.slug)
    locations = _choices(location_rows, lambda location: location.id)
    codes = sorted(
        {loc.country for loc in location_rows if loc.country} | set(state.event_filter.countries)
    )
    countries = sorted(
        ((code, country_name(code, language)) for code in codes),
        key=lambda pair: (name_key(pair[1]), pair[1]),
    )
    default = current_app.config["CALENDAR_TIMEZONE"]
    suggested = {default, state.tz_name, *COMMON_ZONES, *(loc.timezone for loc in location_rows)}
    now = datetime.now(UTC)
    kinds = current_app.config["CALENDAR_KINDS"]
    parts = filter_parts(
        state.event_filter,
        {choice.value: choice.marked() for choice in forces},
        {choice.value: choice.marked() for choice in locations},
        dict(countries),
        # Lower case, as the summary runs: 'training · Belarus', «учения · Беларусь».
        {kind: kind_label(kind).lower() for kind in state.event_filter.kinds},
        {status: status_label(status).lower() for status in state.event_filter.statuses},
    )
    regions = [
        (translate(region), zones)
        for region, zones in zones_by_region(
            now.replace(minute=0, second=0, microsecond=0), language
        )
    ]
    return FilterPanel(
        kinds=kinds,
        forces=forces,
        locations=locations,
        countries=countries,
        suggested_zones=sorted(
            ((name, zone_label(name, now, language)) for name in suggested),
            key=lambda pair: label_key(pair[1]),
        ),
        zone_regions=sorted(regions, key=lambda pair: label_key(pair[0])),
        description=Markup(" · ").join(
            translate(part) if isinstance(part, Message) else part for part in parts
        ),
    )
