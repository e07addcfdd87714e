"""`make bench`: feed and month-view figures at N = 1,000 / 10,000 / 100,000 events.

Every time is the median of repeated runs and is also given as a ratio to a
floor measured in the same run (the icalendar library alone building the same
events from memory), because absolute times drift on a shared machine.
SQLite always; PostgreSQL too when CALENDAR_BENCH_DATABASE_URL is set.
Options: --sizes 1000,10000 to run fewer sizes; --quick for fewer repetitions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
SCHEMA = 3  # bump when the generated files must be made again (3: alembic_version stamped)

import generate  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402


def feed_path() -> str:
    """The feed URL holding every generated event (the ten years, plus slack)."""
    today = date.today()
    first = today - timedelta(days=5 * 365 + 30)
    last = today + timedelta(days=5 * 365 + 30)
    return f"/calendar.ics?from={first.isoformat()}&to={last.isoformat()}"


def month_path() -> str:
    year, month = generate.FOCUS_MONTH
    return f"/calendar/{year}/{month}"


def make_app(url: str):
    from calendar_app import create_app

    os.environ.setdefault("CALENDAR_INSTANCE_PATH", str(RESULTS / "instance"))
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "CALENDAR_BASE_URL": "https://calendar.bench",
        }
    )


def prepare(n: int, pg_base: str | None) -> str:
    """A database with n generated events; SQLite files are kept between runs."""
    from calendar_app.extensions import db
    from calendar_app.feeds.store import RENDER_FORMAT
    from calendar_app.schema import create_all_at_head

    RESULTS.mkdir(parents=True, exist_ok=True)
    if pg_base:
        name = f"calendar_bench_{n}"
        admin = create_engine(
            re.sub(r"/[^/]*$", "/postgres", pg_base), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = re.sub(r"/[^/]*$", f"/{name}", pg_base)
    else:
        path = RESULTS / f"data-{n}-f{RENDER_FORMAT}-s{SCHEMA}-{date.today():%Y%m}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists():
            return url
    app = make_app(url)
    with app.app_context():
        create_all_at_head()  # the schema `db upgrade` builds, recorded as such
        seconds = generate.generate(n)
        db.engine.dispose()
    print(f"  generated {n} events in {seconds:.0f} s", flush=True)
    return url


def median_time(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_floor(app, repeat: int) -> tuple[float, int]:
    """icalendar alone: build one Calendar of the same events from plain data, serialize."""
    from icalendar import Calendar

    from calendar_app.extensions import db
    from calendar_app.feeds.ical import vevent_component
    from calendar_app.feeds.store import feed_event
    from calendar_app.models import Event

    with app.app_context():
        start = datetime.combine(
            date.today() - timedelta(days=5 * 365 + 30), datetime.min.time(), UTC
        )
        rows = db.session.scalars(
            db.select(Event)
            .where(Event.deleted_at.is_(None), Event.visibility == "public", Event.ends_at > start)
            .order_by(Event.starts_at, Event.id)
        )
        plain = [feed_event(e) for e in rows]

    def build() -> None:
        calendar = Calendar()
        calendar.add("version", "2.0")
        calendar.add("prodid", "-//bench//EN")
        for item in plain:
            calendar.add_component(vevent_component(item))
        calendar.to_ical()

    return median_time(build, repeat), len(plain)


COLD_SCRIPT = """
import json, os, sys, time
sys.path.insert(0, {root!r})
from calendar_app import create_app
app = create_app({{"SQLALCHEMY_DATABASE_URI": {url!r}, "SECRET_KEY": "bench",
                   "CALENDAR_BASE_URL": "https://calendar.bench"}})
client = app.test_client()
def hwm():  # peak RSS of this process (ru_maxrss would include the parent's, inherited)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = hwm()
started = time.perf_counter()
response = client.get({path!r}, buffered=False)
size = sum(len(chunk) for chunk in response.response)  # consumed as a server would send it
seconds = time.perf_counter() - started
assert response.status_code == 200, response.status_code
print(json.dumps({{"seconds": seconds, "bytes": size, "rss_before_kb": before,
                  "rss_peak_kb": hwm()}}))
"""


def measure_cold(url: str, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        script = COLD_SCRIPT.format(root=str(ROOT), url=url, path=feed_path())
        with tempfile.TemporaryDirectory() as feed_files:  # no feed built by an earlier run
            env = dict(
                os.environ,
                CALENDAR_INSTANCE_PATH=str(RESULTS / "instance"),
                CALENDAR_FEED_CACHE_DIR=feed_files,
            )
            output = subprocess.run(
                [PYTHON, "-c", script], capture_output=True, text=True, check=True, env=env
            ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    result = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    return result


def measure_warm(app, repeat: int) -> dict:
    from calendar_app.domain.events import EventData
    from calendar_app.events import service
    from calendar_app.extensions import db
    from calendar_app.models import Event

    client = app.test_client()
    path = feed_path()
    first = client.get(path)
    etag = first.headers["ETag"]
    results = {}
    results["not_modified"] = median_time(
        lambda: client.get(path, headers={"If-None-Match": etag}), repeat * 10
    )
    results["unchanged_200"] = median_time(lambda: client.get(path).data, repeat * 5)

    with app.app_context():
        event_id = db.session.scalar(
            db.select(Event.id)
            .where(Event.visibility == "public")
            .order_by(Event.id.desc())
            .limit(1)
        )

    edit_times = []
    for i in range(repeat):
        with app.app_context():
            item = db.session.get(Event, event_id)
            data = EventData(
                title=f"Edited {i} at {time.time()}",
                kind=item.kind,
                all_day=item.all_day,
                start=item.start_date if item.all_day else item.starts_at,
                end=item.end_date if item.all_day else item.ends_at,
                timezone=item.timezone,
                status=item.status,
                location_id=item.location_id,
                force_ids=[f.id for f in item.forces],
                description=item.description,
                participants=item.participants,
                visibility=item.visibility,
            )
            service.update_event(item, data)
            db.session.commit()
        started = time.perf_counter()
        body = client.get(path).data
        edit_times.append(time.perf_counter() - started)
        assert f"Edited {i} at".encode() in body
    results["after_edit"] = statistics.median(edit_times)

    return results | time_month(app, repeat * 2)


def time_month(app, repeat: int) -> dict:
    """The focus month's page built afresh (no kept copy): its median time, its SQL
    statements and those on the events table, and its size."""
    from calendar_app.extensions import db

    client = app.test_client()
    queries: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        queries.append(statement)

    pages = app.extensions["page_cache"]

    def month_uncached() -> bytes:
        pages.clear()  # time building the page, not serving a kept copy
        return client.get(month_path()).data

    month_uncached()  # warm templates
    pages.clear()
    event.listen(engine, "before_cursor_execute", count)
    response = client.get(month_path())
    event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return {
        "month_queries": len(queries),
        "month_event_queries": sum(1 for q in queries if "FROM events" in q),
        "month_bytes": len(response.data),
        "month": median_time(month_uncached, repeat),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load(port: int, path: str, seconds: float, connections: int = 8) -> float:
    """Requests per second over keep-alive connections (bounded by time)."""
    done = [0] * connections
    deadline = time.perf_counter() + seconds

    def worker(slot: int) -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            done[slot] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


CANNED_SERVER = """
import socketserver, sys
body = b"x" * int(sys.argv[1])
head = b"HTTP/1.1 200 OK\\r\\nContent-Type: text/calendar\\r\\nContent-Length: %d\\r\\n\\r\\n"
reply = head % len(body) + body  # built once: the server only copies it to the socket
class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            line = self.rfile.readline()
            if not line:
                return
            while self.rfile.readline() not in (b"\\r\\n", b""):
                pass
            self.wfile.write(reply)
class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
server = Server(("127.0.0.1", int(sys.argv[2])), Handler)
print("ready", flush=True)
server.serve_forever()
"""


def measure_wire(size: int, seconds: float) -> float:
    """Requests/s of a server that only sends `size` canned bytes, by the same client:
    what loopback and the client allow for a body this big, whatever the server does."""
    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "-c", CANNED_SERVER, str(size), str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        server.stdout.readline()
        _load(port, "/", 1.0)
        return _load(port, "/", seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure_throughput(url: str, seconds: float, feed_bytes: int) -> dict:
    port = _free_port()
    feed_files = tempfile.TemporaryDirectory()
    env = dict(
        os.environ,
        CALENDAR_DATABASE_URL=url,
        CALENDAR_SECRET_KEY="bench",
        CALENDAR_BASE_URL="https://calendar.bench",
        CALENDAR_INSTANCE_PATH=str(RESULTS / "instance"),
        CALENDAR_FEED_CACHE_DIR=feed_files.name,
    )
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "-w",
            "2",
            "-k",
            "gthread",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "calendar_app.wsgi:app",
        ],
        env=env,
        cwd=str(ROOT),
    )
    try:
        for _ in range(100):
            try:
                HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        for path in ("/healthz", feed_path(), month_path()):
            _load(port, path, 1.0)  # warm every worker
        result = {
            "healthz": _load(port, "/healthz", seconds),
            "feed": _load(port, feed_path(), seconds),
            "month": _load(port, month_path(), seconds),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
        feed_files.cleanup()
    result["wire"] = measure_wire(feed_bytes, seconds)
    return result


def run(label: str, n: int, url: str, args) -> dict:
    app = make_app(url)
    repeat = 3 if args.quick else 5
    floor, events = measure_floor(app, 1 if n >= 100_000 else (2 if args.quick else 3))
    cold = measure_cold(url, 1 if n >= 100_000 else 3)
    warm = measure_warm(app, repeat)
    row = {
        "db": label,
        "n": n,
        "events_in_feed": events,
        "floor": floor,
        "cold": cold["seconds"],
        "feed_bytes": cold["bytes"],
        "rss_before_mb": cold["rss_before_kb"] / 1024,
        "rss_peak_mb": cold["rss_peak_kb"] / 1024,
        **warm,
    }
    if not args.no_throughput:
        row["throughput"] = measure_throughput(
            url, 3.0 if args.quick else 5.0, int(row["feed_bytes"])
        )
    with app.app_context():
        from calendar_app.extensions import db

        db.engine.dispose()
    return row


def print_table(rows: list[dict]) -> str:
    lines = []
    header = (
        "| db | N | floor s | cold feed | after 1 edit | 304 | unchanged 200 | month page "
        "| month SQL | feed req/s ÷ healthz | wire req/s ÷ healthz | month req/s ÷ healthz "
        "| peak RSS | feed size |"
    )
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    base_month = {r["db"]: r["month"] for r in rows if r["n"] == min(x["n"] for x in rows)}
    for r in rows:
        f = r["floor"]
        tp = r.get("throughput")
        feed_tp = (
            f"{tp['feed'] / tp['healthz']:.2f} ({tp['feed']:.0f}/{tp['healthz']:.0f})"
            if tp
            else "–"
        )
        month_tp = f"{tp['month'] / tp['healthz']:.2f} ({tp['month']:.0f})" if tp else "–"
        wire_tp = f"{tp['wire'] / tp['healthz']:.2f} ({tp['wire']:.0f})" if tp else "–"
        lines.append(
            f"| {r['db']} | {r['n']:,} | {f:.2f} | {r['cold'] * 1000:.0f} ms = "
            f"{r['cold'] / f:.3f}× | {r['after_edit'] * 1000:.1f} ms = {r['after_edit'] / f:.4f}× "
            f"| {r['not_modified'] * 1000:.2f} ms = {r['not_modified'] / f:.5f}× "
            f"| {r['unchanged_200'] * 1000:.2f} ms = {r['unchanged_200'] / f:.5f}× "
            f"| {r['month'] * 1000:.1f} ms = {r['month'] / base_month[r['db']]:.2f}× of N=min "
            f"| {r['month_event_queries']} events / {r['month_queries']} total "
            f"| {feed_tp} | {wire_tp} | {month_tp} | {r['rss_peak_mb']:.0f} MB "
            f"(start {r['rss_before_mb']:.0f}) | {r['feed_bytes'] / 1e6:.1f} MB |"
        )
    table = "\n".join(lines)
    print(table)
    return table


def targets() -> list[tuple[str, str | None]]:
    """SQLite always; PostgreSQL too when CALENDAR_BENCH_DATABASE_URL names a server."""
    found: list[tuple[str, str | None]] = [("sqlite", None)]
    if os.environ.get("CALENDAR_BENCH_DATABASE_URL"):
        found.append(("postgresql", os.environ["CALENDAR_BENCH_DATABASE_URL"]))
    return found


def rows_per_target(title: str, measure, n: int) -> list[dict]:
    """measure(label, n, pg_base) on each target, each row printed as it comes."""
    rows = []
    for label, pg_base in targets():
        print(f"{title}: {label} N={n:,}", flush=True)
        rows.append(measure(label, n, pg_base))
        print(json.dumps(rows[-1], default=str), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument(
        "--no-import", action="store_true", help="skip the first feed after a 10,000-event import"
    )
    parser.add_argument(
        "--no-series-views",
        action="store_true",
        help="skip the month view with 1,000 weekly series on 100,000 events",
    )
    parser.add_argument(
        "--no-import-speed",
        action="store_true",
        help="skip the 10,000-event import against the icalendar parse floor",
    )
    parser.add_argument(
        "--no-series-feed",
        action="store_true",
        help="skip the feed with 1,000 weekly series on top of the largest size",
    )
    parser.add_argument(
        "--no-plan", action="store_true", help="skip /plan/<year> and its PDF (bench/plan.py)"
    )
    parser.add_argument(
        "--no-conflicts", action="store_true", help="skip the save with the conflict check"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for label, pg_base in targets():
        for n in sizes:
            print(f"{label} N={n:,}", flush=True)
            url = prepare(n, pg_base)
            rows.append(run(label, n, url, args))
            print(json.dumps({k: v for k, v in rows[-1].items()}, default=str), flush=True)
    table = print_table(rows)
    if not args.no_import:
        import first_feed

        table += "\n\n" + first_feed.main(10_000)
    if not args.no_import_speed:
        import import_speed

        table += "\n\n" + import_speed.main(10_000)
    if not args.no_series_views:
        import series_views

        table += "\n\n" + series_views.main(quick=args.quick)
    if not args.no_series_feed:
        import series_feed

        table += "\n\n" + series_feed.main(max(sizes))
    if not args.no_plan:
        import plan

        table += "\n\n" + plan.main(100_000)
    if not args.no_conflicts:
        import conflict_check

        table += "\n\n" + conflict_check.main(100_000)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"max RSS of this runner {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
        f"\n\n{table}\n"
    )


if __name__ == "__main__":
    main()
