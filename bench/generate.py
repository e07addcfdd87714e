"""Generate a realistic dataset of N events for benchmarks: `python bench/generate.py N`.

Ten years around today; meetings, sessions and trainings; forces and locations
across the member states' time zones; all-day and timed; about 5% cancelled,
10% internal, some long descriptions. Written by a bulk path that renders each
event's stored feed text exactly as the service layer does, into SQLite or
CALENDAR_DATABASE_URL.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from calendar_app.demo import load_demo, new_force, new_location  # noqa: E402
from calendar_app.domain.timezones import zone  # noqa: E402
from calendar_app.extensions import db  # noqa: E402
from calendar_app.feeds.store import on_events_rewritten, render_signature  # noqa: E402
from calendar_app.models import Event, FeedState, Force, Location, event_forces, new_uid  # noqa: E402

TITLES = {
    "meeting": [
        "Secretary General meets the Minister of Defence",
        "Consultations with the UN Department of Peace Operations",
        "Working meeting of the Joint Staff",
        "Meeting with the Ambassador",
        "Briefing for the press",
    ],
    "session": [
        "Session of the Collective Security Council",
        "Council of Foreign Ministers",
        "Council of Defence Ministers",
        "Committee of Secretaries of Security Councils",
        "Permanent Council",
    ],
    "training": [
        "Interaction",
        "Search",
        "Echelon",
        "Indestructible Brotherhood",
        "Cobalt",
        "Rubezh",
        "Thunder",
        "Barrier",
    ],
}
LONG = (
    "The exercise rehearses the planning and conduct of a joint operation, the "
    "interaction of command bodies, logistics support and communications. "
) * 12


FOCUS_MONTH = (date.today().year + 1, 3)  # the month the month-view benchmark opens
FOCUS_EVENTS = 200


def _day(i: int, n: int, rng: random.Random, first_day: date) -> date:
    """Spread events over ten years, but put exactly FOCUS_EVENTS in FOCUS_MONTH."""
    year, month = FOCUS_MONTH
    if i < min(FOCUS_EVENTS, n):
        return date(year, month, 1 + rng.randrange(28))
    while True:
        day = first_day + timedelta(days=rng.randrange(3650))
        # keep multi-day spill-over out of the focus month too
        if not (day.year == year and day.month in (month - 1, month)):
            return day


def _event_rows(n: int, forces: list[Force], locations: list[Location], rng: random.Random):
    today = date.today()
    first_day = today - timedelta(days=5 * 365)
    now = datetime.now(UTC).replace(microsecond=0)
    for i in range(n):
        kind = rng.choices(["meeting", "session", "training"], weights=[5, 3, 2])[0]
        location = rng.choice(locations)
        day = _day(i, n, rng, first_day)
        all_day = kind == "training" or rng.random() < 0.15
        event = Event(
            id=i + 1,
            uid=new_uid(),
            kind=kind,
            sequence=rng.randrange(3),
            status="cancelled"
            if rng.random() < 0.05
            else rng.choice(["planned", "confirmed", "confirmed"]),
            title=f"{rng.choice(TITLES[kind])}-{day.year}"
            if kind == "training"
            else rng.choice(TITLES[kind]),
            visibility="internal" if rng.random() < 0.1 else "public",
            description=LONG if rng.random() < 0.1 else "Agenda to follow.",
            participants="Delegations of the member states",
            created_at=now,
            updated_at=now,
            version=1,
            recurs=False,
            exdates=[],
            location=location,
            location_id=location.id,
        )
        if all_day:
            event.set_all_day(
                day,
                day + timedelta(days=rng.randrange(7) if kind == "training" else 0),
                location.timezone,
            )
        else:
            start = datetime(
                day.year,
                day.month,
                day.day,
                8 + rng.randrange(10),
                rng.choice([0, 30]),
                tzinfo=zone(location.timezone),
            )
            event.set_timed(
                start, start + timedelta(minutes=rng.choice([60, 90, 120, 240])), location.timezone
            )
        chosen = rng.sample(forces, rng.randrange(3)) if kind == "training" else []
        event.forces = sorted(chosen, key=lambda f: f.name)
        yield event


def generate(n: int, seed: int = 7, batch: int = 2000) -> float:
    """Fill the current app's (empty) database with n events; return seconds taken."""
    from calendar_app.feeds.store import render_event_text

    started = time.perf_counter()
    rng = random.Random(seed)
    demo = load_demo()
    forces = [new_force(row) for row in demo.forces]
    locations = [new_location(row) for row in demo.locations]
    db.session.add_all(forces + locations)
    db.session.commit()
    columns = [c.key for c in Event.__table__.columns]
    events_batch, links = [], []

    def flush() -> None:
        if events_batch:
            db.session.execute(insert(Event.__table__), events_batch)
        if links:
            db.session.execute(insert(event_forces), links)
        db.session.commit()
        events_batch.clear()
        links.clear()

    with db.session.no_autoflush:
        for event in _event_rows(n, forces, locations, rng):
            event.ics_text = render_event_text(event)
            row = {c: getattr(event, c) for c in columns}
            events_batch.append(row)
            links += [{"event_id": event.id, "force_id": f.id} for f in event.forces]
            if len(events_batch) >= batch:
                flush()
        flush()
    state = db.session.get(FeedState, 1) or FeedState(id=1, generation=0)
    state.render_signature = render_signature()
    db.session.merge(state)
    on_events_rewritten()
    db.session.commit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from calendar_app import create_app
    from calendar_app.schema import create_all_at_head

    app = create_app()
    with app.app_context():
        create_all_at_head()  # the schema `db upgrade` builds, recorded as such
        seconds = generate(args.n, args.seed)
    print(
        f"generated {args.n} events in {seconds:.1f} s into {app.config['SQLALCHEMY_DATABASE_URI']}"
    )


if __name__ == "__main__":
    main()
