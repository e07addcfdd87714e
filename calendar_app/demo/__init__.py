"""Demo data: the CSTO news text's events, illustrative ones around today and the
secretariat's standing meetings as series (with a moved and a cancelled occurrence this
month), kept as data in demo.toml (shipped in the package) and written through the event
service and its series scopes.

Seeding is idempotent: every demo record has a stable key (a name, or a UID derived from
a slug; an override, its series and original start), and existing records are left as
they are (a force or location seeded before the demo had Russian names gets the ones it
lacks).
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from importlib.resources import files

from sqlalchemy import select

from ..domain.events import EventData
from ..domain.recurrence import occurrences_between
from ..domain.timezones import local_to_utc
from ..events.occurrences import stored_series
from ..events.series import cancel_occurrence, edit_occurrence, find_override, occurrence_data
from ..events.service import create_event
from ..extensions import db
from ..models import Event, Force, Location, Official

DEMO_NAMESPACE = uuid.UUID("5f1d1c7e-2b1a-4c8e-9d0a-6a0f3c2b7e11")


@dataclass(frozen=True)
class DemoData:
    """demo.toml as read: plain dicts, one per force, location and event."""

    notes: dict[str, str]
    forces: list[dict]
    locations: list[dict]
    events: list[dict]
    officials: list[dict] = field(default_factory=list)
    notes_ru: dict[str, str] = field(default_factory=dict)  # the notes in Russian


def load_demo() -> DemoData:
    data = tomllib.loads(files(__package__).joinpath("demo.toml").read_text(encoding="utf-8"))
    return DemoData(
        data["notes"],
        data["forces"],
        data["locations"],
        data["events"],
        data.get("officials", []),
        data.get("notes_ru", {}),
    )


def new_force(row: dict) -> Force:
    return Force(
        slug=row["slug"],
        name=row["name"],
        name_ru=row.get("name_ru"),
        description=row.get("description", ""),
    )


def new_location(row: dict) -> Location:
    return Location(
        name=row["name"],
        name_ru=row.get("name_ru"),
        city=row.get("city", ""),
        city_ru=row.get("city_ru"),
        country=row.get("country", ""),
        address=row.get("address", ""),
        latitude=row.get("latitude"),
        longitude=row.get("longitude"),
        timezone=row["timezone"],
    )


def _day(value: date | dict, first: date) -> date:
    """A date as written: a TOML date, or {month: 0 or 1, day: N} from this month's first."""
    if isinstance(value, date):
        return value
    years, month = divmod(first.month - 1 + value["month"], 12)
    return date(first.year + years, month + 1, 1) + timedelta(days=value["day"] - 1)


def _at(day: date, clock: time, tz: str) -> datetime:
    return local_to_utc(datetime.combine(day, clock), tz)


def demo_events(demo: DemoData, today: date, forces: dict, locations: dict, officials: dict):
    """(slug, EventData) for each demo event; forces by slug and locations by name have ids."""
    first = today.replace(day=1)
    for row in demo.events:
        dates = [row[key] for key in ("start", "end", "on") if key in row]
        around_today = any(isinstance(value, dict) for value in dates)
        slug = f"{row['slug']}-{first:%Y-%m}" if around_today else row["slug"]
        if "on" in row:  # timed, within one day
            day = _day(row["on"], first)
            start, end = (
                _at(day, row["from"], row["timezone"]),
                _at(day, row["until"], row["timezone"]),
            )
        else:
            start, end = _day(row["start"], first), _day(row["end"], first)
        note = demo.notes[row["note"]] if "note" in row else ""
        note_ru = demo.notes_ru.get(row["note"], "") if "note" in row else ""
        yield (
            slug,
            EventData(
                title=row["title"],
                kind=row["kind"],
                status=row.get("status", "confirmed"),
                visibility=row.get("visibility", "public"),
                all_day="on" not in row,
                start=start,
                end=end,
                timezone=row["timezone"],
                location_id=locations[row["location"]].id if "location" in row else None,
                force_ids=[forces[force].id for force in row.get("forces", [])],
                official_ids=[officials[key].id for key in row.get("officials", [])],
                participants=row.get("participants", ""),
                description=" ".join(part for part in (row.get("description", ""), note) if part),
                title_ru=row.get("title_ru", ""),
                description_ru=" ".join(
                    part for part in (row.get("description_ru", ""), note_ru) if part
                ),
                rrule=row.get("rrule"),
            ),
        )


OFFICIAL_RUSSIAN = ("name_ru", "position_ru", "organisation_ru")


def _new_official(row: dict) -> Official:
    return Official(name=row["name"], position=row.get("position", ""),
                    organisation=row.get("organisation", ""),
                    **{name: row.get(name) for name in OFFICIAL_RUSSIAN})  # fmt: skip


def _uid(slug: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, slug))


def _kept_or_added(column, key: str, new):
    """The record whose `column` is `key`, or `new` added (an existing one is left as it is)."""
    record = db.session.scalar(select(column.class_).where(column == key))
    if record is None:
        record = new
        db.session.add(record)
    return record


def _with_russian(record, row: dict, names: tuple[str, ...]):
    """A kept record given the demo's Russian texts it lacks (seeded before it had them);
    a Russian text someone typed is left as it is."""
    for name in names:
        if row.get(name) and not (getattr(record, name) or "").strip():
            setattr(record, name, row[name])
    return record


def _ensure_reference_data(demo: DemoData) -> tuple[dict[str, Force], dict[str, Location]]:
    forces = {
        row["slug"]: _with_russian(
            _kept_or_added(Force.slug, row["slug"], new_force(row)), row, ("name_ru",)
        )
        for row in demo.forces
    }
    locations = {
        row["name"]: _with_russian(
            _kept_or_added(Location.name, row["name"], new_location(row)),
            row,
            ("name_ru", "city_ru"),
        )
        for row in demo.locations
    }
    db.session.flush()  # the events below refer to their ids
    return forces, locations


def seed_demo(today: date | None = None) -> int:
    """Create whatever demo records are missing, in one transaction; return how many
    events were created."""
    demo = load_demo()
    forces, locations = _ensure_reference_data(demo)
    officials = {
        row["key"]: _with_russian(
            _kept_or_added(Official.name, row["name"], _new_official(row)), row, OFFICIAL_RUSSIAN
        )
        for row in demo.officials
    }
    db.session.flush()
    today = today or date.today()
    created = 0
    for slug, data in demo_events(demo, today, forces, locations, officials):
        data.uid = _uid(slug)
        if db.session.scalar(select(Event.id).where(Event.uid == data.uid)) is None:
            create_event(data, None, action="seed")
            created += 1
    for row in demo.events:
        if row.get("overrides"):
            series = db.session.scalar(select(Event).where(Event.uid == _uid(row["slug"])))
            for change in row["overrides"]:
                created += _override(series, change, today)
    seed_plans()
    db.session.commit()
    return created


def _override(series: Event, change: dict, today: date) -> int:
    """Make one override of this month's occurrences (1), unless it is there (0)."""
    first = datetime.combine(today.replace(day=1), time(), tzinfo=UTC)
    after = datetime.combine(_day({"month": 1, "day": 1}, today.replace(day=1)), time(), UTC)
    found = occurrences_between(stored_series(series), first, after)
    if len(found) < change["nth"] or series.deleted_at is not None:
        return 0
    start = found[change["nth"] - 1]
    if find_override(series, start) is not None:
        return 0
    if change.get("status") == "cancelled":
        cancel_occurrence(series, start, reason=change.get("reason", ""))
        return 1
    data = occurrence_data(series, start)
    step = timedelta(days=change.get("move_days", 0))
    data = replace(data, start=data.start + step, end=data.end + step)
    data = replace(
        data,
        title=change.get("title", data.title),
        title_ru=change.get("title_ru", data.title_ru),
    )
    edit_occurrence(series, start, data, action="seed")
    return 1


def seed_plans() -> None:
    """The demo's approved year plans, then the moves made after their approval (once:
    a year that has an approval already is left as it is)."""
    from flask import current_app

    from ..domain.timezones import zone
    from ..events.service import update_event
    from ..models import PlanApproval
    from ..plan.approvals import approve

    data = tomllib.loads(files(__package__).joinpath("demo.toml").read_text(encoding="utf-8"))
    tz = zone(current_app.config["CALENDAR_TIMEZONE"])
    for row in data.get("plan_approvals", []):
        if db.session.scalar(select(PlanApproval.id).where(PlanApproval.year == row["year"])):
            continue
        approve(row["year"], row["approved_on"], row["reference"], None, tz)
        for moved in data.get("plan_moves", []):
            event = db.session.scalar(select(Event).where(Event.uid == _uid(moved["event"])))
            if event is not None and event.start_date.year == row["year"]:
                change = EventData.from_event(event, start=moved["start"], end=moved["end"])
                update_event(event, change, None)
