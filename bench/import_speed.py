"""`make bench`: a 10,000-event .ics import against the time `icalendar` needs to parse it.

The file is shaped like an Outlook export (Windows zone names, locations, categories,
descriptions, an alarm each). The floor is `Calendar.from_ical` of the same text in the
same run; the import is everything `calendar-app import-ics` does in process: read, plan
(preview), write every event with its revision and stored feed text, commit. Target: at
most 3x the floor. `python bench/import_speed.py [N]` alone; bench/run.py runs it.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import first_feed  # noqa: E402
import run as bench  # noqa: E402

ZONES = ("Russian Standard Time", "Belarus Standard Time", "Central Asia Standard Time", "UTC")
CATEGORIES = ("Meeting", "Exercise", "Session", "Collective Rapid Reaction Forces", "Press")


OUTLOOK_EVENT = """BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E008000000{i:08d}
DTSTART;TZID="{zone}":{day}T{start:02d}0000
DTEND;TZID="{zone}":{day}T{end:02d}3000
SUMMARY;LANGUAGE=ru:Консультации рабочей группы по вопросу {i}
DESCRIPTION:Повестка: план совместной подготовки\\, тыловое обеспечение и свя
 зь коллективных сил.\\n
LOCATION:Conference room {room}
CATEGORIES:{category}
SEQUENCE:0
DTSTAMP:20241201T090000Z
BEGIN:VALARM
TRIGGER:-PT15M
ACTION:DISPLAY
DESCRIPTION:Reminder
END:VALARM
END:VEVENT
"""


def outlook_export(n: int) -> bytes:
    """n events over the next two years, ~600 bytes each."""
    first = date.today() + timedelta(days=1)
    events = "".join(
        OUTLOOK_EVENT.format(
            i=i,
            zone=ZONES[i % 4],
            day=(first + timedelta(days=i % 700)).strftime("%Y%m%d"),
            start=9 + i % 8,
            end=10 + i % 8,
            room=i % 7,
            category=CATEGORIES[i % 5],
        )
        for i in range(n)
    )
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\n"
    return (text + events + "END:VCALENDAR\n").replace("\n", "\r\n").encode()


def parse_floor(content: bytes, repeat: int = 3) -> float:
    from icalendar import Calendar

    text = content.decode("utf-8")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        Calendar.from_ical(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def import_once(label: str, content: bytes, pg_base: str | None = None) -> dict:
    """One import into a new database: seconds for the preview and for the whole import."""
    from calendar_app import create_app
    from calendar_app.extensions import db
    from calendar_app.imports.importer import ImportOptions, commit_import, plan_import
    from calendar_app.models import Event

    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("CALENDAR_INSTANCE_PATH", folder)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": first_feed.new_database(label, pg_base, folder),
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


def measure(label: str, n: int, pg_base: str | None) -> dict:
    content = outlook_export(n)
    floor = parse_floor(content)
    result = import_once(label, content, pg_base)
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
    result = table(bench.rows_per_target("import speed", measure, n))
    print(result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
