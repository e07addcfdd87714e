"""The month view with series: 1,000 weekly series spanning ten years on top of the
100,000 generated single events, against the month view of the 1,000-event database
(target: within 1.5×). Half the series end by UNTIL, half by COUNT (520 weeks), so both
ways of ending are expanded. The focus month then holds ~4,300 occurrences besides its
200 single events.

Run by `make bench` (bench/run.py) after the main table; `python bench/series_views.py`
alone (--quick for fewer repetitions). The SQLite file with the series is kept between
runs, like the generated ones.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402

SERIES = 1_000
SINGLES = 100_000
BASE = 1_000
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
TARGET = 1.5


def add_series(n: int = SERIES, seed: int = 11) -> float:
    """n weekly series over ten years (from five years back), through the event service;
    seconds taken."""
    from sqlalchemy import select

    from calendar_app.domain.events import EventData
    from calendar_app.domain.timezones import zone
    from calendar_app.events import service
    from calendar_app.extensions import db
    from calendar_app.models import Location

    started = time.perf_counter()
    rng = random.Random(seed)
    locations = db.session.scalars(select(Location)).all()
    rules = service.event_rules(locations=locations)
    first_week = date.today() - timedelta(days=5 * 365)
    for i in range(n):
        location = rng.choice(locations)
        day = first_week + timedelta(days=rng.randrange(7))
        start = datetime(
            day.year, day.month, day.day, 8 + rng.randrange(10), tzinfo=zone(location.timezone)
        )
        weekday = WEEKDAYS[rng.randrange(len(WEEKDAYS))]
        last = (day + timedelta(days=3650)).strftime("%Y%m%d")
        ending = f"UNTIL={last}T235959Z" if i % 2 else "COUNT=520"
        data = EventData(
            title=f"Standing meeting {i}",
            kind="meeting",
            start=start,
            end=start + timedelta(hours=1),
            timezone=location.timezone,
            location_id=location.id,
            rrule=f"FREQ=WEEKLY;BYDAY={weekday};{ending}",
            description="Benchmark series.",
        )
        service.create_event(data, rules=rules)
        if i % 200 == 199:
            db.session.commit()
    db.session.commit()
    return time.perf_counter() - started


def prepare(pg_base: str | None) -> str:
    """The 100,000-event database with the series added (a copy, for SQLite)."""
    from sqlalchemy import text

    from calendar_app.extensions import db

    url = bench.prepare(SINGLES, pg_base)
    if pg_base is None:
        source = Path(url.removeprefix("sqlite:///"))
        target = source.with_name(f"series-{SERIES}-{source.name}")
        url = f"sqlite:///{target}"
        if target.exists():
            return url
        shutil.copyfile(source, target)
    app = bench.make_app(url)
    with app.app_context():
        if pg_base is not None:  # the generator writes its own ids; the service asks the sequence
            db.session.execute(
                text("SELECT setval(pg_get_serial_sequence('events', 'id'), max(id)) FROM events")
            )
        seconds = add_series()
        db.engine.dispose()
    print(f"  added {SERIES} series in {seconds:.0f} s", flush=True)
    return url


def measure(label: str, repeat: int, pg_base: str | None) -> dict:
    """The month view's figures on one database kind, each the median of `repeat`."""
    base_app = bench.make_app(bench.prepare(BASE, pg_base))
    base = bench.time_month(base_app, repeat)
    app = bench.make_app(prepare(pg_base))
    with_series = bench.time_month(app, repeat)
    return {"db": label, "base": base, "series": with_series}


def table(rows: list[dict]) -> str:
    lines = [
        f"Month view, {SERIES:,} weekly series (10 years) on {SINGLES:,} events, "
        f"against {BASE:,} events (target ≤ {TARGET}×):",
        "",
        "| db | month at 1,000 | month with series | ratio | event SQL (base / series) "
        "| page size (base / series) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        base, series = row["base"], row["series"]
        lines.append(
            f"| {row['db']} | {base['month'] * 1000:.0f} ms | {series['month'] * 1000:.0f} ms "
            f"| {series['month'] / base['month']:.2f}× "
            f"| {base['month_event_queries']} / {series['month_event_queries']} "
            f"| {base['month_bytes'] / 1e3:.0f} kB / {series['month_bytes'] / 1e3:.0f} kB |"
        )
    return "\n".join(lines)


def main(quick: bool = False) -> str:
    result = table(bench.rows_per_target("series views", measure, 5 if quick else 11))
    print(result)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    main(parser.parse_args().quick)
