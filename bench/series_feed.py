"""Series in the feed: 1,000 weekly series spanning ten years on top of the generated
single events; the cold feed and the feed after one edit of a series, each against the
icalendar floor measured in the same run (icalendar alone serializing the same VEVENTs,
series with RRULE/EXDATE and overrides with RECURRENCE-ID, from plain in-memory data).

Targets (issue 14): cold feed ≤ 0.4× floor, one series edit ≤ 0.1× floor. Run by
`make bench` (bench/run.py) after the main table, at its largest size;
`python bench/series_feed.py [N] [--series 1000]` alone.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402

ZONES = ("Europe/Moscow", "Europe/Minsk", "Asia/Almaty", "Asia/Yerevan", "America/New_York")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
OVERRIDE_EVERY = 10  # every tenth series has one cancelled and one moved occurrence


def add_series(app, count: int) -> int:
    """`count` weekly series, each from five years ago for ten years (≈520 occurrences),
    made by the bulk writer; some with overrides and an excluded date by the scopes."""
    from calendar_app.domain.events import EventData
    from calendar_app.domain.timezones import zone
    from calendar_app.events import bulk
    from calendar_app.events import series as scopes
    from calendar_app.extensions import db
    from calendar_app.models import Event

    first = date.today() - timedelta(days=5 * 365)
    datas = []
    for i in range(count):
        tz = zone(ZONES[i % len(ZONES)])
        day = first + timedelta(days=i % 7)
        start = datetime(day.year, day.month, day.day, 9 + i % 8, tzinfo=tz)
        until = (day + timedelta(days=3650)).strftime("%Y%m%d")
        datas.append(
            EventData(
                title=f"Standing meeting {i}",
                kind="meeting",
                start=start,
                end=start + timedelta(hours=1),
                timezone=tz.key,
                rrule=f"FREQ=WEEKLY;BYDAY={WEEKDAYS[i % 5]};UNTIL={until}",
                description="Weekly, illustrative.",
            )
        )
    with app.app_context():
        ids = bulk.create_events(datas)
        db.session.commit()
        for series_id in ids[::OVERRIDE_EVERY]:
            series = db.session.get(Event, series_id)
            occurrences = scopes.series_occurrences(series, limit=60)
            scopes.cancel_occurrence(series, occurrences[50])
            moved = scopes.occurrence_data(series, occurrences[52])
            later = timedelta(hours=2)
            scopes.edit_occurrence(
                series,
                occurrences[52],
                replace(moved, start=moved.start + later, end=moved.end + later),
            )
            scopes.delete_occurrence(series, occurrences[54])
        db.session.commit()
        return ids[0]


def measure_floor(app, repeat: int) -> tuple[float, int]:
    """icalendar alone: one Calendar of the feed's VEVENTs, from plain data, serialized."""
    from icalendar import Calendar

    from calendar_app.domain.filters import EventFilter
    from calendar_app.feeds.build import FeedRequest, feed_items, parse_window
    from calendar_app.feeds.ical import vevent_component

    path = bench.feed_path()
    args = dict(part.split("=") for part in path.split("?", 1)[1].split("&"))
    with app.app_context():
        start, end = parse_window(args, 0, date.today())
        plain = feed_items(FeedRequest(False, EventFilter(), start, end))

    def build() -> None:
        calendar = Calendar()
        calendar.add("version", "2.0")
        calendar.add("prodid", "-//bench//EN")
        for item in plain:
            calendar.add_component(vevent_component(item))
        calendar.to_ical()

    return bench.median_time(build, repeat), len(plain)


def measure_edit(app, series_id: int, repeat: int) -> tuple[float, float]:
    """Retitle the whole series through the scopes (its overrides' texts renewed with it),
    then fetch the feed: the median write (with commit) and the median feed after it."""
    from calendar_app.domain.events import EventData
    from calendar_app.events import series as scopes
    from calendar_app.extensions import db
    from calendar_app.models import Event

    client = app.test_client()
    path = bench.feed_path()
    client.get(path)
    writes, feeds = [], []
    for i in range(repeat):
        title = f"Standing meeting edited {i} at {time.time()}"
        started = time.perf_counter()
        with app.app_context():
            series = db.session.get(Event, series_id)
            scopes.update_series(series, replace(EventData.from_event(series), title=title))
            db.session.commit()
        writes.append(time.perf_counter() - started)
        started = time.perf_counter()
        body = client.get(path).data
        feeds.append(time.perf_counter() - started)
        assert title.encode() in body.replace(b"\r\n ", b"")
    return statistics.median(writes), statistics.median(feeds)


def measure(label: str, n: int, pg_base: str | None, series: int = 1000) -> dict:
    from calendar_app.extensions import db
    from calendar_app.schema import create_all_at_head

    with tempfile.TemporaryDirectory() as folder:
        if pg_base:
            url = bench.prepare(n, pg_base)  # a fresh copy of the dataset on the server
        else:
            kept = bench.prepare(n, None).removeprefix("sqlite:///")
            copy = Path(folder) / "series.sqlite3"
            shutil.copy(kept, copy)  # the kept dataset stays as the main table wants it
            url = f"sqlite:///{copy}"
        app = bench.make_app(url)
        with app.app_context():
            create_all_at_head()  # no-op on the prepared schema
        started = time.perf_counter()
        series_id = add_series(app, series)
        added = time.perf_counter() - started
        floor, vevents = measure_floor(app, 1 if n >= 100_000 else 3)
        cold = bench.measure_cold(url, 1 if n >= 100_000 else 3)
        write, after_edit = measure_edit(app, series_id, 3)
        with app.app_context():
            db.engine.dispose()
    return {
        "db": label,
        "n": n,
        "series": series,
        "vevents": vevents,
        "add_s": added,
        "floor": floor,
        "cold": cold["seconds"],
        "feed_bytes": cold["bytes"],
        "edit_write": write,
        "after_edit": after_edit,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| db | single events + series | VEVENTs | floor s | cold feed | one series edit "
        "(write) | feed after it | feed size |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f = r["floor"]
        lines.append(
            f"| {r['db']} | {r['n']:,} + {r['series']:,} | {r['vevents']:,} | {f:.2f} "
            f"| {r['cold'] * 1000:.0f} ms = {r['cold'] / f:.3f}× "
            f"| {r['edit_write'] * 1000:.1f} ms = {r['edit_write'] / f:.4f}× "
            f"| {r['after_edit'] * 1000:.1f} ms = {r['after_edit'] / f:.4f}× "
            f"| {r['feed_bytes'] / 1e6:.1f} MB |"
        )
    return "\n".join(lines)


def main(n: int = 100_000, series: int = 1000) -> str:
    rows = bench.rows_per_target(
        "series in the feed", lambda label, size, pg: measure(label, size, pg, series), n
    )
    result = table(rows)
    print(result)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--series", type=int, default=1000)
    args = parser.parse_args()
    main(args.n, args.series)
