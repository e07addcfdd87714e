"""Hostile .ics files: every import does bounded work for its size, and each refusal is
a clear reason in the preview (or a 422 for the whole file), never a hang or a 500."""

from __future__ import annotations

import time
import tracemalloc
from datetime import date, timedelta
from io import BytesIO

import pytest

from calendar_app.imports.parse import IcsError, parse_ics

from .helpers import csrf_token, login, make_user

TODAY = date.today()
WINDOW = (TODAY - timedelta(days=365), TODAY + timedelta(days=730))
START = (TODAY - timedelta(days=30)).strftime("%Y%m%d")
# Generous for a shared 2-core machine; the unbounded versions took minutes.
SECONDS = 5.0


def calendar(*events: str, head: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Hostile//EN", *head.split("\n")]
    for event in events:
        lines += ["BEGIN:VEVENT", *event.strip().split("\n"), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


def series(rule: str, uid: str = "s1", start: str = START, extra: str = "") -> str:
    return (
        f"UID:{uid}\nSUMMARY:Series {uid}\nDTSTART:{start}T090000Z\n"
        f"DTEND:{start}T100000Z\nRRULE:{rule}\n{extra}"
    )


def bounded_parse(content: bytes, seconds: float = SECONDS):
    """parse_ics, failing the test when it takes long or allocates much (tracemalloc
    slows Python down, so time and memory are measured in two runs)."""
    started = time.perf_counter()
    result = parse_ics(content, default_zone="Europe/Moscow", window=WINDOW)
    took = time.perf_counter() - started
    assert took < seconds, f"took {took:.1f} s"
    if took < 1:
        tracemalloc.start()
        try:
            parse_ics(content, default_zone="Europe/Moscow", window=WINDOW)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 200 * 1024 * 1024, f"peaked at {peak / 1e6:.0f} MB"
    return result


def reasons(rejected) -> str:
    return " | ".join(r.reason for r in rejected)


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=MINUTELY", "it repeats minutely: only daily or coarser repeats are imported"),
        ("FREQ=SECONDLY;COUNT=5", "it repeats secondly"),
        ("FREQ=HOURLY;INTERVAL=2", "it repeats hourly"),
        ("FREQ=DAILY;BYHOUR=9,10,11", "sets times of day (BYHOUR)"),
        ("FREQ=WEEKLY;BYMINUTE=0,30", "sets times of day (BYMINUTE)"),
        ("FREQ=DAILY;BYSECOND=1", "sets times of day (BYSECOND)"),
        ("FREQ=DAILY;COUNT=99999999", "repeat count must be between 1 and 10000"),
        ("FREQ=DAILY;INTERVAL=999999999", "repeat interval must be between 1 and 1000"),
        ("FREQ=YEARLY;BYYEARDAY=1,2,3", "parts we do not import (BYYEARDAY)"),
        ("FREQ=MONTHLY;BYMONTHDAY=" + ",".join(str(d) for d in range(1, 29)) * 3, "more than 31"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never matches a day"),
        ("FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31", "never matches a day"),
        ("FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=5MO", "never matches a day"),
        ("FREQ=MONTHLY;BYDAY=9MO", "which a MONTHLY rule cannot use"),
        ("FREQ=WEEKLY;BYDAY=1MO", "which a WEEKLY rule cannot use"),
    ],
)
def test_hostile_repeat_rules_are_refused_with_a_reason_before_expansion(rule, reason):
    events, rejected = bounded_parse(calendar(series(rule)))
    assert events == []
    assert len(rejected) == 1 and rejected[0].uid == "s1"
    assert reason in rejected[0].reason
    assert rejected[0].title == "Series s1"


def test_forty_minutely_series_are_refused_at_once():
    content = calendar(*(series("FREQ=MINUTELY", uid=f"m{n}") for n in range(40)))
    events, rejected = bounded_parse(content)
    assert events == [] and len(rejected) == 40
    assert all("minutely" in r.reason for r in rejected)


def test_an_endless_daily_series_is_one_event_not_a_pile_of_copies():
    events, rejected = bounded_parse(calendar(series("FREQ=DAILY")))
    assert rejected == []
    [event] = events
    assert event.uid == "s1" and event.rrule == "FREQ=DAILY"


def test_rules_calendars_write_are_kept_as_series():
    rules = {
        "weekly": "FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,WE",
        "last-friday": "FREQ=MONTHLY;COUNT=6;BYDAY=-1FR",
        "setpos": "FREQ=MONTHLY;COUNT=4;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "yearly": "FREQ=YEARLY;BYMONTHDAY=5;BYMONTH=3",
        "leap": "FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2",
        "daily-until": f"FREQ=DAILY;UNTIL={(TODAY + timedelta(days=5)):%Y%m%d}T235959Z",
    }
    content = calendar(*(series(rule, uid=uid) for uid, rule in rules.items()))
    events, rejected = bounded_parse(content)
    assert rejected == []
    assert {e.uid: e.rrule for e in events} == rules


def test_a_daily_rule_from_1900_is_kept_but_the_file_budget_bounds_many():
    one = calendar(series("FREQ=DAILY", start="19000101"))
    events, rejected = bounded_parse(one)
    assert len(events) == 1 and rejected == []
    many = calendar(*(series("FREQ=DAILY", uid=f"d{n}", start="19000101") for n in range(60)))
    events, rejected = bounded_parse(many, seconds=3 * SECONDS)
    refused = [r for r in rejected if "more work than one import may spend" in r.reason]
    assert refused and len(events) + len(refused) == 60


def test_a_huge_number_of_exdates_is_refused():
    days = ",".join(f"{(TODAY + timedelta(days=n)):%Y%m%d}T090000Z" for n in range(1, 1500))
    events, rejected = bounded_parse(calendar(series("FREQ=DAILY", extra=f"EXDATE:{days}\n")))
    assert events == [] and "more than 1000 excluded or extra dates" in reasons(rejected)


def test_several_rules_in_one_event_are_refused():
    extra = "RRULE:FREQ=WEEKLY\n"
    events, rejected = bounded_parse(calendar(series("FREQ=DAILY", extra=extra)))
    assert events == [] and "more than one repeat rule" in reasons(rejected)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            calendar(head="BEGIN:X-A\n" * 5000 + "END:X-A\n" * 5000),
            "nested more than 6 deep",
        ),
        (calendar("UID:x\nSUMMARY:" + "a" * 1_200_000 + f"\nDTSTART:{START}"), "longer than"),
        (
            calendar("UID:x\nDTSTART:20250101\nDESCRIPTION:" + "\n ".join(["b" * 70] * 20_000)),
            "longer than",
        ),
        (calendar(*(f"UID:e{n}\nDTSTART:{START}" for n in range(50_001))), "components"),
        (calendar(*(series("FREQ=YEARLY", uid=f"y{n}") for n in range(1_001))), "1000 repeating"),
    ],
    ids=["deep-nesting", "long-line", "long-folded-line", "many-components", "many-series"],
)
def test_hostile_file_shapes_are_refused_as_a_whole_or_per_series(content, message):
    started = time.perf_counter()
    try:
        _, rejected = parse_ics(content, default_zone="Europe/Moscow", window=WINDOW)
    except IcsError as error:
        said = str(error)
    else:
        said = reasons(rejected)
    assert time.perf_counter() - started < 4 * SECONDS
    assert message in said


def test_a_minutely_file_through_the_web_preview_is_a_clear_rejection(app, client):
    make_user(app, "editor", "editor")
    assert login(client, "editor").status_code == 302
    token = csrf_token(client.get("/import").get_data(as_text=True))
    started = time.perf_counter()
    reply = client.post(
        "/import",
        data={"csrf_token": token, "file": (BytesIO(calendar(series("FREQ=MINUTELY"))), "m.ics")},
        content_type="multipart/form-data",
    )
    assert time.perf_counter() - started < SECONDS
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "0 new, 0 updated, 0 unchanged, 1 rejected" in page
    assert "it repeats minutely: only daily or coarser repeats are imported" in page
    assert "There is nothing to import" in page
