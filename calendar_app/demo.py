"""Demo data drawn from the CSTO news text in shared/seed, plus illustrative events near today.

Seeding is idempotent: every demo record has a stable key (a name, or a UID
derived from a slug), and existing records are left as they are.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from .domain.events import EventData
from .domain.timezones import local_to_utc
from .events.service import create_event
from .extensions import db
from .models import Event, Force, Location

DEMO_NAMESPACE = uuid.UUID("5f1d1c7e-2b1a-4c8e-9d0a-6a0f3c2b7e11")
MONTH_ONLY = (
    "The source gives only the month, so this is entered as a planned all-day "
    "event covering the month until the dates are confirmed."
)
ILLUSTRATIVE = "Illustrative demo event (not from the news source)."

FORCES = [
    (
        "crrf",
        "Collective Rapid Reaction Forces",
        "Rapid reaction formations of the collective security system.",
    ),
    (
        "peacekeeping",
        "Collective Peacekeeping Forces",
        "Peacekeeping contingents of the member states.",
    ),
    (
        "intelligence",
        "Intelligence forces and means",
        "Reconnaissance and intelligence units of the collective forces.",
    ),
    (
        "logistics",
        "Logistics support units",
        "Units providing material and technical support to the collective forces.",
    ),
    ("aviation", "Collective Aviation Forces", "Aviation units of the collective forces."),
]

LOCATIONS = [
    # name, city, country, address, lat, lon, zone
    (
        "Ministry of Defence of the Russian Federation",
        "Moscow",
        "RU",
        "Frunzenskaya Naberezhnaya 22/2",
        55.7286,
        37.5857,
        "Europe/Moscow",
    ),
    (
        "CSTO Secretariat",
        "Moscow",
        "RU",
        "Sivtsev Vrazhek Lane 39",
        55.7457,
        37.5925,
        "Europe/Moscow",
    ),
    (
        "United Nations Headquarters, Security Council Chamber",
        "New York",
        "US",
        "405 East 42nd Street",
        40.7494,
        -73.9681,
        "America/New_York",
    ),
    ("Training grounds of the Republic of Belarus", "", "BY", "", None, None, "Europe/Minsk"),
    ("Training grounds of the Kyrgyz Republic", "", "KG", "", None, None, "Asia/Bishkek"),
    (
        "Palace of Independence",
        "Minsk",
        "BY",
        "Pobediteley Avenue 116",
        53.9386,
        27.4872,
        "Europe/Minsk",
    ),
    ("Ala-Archa State Residence", "Bishkek", "KG", "", 42.8126, 74.5866, "Asia/Bishkek"),
    (
        "Ministry of Defence of the Republic of Kazakhstan",
        "Astana",
        "KZ",
        "Dostyk Street 14",
        51.1284,
        71.4304,
        "Asia/Almaty",
    ),
    ("Lyaur training ground", "Dushanbe", "TJ", "", 38.4, 69.0, "Asia/Dushanbe"),
]


def location_from(row: tuple) -> Location:
    """A Location from one LOCATIONS row."""
    name, city, country, address, lat, lon, tz = row
    return Location(
        name=name,
        city=city,
        country=country,
        address=address,
        latitude=lat,
        longitude=lon,
        timezone=tz,
    )


def _uid(slug: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, slug))


def _ensure_reference_data() -> tuple[dict[str, Force], dict[str, Location]]:
    forces = {}
    for slug, name, description in FORCES:
        force = db.session.scalar(select(Force).where(Force.slug == slug))
        if force is None:
            force = Force(slug=slug, name=name, description=description)
            db.session.add(force)
        forces[slug] = force
    locations = {}
    for row in LOCATIONS:
        location = db.session.scalar(select(Location).where(Location.name == row[0]))
        if location is None:
            location = location_from(row)
            db.session.add(location)
        locations[row[0]] = location
    db.session.commit()
    return forces, locations


def _timed(day: date, start: str, end: str, tz: str) -> tuple[datetime, datetime]:
    def at(clock: str) -> datetime:
        return local_to_utc(datetime.combine(day, time.fromisoformat(clock)), tz)

    return at(start), at(end)


def _news_events(forces, locations) -> list[tuple[str, EventData]]:
    """The events the news text names."""
    belarus = locations["Training grounds of the Republic of Belarus"]
    sept_1, sept_30 = date(2023, 9, 1), date(2023, 9, 30)
    un_start, un_end = _timed(date(2024, 7, 19), "10:00", "13:00", "America/New_York")
    school_start, school_end = _timed(date(2024, 7, 25), "11:00", "13:00", "Europe/Moscow")
    return [
        (
            "sg-shoigu-2023-02-20",
            EventData(
                title="Secretary General meets the Russian Minister of Defence",
                kind="meeting",
                all_day=True,
                start=date(2023, 2, 20),
                end=date(2023, 2, 20),
                timezone="Europe/Moscow",
                location_id=locations["Ministry of Defence of the Russian Federation"].id,
                participants="CSTO Secretary General Imangali Tasmagambetov; Minister of Defence of "
                "the Russian Federation, Army General Sergei Shoigu",
                description="Topical issues of developing the military component of the "
                "Organization and improving its force potential; the Action Plan for "
                "the Belarusian presidency and the 2023 joint training plan.",
            ),
        ),
        (
            "csc-session-2022-11",
            EventData(
                title="Session of the Collective Security Council (November 2022)",
                kind="session",
                status="planned",
                all_day=True,
                start=date(2022, 11, 1),
                end=date(2022, 11, 30),
                timezone="Europe/Moscow",
                participants="Heads of state of the CSTO member states",
                description="The November 2022 session of the CSTO whose decisions the Action Plan "
                f"of the Belarusian presidency implements. {MONTH_ONLY}",
            ),
        ),
        (
            "interaction-2023",
            EventData(
                title="Interaction-2023",
                kind="training",
                status="planned",
                all_day=True,
                start=sept_1,
                end=sept_30,
                timezone="Europe/Minsk",
                location_id=belarus.id,
                force_ids=[forces["crrf"].id],
                description="Joint training of the Collective Rapid Reaction Forces under the 2023 "
                f"Plan of joint training. {MONTH_ONLY}",
            ),
        ),
        (
            "search-2023",
            EventData(
                title="Search-2023",
                kind="training",
                status="planned",
                all_day=True,
                start=sept_1,
                end=sept_30,
                timezone="Europe/Minsk",
                location_id=belarus.id,
                force_ids=[forces["intelligence"].id],
                description="Special training with the forces and means of intelligence. "
                f"{MONTH_ONLY}",
            ),
        ),
        (
            "echelon-2023",
            EventData(
                title="Echelon-2023",
                kind="training",
                status="planned",
                all_day=True,
                start=sept_1,
                end=sept_30,
                timezone="Europe/Minsk",
                location_id=belarus.id,
                force_ids=[forces["logistics"].id],
                description=f"Training with logistical support units. {MONTH_ONLY}",
            ),
        ),
        (
            "indestructible-brotherhood-2023",
            EventData(
                title="Indestructible Brotherhood-2023",
                kind="training",
                status="planned",
                all_day=True,
                start=sept_1,
                end=sept_30,
                timezone="Asia/Bishkek",
                location_id=locations["Training grounds of the Kyrgyz Republic"].id,
                force_ids=[forces["peacekeeping"].id],
                description="Proposed training with the CSTO Peacekeeping Forces on the territory "
                "of the Kyrgyz Republic. The source gives no date; it is placed in "
                "September 2023 beside the other trainings as a planned all-day "
                "event until the dates are confirmed.",
            ),
        ),
        (
            "unsc-debate-2024-07-19",
            EventData(
                title="UN Security Council debate: UN cooperation with the CSTO, the CIS and the SCO",
                kind="session",
                start=un_start,
                end=un_end,
                timezone="America/New_York",
                location_id=locations["United Nations Headquarters, Security Council Chamber"].id,
                participants="CSTO Secretary General Imangali Tasmagambetov; members of the UN "
                "Security Council; CIS and SCO representatives",
                description="Debate on the interaction between the United Nations and regional "
                "organizations, at the invitation of the Russian presidency of the "
                "Security Council. The times are indicative.",
            ),
        ),
        (
            "diplomacy-school-2024-07-25",
            EventData(
                title="Meeting with graduates of the International School of Diplomacy",
                kind="meeting",
                start=school_start,
                end=school_end,
                timezone="Europe/Moscow",
                location_id=locations["CSTO Secretariat"].id,
                participants="Staff of the CSTO Secretariat; graduates of Central Asian universities "
                "(International relations, Regional studies)",
                description="Graduates visiting Moscow at the invitation of the National Research "
                "Institute for the Development of Communications and the Centre for "
                "International Strategic Studies of the Diplomatic Academy. The times "
                "are indicative.",
            ),
        ),
    ]


def _current_events(today: date, forces, locations) -> list[tuple[str, EventData]]:
    """Plausible events around today so that the current month is never empty."""
    first = today.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    key = f"{first:%Y-%m}"

    def day(base: date, n: int) -> date:
        return base + timedelta(days=n - 1)

    pc_start, pc_end = _timed(day(first, 4), "11:00", "13:00", "Europe/Moscow")
    sec_start, sec_end = _timed(day(first, 11), "10:00", "17:30", "Asia/Bishkek")
    by_start, by_end = _timed(day(first, 17), "15:00", "16:30", "Europe/Minsk")
    un_start, un_end = _timed(day(first, 24), "15:00", "16:00", "America/New_York")
    plan_start, plan_end = _timed(day(first, 26), "09:30", "11:00", "Europe/Moscow")
    tj_start, tj_end = _timed(day(first, 20), "10:00", "12:00", "Asia/Dushanbe")
    return [
        (
            f"permanent-council-{key}",
            EventData(
                title="Meeting of the CSTO Permanent Council",
                kind="session",
                start=pc_start,
                end=pc_end,
                timezone="Europe/Moscow",
                location_id=locations["CSTO Secretariat"].id,
                participants="Permanent and plenipotentiary representatives of the member states",
                description=ILLUSTRATIVE,
            ),
        ),
        (
            f"security-councils-{key}",
            EventData(
                title="Committee of Secretaries of Security Councils",
                kind="session",
                start=sec_start,
                end=sec_end,
                timezone="Asia/Bishkek",
                location_id=locations["Ala-Archa State Residence"].id,
                description=ILLUSTRATIVE,
            ),
        ),
        (
            f"crrf-staff-training-{key}",
            EventData(
                title="Command-staff training of the CRRF command",
                kind="training",
                all_day=True,
                start=day(first, 8),
                end=day(first, 13),
                timezone="Asia/Almaty",
                location_id=locations["Ministry of Defence of the Republic of Kazakhstan"].id,
                force_ids=[forces["crrf"].id, forces["aviation"].id],
                description=ILLUSTRATIVE,
            ),
        ),
        (
            f"sg-belarus-mod-{key}",
            EventData(
                title="Secretary General meets the Minister of Defence of Belarus",
                kind="meeting",
                start=by_start,
                end=by_end,
                timezone="Europe/Minsk",
                location_id=locations["Palace of Independence"].id,
                description=ILLUSTRATIVE,
            ),
        ),
        (
            f"dushanbe-visit-{key}",
            EventData(
                title="Working visit to the Lyaur training ground (postponed)",
                kind="meeting",
                status="cancelled",
                start=tj_start,
                end=tj_end,
                timezone="Asia/Dushanbe",
                location_id=locations["Lyaur training ground"].id,
                description=f"Postponed to a later date. {ILLUSTRATIVE}",
            ),
        ),
        (
            f"un-dpo-briefing-{key}",
            EventData(
                title="Briefing for the UN Department of Peace Operations",
                kind="meeting",
                start=un_start,
                end=un_end,
                timezone="America/New_York",
                location_id=locations["United Nations Headquarters, Security Council Chamber"].id,
                force_ids=[forces["peacekeeping"].id],
                description=ILLUSTRATIVE,
            ),
        ),
        (
            f"plan-2027-{key}",
            EventData(
                title="Internal: drafting the next joint training plan",
                kind="meeting",
                visibility="internal",
                start=plan_start,
                end=plan_end,
                timezone="Europe/Moscow",
                location_id=locations["CSTO Secretariat"].id,
                description=ILLUSTRATIVE,
            ),
        ),
        (
            f"peacekeeping-exercise-{key}",
            EventData(
                title="Peacekeeping command-post exercise",
                kind="training",
                status="planned",
                all_day=True,
                start=day(first, 27),
                end=day(nxt, 3),
                timezone="Asia/Bishkek",
                location_id=locations["Training grounds of the Kyrgyz Republic"].id,
                force_ids=[forces["peacekeeping"].id, forces["logistics"].id],
                description=ILLUSTRATIVE,
            ),
        ),
        (
            f"csc-session-{key}",
            EventData(
                title="Session of the Collective Security Council",
                kind="session",
                status="planned",
                all_day=True,
                start=day(nxt, 10),
                end=day(nxt, 11),
                timezone="Europe/Moscow",
                location_id=locations["CSTO Secretariat"].id,
                participants="Heads of state of the CSTO member states",
                description=ILLUSTRATIVE,
            ),
        ),
    ]


def seed_demo(today: date | None = None) -> int:
    """Create whatever demo records are missing; return how many events were created."""
    today = today or date.today()
    forces, locations = _ensure_reference_data()
    created = 0
    for slug, data in _news_events(forces, locations) + _current_events(today, forces, locations):
        data.uid = _uid(slug)
        if db.session.scalar(select(Event.id).where(Event.uid == data.uid)) is None:
            create_event(data, None, action="seed")
            created += 1
    return created
