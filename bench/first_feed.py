"""The first feed after a CLI import: `calendar-app db upgrade`, `calendar-app import-ics` of
N events into a new database, then the first `/calendar.ics` in a new process.

Before stored texts were marked current at every write, that first request re-rendered
every event (7.6 s at 10,000: 2.1× the icalendar floor). Now it must be served from the
texts the import stored, writing nothing. Run by `make bench` (bench/run.py) after the
main table; `python bench/first_feed.py [N]` alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402

CLI = [str(Path(sys.executable).parent / "calendar-app")]


def _env(url: str, instance: str, feed_files: str) -> dict:
    return dict(
        os.environ,
        CALENDAR_DATABASE_URL=url,
        CALENDAR_INSTANCE_PATH=instance,
        CALENDAR_FEED_CACHE_DIR=feed_files,
        CALENDAR_SECRET_KEY="bench",
        CALENDAR_BASE_URL="https://calendar.bench",
        CALENDAR_MAX_IMPORT_BYTES=str(256 * 1024 * 1024),  # 10,000 events are ~7 MB
    )


def _exported_ics(n: int, pg_base: str | None, path: Path) -> None:
    """The bench dataset of n events as one .ics file (our own export of it)."""
    url = bench.prepare(n, None)  # the kept SQLite dataset, whatever the target database
    with tempfile.TemporaryDirectory() as scratch:
        env = _env(url, scratch, scratch)
        subprocess.run([*CLI, "export-ics", str(path)], env=env, check=True, capture_output=True)


def new_database(label: str, pg_base: str | None, folder: str) -> str:
    if not pg_base:
        return f"sqlite:///{folder}/imported.sqlite3"
    name = "calendar_bench_first_feed"
    admin = create_engine(re.sub(r"/[^/]*$", "/postgres", pg_base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return re.sub(r"/[^/]*$", f"/{name}", pg_base)


def measure(label: str, n: int, pg_base: str | None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        ics = Path(folder) / "export.ics"
        _exported_ics(n, pg_base, ics)
        url = new_database(label, pg_base, folder)
        env = _env(url, folder, f"{folder}/feed-files")
        subprocess.run([*CLI, "db", "upgrade"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(
            [*CLI, "import-ics", str(ics), "--visibility", "public"],
            env=env,
            check=True,
            capture_output=True,
        )
        imported = time.perf_counter() - started
        script = bench.COLD_SCRIPT.format(root=str(ROOT), url=url, path=bench.feed_path())
        output = subprocess.run(
            [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
        ).stdout
        first = json.loads(output.strip().splitlines()[-1])
        floor, events = bench.measure_floor(bench.make_app(url), 3)
    return {
        "db": label,
        "n": n,
        "events_in_feed": events,
        "import_s": imported,
        "first_feed_s": first["seconds"],
        "floor_s": floor,
        "ratio": first["seconds"] / floor,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| db | N imported | import-ics | floor s | first feed after the import |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['db']} | {r['n']:,} | {r['import_s']:.1f} s | {r['floor_s']:.2f} "
        f"| {r['first_feed_s'] * 1000:.0f} ms = {r['ratio']:.3f}× floor |"
        for r in rows
    ]
    return "\n".join(lines)


def main(n: int = 10_000) -> str:
    result = table(bench.rows_per_target("first feed after import-ics", measure, n))
    print(result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
