"""`make bench`: a 10,000-event .ics import against the time `icalendar` needs to parse it.

The file is shaped like an Outlook export (Windows zone names, locations, categories,
descriptions, an alarm each). The floor is `Calendar.from_ical` of the same text in the
same run; the import is everything `calendar-app import-ics` does in process: read, plan
(preview), write every event with its revision and stored feed text, commit. Target: at
most 3x the floor. `python bench/import_speed.py [N]` alone; bench/run.py runs it.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZONES = ("Russian Standard Time", "Belarus Standard Time", "Central Asia Standard Time", "UTC")
CATEGORIES = ("Meeting", "Exercise", "Session", "Collective Rapid Reaction Forces", "Press")


def outlook_export(n: int) -> bytes:
    """n events over the next two years, ~400 bytes each."""
    first = date.today() + timedelta(days=1)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Microsoft Corporation//Outlook 16.0//EN"]
    for i in range(n):
        day = (first + timedelta(days=i % 700)).strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:040000008200E00074C5B7101A82E008000000{i:08d}",
            f'DTSTART;TZID="{ZONES[i % 4]}":{day}T{9 + i % 8:02d}0000',
            f'DTEND;TZID="{ZONES[i % 4]}":{day}T{10 + i % 8:02d}3000',
            f"SUMMARY;LANGUAGE=ru:Консультации рабочей группы по вопросу {i}",
            "DESCRIPTION:Повестка: план совместной подготовки\\, тыловое обеспечение и свя",
            " зь коллективных сил.\\n",
            f"LOCATION:Conference room {i % 7}",
            f"CATEGORIES:{CATEGORIES[i % 5]}",
            "SEQUENCE:0",
            "DTSTAMP:20241201T090000Z",
            "BEGIN:VALARM",
            "TRIGGER:-PT15M",
            "ACTION:DISPLAY",
            "DESCRIPTION:Reminder",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def parse_floor(content: bytes, repeat: int = 3) -> float:
    from icalendar import Calendar

    text = content.decode("utf-8")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        Calendar.from_ical(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _database(label: str, folder: str) -> str:
    pg_base = os.environ.get("CALENDAR_BENCH_DATABASE_URL")
    if label == "sqlite" or not pg_base:
        return f"sqlite:///{folder}/import.sqlite3"
    from sqlalchemy import create_engine, text

    name = "calendar_bench_import"
    admin = create_engine(re.sub(r"/[^/]*$", "/postgres", pg_base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return re.sub(r"/[^/]*$", f"/{name}", pg_base)


def import_once(label: str, content: bytes) -> dict:
    """One import into a new database: seconds for the preview and for the whole import."""
    from calendar_app import create_app
    from calendar_app.extensions import db
    from calendar_app.imports.importer import ImportOptions, commit_import, plan_import
    from calendar_app.models import Event

    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("CALENDAR_INSTANCE_PATH", folder)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": _database(label, folder),
                "SECRET_KEY": "bench",
                "CALENDAR_BASE_URL": "https://calendar.bench",
                "CALENDAR_MAX_IMPORT_BYTES": 64 * 1024 * 1024,
            }
        )
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            plan = plan_import(content, options=ImportOptions("public"))
            planned = time.perf_counter() - started
            summary = commit_import(plan, None)
            db.session.commit()
            total = time.perf_counter() - started
            stored = db.session.scalar(db.select(db.func.count(Event.id)))
            db.session.remove()
            db.engine.dispose()
    return {"preview_s": planned, "import_s": total, "summary": summary, "stored": stored}


def measure(label: str, n: int) -> dict:
    content = outlook_export(n)
    floor = parse_floor(content)
    result = import_once(label, content)
    assert result["stored"] == n, result
    return {"db": label, "n": n, "bytes": len(content), "floor_s": floor, **result}


def table(rows: list[dict]) -> str:
    lines = [
        "| db | N | file | icalendar parse (floor) | preview | whole import | import ÷ floor |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['db']} | {r['n']:,} | {r['bytes'] / 1e6:.1f} MB | {r['floor_s']:.2f} s "
        f"| {r['preview_s']:.2f} s | {r['import_s']:.2f} s | {r['import_s'] / r['floor_s']:.2f}× |"
        for r in rows
    ]
    return "\n".join(lines)


def main(n: int = 10_000) -> str:
    labels = ["sqlite"] + (["postgresql"] if os.environ.get("CALENDAR_BENCH_DATABASE_URL") else [])
    rows = []
    for label in labels:
        print(f"import speed: {label} N={n:,}", flush=True)
        rows.append(measure(label, n))
        print(json.dumps(rows[-1], default=str), flush=True)
    result = table(rows)
    print(result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
