"""`make loadtest`: a bounded mixed load against gunicorn on 127.0.0.1.

1,000 generated events (bench/generate.py) in a fresh SQLite file, or in the PostgreSQL
database CALENDAR_LOADTEST_DATABASE_URL names (its tables are dropped and made again).
Gunicorn runs 4 workers on a free 127.0.0.1 port; 8 client threads mix month views,
agenda pages, event pages, full feeds, 304 revalidations and API edits for
LOADTEST_SECONDS (60) or LOADTEST_MAX_REQUESTS (200,000), whichever comes first.
Prints requests/s, p50/p95/p99 latency per kind, the error count and worker RSS at
start and end; exits 1 when any request failed.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "200000"))
THREADS = 8
WORKERS = 4
EVENTS = 1000
# (kind, weight): mostly reads, as calendars are used; one request in ten is an edit.
MIX = [("month", 30), ("agenda", 15), ("event", 15), ("feed", 10), ("feed 304", 20), ("edit", 10)]


def prepare(url: str) -> tuple[str, dict[int, int]]:
    """Fill the database; return an editor's API token and each event's id -> version."""
    import generate

    from calendar_app import create_app
    from calendar_app.extensions import db
    from calendar_app.models import ApiToken, Event, User
    from calendar_app.schema import create_all_at_head

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "loadtest"})
    with app.app_context():
        db.drop_all()
        create_all_at_head()  # the schema `db upgrade` builds, recorded as such
        generate.generate(EVENTS)
        user = User(username="loadtest", role="editor")
        user.set_password("loadtest password")
        row, token = ApiToken.issue(user, "loadtest")
        db.session.add_all([user, row])
        db.session.commit()
        live = db.select(Event.id, Event.version).where(Event.deleted_at.is_(None))
        versions = dict(db.session.execute(live).tuples().all())
        db.engine.dispose()
    return token, versions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


class Load:
    def __init__(self, port: int, token: str, versions: dict[int, int]):
        self.port, self.token, self.ids = port, token, list(versions)
        self.versions = versions  # each thread edits its own events, so knows their version
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.count = 0
        self.lock = threading.Lock()
        self.deadline = time.monotonic() + SECONDS

    def run_thread(self, number: int) -> None:
        rng = random.Random(number)
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        kinds, weights = zip(*MIX, strict=True)
        etag = None
        while time.monotonic() < self.deadline:
            with self.lock:
                if self.count >= MAX_REQUESTS:
                    return
                self.count += 1
            kind = rng.choices(kinds, weights)[0]
            method, path, body, headers, ok = self.request(kind, rng, number, etag)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if kind == "feed":
                    etag = response.getheader("ETag")
            except OSError:
                connection.close()
                connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
                status = 0
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies[kind].append(elapsed)
                if status not in ok:
                    self.errors[f"{kind} {status}"] += 1

    def request(self, kind, rng, number, etag):
        year, month = rng.choice([(2024, 3), (2025, 6), (2026, 1), (2026, 11)])
        if kind == "month":
            return "GET", f"/calendar/{year}/{month}", None, {}, {200}
        if kind == "agenda":
            return "GET", f"/agenda?from={year}-{month:02d}-01", None, {}, {200}
        if kind == "event":
            return "GET", f"/events/{rng.choice(self.ids)}", None, {}, {200, 404}
        if kind == "feed":
            return "GET", "/calendar.ics", None, {}, {200}
        if kind == "feed 304":
            # an edit in between changes the ETag: then a 200 is the right answer
            headers = {"If-None-Match": etag} if etag else {}
            return "GET", "/calendar.ics", None, headers, {200, 304}
        # edits: each thread owns its own slice of events, so no two threads race
        event_id = self.ids[number::THREADS][rng.randrange(50)]
        body = f'{{"description": "load {number} {time.time()}"}}'
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "If-Match": f'"v{self.versions[event_id]}"',  # the API refuses blind changes
        }
        self.versions[event_id] += 1  # the edit changes the description: a new version
        return "PATCH", f"/api/v1/events/{event_id}", body, headers, {200}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="calendar-loadtest-"))
    url = os.environ.get("CALENDAR_LOADTEST_DATABASE_URL") or (
        f"sqlite:///{scratch / 'load.sqlite3'}"
    )
    backend = url.split(":", 1)[0].split("+")[0]
    print(f"preparing {EVENTS} events on {backend} ...", flush=True)
    token, versions = prepare(url)
    port = free_port()
    env = os.environ | {
        "CALENDAR_DATABASE_URL": url,
        "CALENDAR_INSTANCE_PATH": str(scratch),
        "CALENDAR_SECRET_KEY": "loadtest",
        "CALENDAR_BASE_URL": f"http://127.0.0.1:{port}",
    }
    log = open(scratch / "gunicorn.log", "wb")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(WORKERS), "calendar_app.wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                probe = HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start")
        # warm every worker once, then measure
        for _ in range(WORKERS * 4):
            probe = HTTPConnection("127.0.0.1", port, timeout=30)
            probe.request("GET", "/calendar.ics")
            probe.getresponse().read()
        pids = workers(server.pid)
        rss_start = {pid: rss_kib(pid) for pid in pids}
        load = Load(port, token, versions)
        started = time.monotonic()
        threads = [threading.Thread(target=load.run_thread, args=(n,)) for n in range(THREADS)]
        samples: list[dict[int, int]] = []  # RSS every tenth of the run: flat or growing?
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(max(SECONDS / 10, 1)):
                samples.append({pid: rss_kib(pid) for pid in pids if Path(f"/proc/{pid}").exists()})

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        sampler.join(timeout=5)
        elapsed = time.monotonic() - started
        rss_end = {pid: rss_kib(pid) for pid in pids if Path(f"/proc/{pid}").exists()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    everything = [t for values in load.latencies.values() for t in values]
    errors = sum(load.errors.values())
    print(f"\n{backend}, {WORKERS} gunicorn workers, {THREADS} client threads, {elapsed:.0f} s")
    print("| kind | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for kind, _ in MIX + [("all", 0)]:
        values = everything if kind == "all" else load.latencies[kind]
        if values:
            print(
                f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.1f} "
                f"| {percentile(values, 0.95):.1f} | {percentile(values, 0.99):.1f} |"
            )
    print(f"\nrequests/s: {len(everything) / elapsed:.0f}")
    print(f"errors: {errors} {dict(load.errors) if errors else ''}")
    print(
        "worker RSS MiB start → end: "
        + ", ".join(
            f"{rss_start[p] / 1024:.0f} → {rss_end.get(p, 0) / 1024:.0f}" for p in rss_start
        )
    )
    totals = [sum(point.values()) / 1024 for point in samples]
    print("all workers' RSS MiB every tenth of the run: " + " ".join(f"{t:.0f}" for t in totals))
    server_log = (scratch / "gunicorn.log").read_text(errors="replace")
    if "Traceback" in server_log or "database is locked" in server_log:
        print("server log shows errors:\n" + server_log[-3000:])
        return 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
