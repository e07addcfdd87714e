"""`make bench`: /plan/<year> and its PDF with 2,000 events in the year, on top of the
generated events (100,000 by default) in other years, against the same with 50 events in
the year. Target: the page within 1.5x. `python bench/plan.py [BASE]` alone; bench/run.py
runs it."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
import run as bench  # noqa: E402


def _add_year(year: int, n: int, seed: int) -> None:
    """n trainings in `year`, 1-7 days each, with 1-2 forces (bulk insert)."""
    from sqlalchemy import func, insert, select

    from calendar_app.extensions import db
    from calendar_app.models import Event, Force, Location, event_forces

    rng = random.Random(seed)
    forces = list(db.session.scalars(select(Force)))
    locations = list(db.session.scalars(select(Location)))
    first_id = (db.session.scalar(select(func.max(Event.id))) or 0) + 1
    now = datetime.now(UTC).replace(microsecond=0)
    columns = [c.key for c in Event.__table__.columns]
    rows, links = [], []
    for i in range(n):
        location = rng.choice(locations)
        day = date(year, 1, 1) + timedelta(days=rng.randrange(358))
        event = Event(id=first_id + i, uid=f"plan-bench-{year}-{i}", kind="training",
                      title=f"Exercise {i}-{year}", status=rng.choice(["planned", "confirmed"]),
                      visibility="public", description="", participants="", sequence=0,
                      created_at=now, updated_at=now, version=1, recurs=False, exdates=[],
                      location_id=location.id)  # fmt: skip
        event.set_all_day(day, day + timedelta(days=rng.randrange(7)), location.timezone)
        rows.append({c: getattr(event, c) for c in columns})
        for force in rng.sample(forces, 1 + rng.randrange(2)):
            links.append({"event_id": event.id, "force_id": force.id})
    db.session.execute(insert(Event.__table__), rows)
    db.session.execute(insert(event_forces), links)
    db.session.commit()


def _median(client, url: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def _read_floor(app, year: int, repeat: int = 7) -> float:
    """Seconds SQLAlchemy Core alone takes to fetch the year's events, the plan's columns
    only: what any page of that year must at least spend (median of `repeat`)."""
    from sqlalchemy import select

    from calendar_app.extensions import db
    from calendar_app.models import Event

    columns = [Event.id, Event.title, Event.title_ru, Event.kind, Event.status,
               Event.visibility, Event.all_day, Event.start_date, Event.end_date,
               Event.starts_at, Event.ends_at, Event.timezone, Event.location_id,
               Event.series_id, Event.recurrence_id]  # fmt: skip
    query = select(*columns).where(
        Event.starts_at >= datetime(year, 1, 1, tzinfo=UTC),
        Event.starts_at < datetime(year + 1, 1, 1, tzinfo=UTC),
    )
    times = []
    with app.app_context():
        for _ in range(repeat):
            started = time.perf_counter()
            db.session.execute(query).all()
            times.append(time.perf_counter() - started)
        db.session.remove()
    return statistics.median(times)


def main(base: int = 100_000, repeat: int = 3) -> str:
    from calendar_app.extensions import db
    from calendar_app.schema import create_all_at_head

    folder = tempfile.mkdtemp(prefix="plan-bench-")
    app = bench.make_app(f"sqlite:///{folder}/plan.sqlite3")
    busy, quiet = date.today().year + 7, date.today().year + 8  # past the generated years
    with app.app_context():
        create_all_at_head()
        generate.generate(base)
        _add_year(busy, 2000, 1)
        _add_year(quiet, 50, 2)
        db.session.remove()
    client = app.test_client()
    rows = []
    for label, suffix, times in (("page", "", repeat), ("PDF (A3)", ".pdf", 1)):
        client.get(f"/plan/{quiet}{suffix}")  # warm up
        small = _median(client, f"/plan/{quiet}{suffix}", times)
        large = _median(client, f"/plan/{busy}{suffix}", times)
        rows.append(f"| /plan/<year>{suffix} ({label}) | {small * 1000:.0f} ms | "
                    f"{large * 1000:.0f} ms | {large / small:.2f}x |")  # fmt: skip
    small, large = _read_floor(app, quiet), _read_floor(app, busy)
    rows.append(f"| floor: Core fetch of the year's rows | {small * 1000:.1f} ms | "
                f"{large * 1000:.1f} ms | {large / small:.2f}x |")  # fmt: skip
    return "\n".join(
        [
            f"Year plan, {base:,} events in other years (SQLite); target page ≤ 1.5x",
            "",
            "| request | 50 events in the year | 2,000 events in the year | ratio |",
            "|---|---|---|---|",
            *rows,
        ]
    )


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
