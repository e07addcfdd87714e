"""Three independent iCalendar parsers, each reduced to the same plain shape for comparison:
icalendar (Python), ical (Home Assistant's strict parser) and Mozilla's ical.js (Thunderbird).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

JS_DIR = Path(__file__).parent / "js"
NODE = shutil.which("node")


def _when(value) -> tuple[str, str]:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value!r} in a feed"
        return ("utc", value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert isinstance(value, date)
    return ("date", value.isoformat())


def _row(uid, summary, description, location, status, sequence, categories, start, end):
    return {
        "uid": uid,
        "summary": summary or "",
        "description": description or "",
        "location": location or "",
        "status": (status or "").upper(),
        "sequence": sequence or 0,
        "categories": list(categories),
        "start": start,
        "end": end,
    }


def with_icalendar(text: bytes) -> list[dict]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    rows = []
    for event in calendar.walk("VEVENT"):
        found = event.get("categories")
        props = found if isinstance(found, list) else [found] if found is not None else []
        categories = [str(c) for prop in props for c in prop.cats]
        rows.append(
            _row(
                str(event["uid"]),
                str(event.get("summary", "")),
                str(event.get("description", "")),
                str(event.get("location", "")),
                str(event.get("status", "")),
                int(event.get("sequence", 0)),
                categories,
                _when(event.decoded("dtstart")),
                _when(event.decoded("dtend")),
            )
        )
    return rows


def with_ical(text: bytes) -> list[dict]:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(text.decode("utf-8"))
    return [
        _row(
            e.uid,
            e.summary,
            e.description,
            e.location,
            e.status.value if e.status else "",
            e.sequence,
            e.categories,
            _when(e.dtstart),
            _when(e.dtend),
        )
        for e in calendar.events
    ]


def icaljs_available() -> bool:
    return bool(NODE) and (JS_DIR / "node_modules" / "ical.js").exists()


def with_icaljs(text: bytes) -> list[dict]:
    if not icaljs_available():
        pytest.skip("node or tests/js/node_modules/ical.js missing (make test installs it)")
    result = subprocess.run(
        [NODE, str(JS_DIR / "parse.mjs")], input=text, capture_output=True, timeout=60, check=True
    )
    parsed = json.loads(result.stdout)

    def when(value):
        return ("date", value["date"]) if "date" in value else ("utc", value["utc"])

    return [
        _row(
            e["uid"],
            e["summary"],
            e["description"],
            e["location"],
            e["status"],
            e["sequence"],
            e["categories"],
            when(e["start"]),
            when(e["end"]),
        )
        for e in parsed["events"]
    ]


def icaljs_raw(text: bytes) -> dict:
    if not icaljs_available():
        pytest.skip("node or tests/js/node_modules/ical.js missing (make test installs it)")
    result = subprocess.run(
        [NODE, str(JS_DIR / "parse.mjs")], input=text, capture_output=True, timeout=60, check=True
    )
    return json.loads(result.stdout)


PARSERS = {"icalendar": with_icalendar, "ical": with_ical, "ical.js": with_icaljs}
