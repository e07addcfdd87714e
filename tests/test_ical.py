"""The pure iCal builder: structure, time zones, escaping, read back by three parsers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from calendar_app.feeds.ical import FeedEvent, FeedOptions, build_feed, clean_text
from calendar_app.feeds.vtimezone import transitions, vtimezone

from .feeds_helpers import ZONES
from .parsers import PARSERS, icaljs_raw, with_ical, with_icalendar, with_icaljs

STAMP = datetime(2024, 7, 1, 9, 30, tzinfo=UTC)
OPTIONS = FeedOptions(name="CSTO Secretariat calendar", description="Public events.")


def timed(
    uid="e1@calendar.test", tz="America/New_York", local=datetime(2024, 7, 19, 10), hours=3, **extra
) -> FeedEvent:
    start = local.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)
    end = start + timedelta(hours=hours)
    values = dict(
        uid=uid,
        title="UN Security Council debate",
        kind="session",
        status="confirmed",
        all_day=False,
        start_date=local.date(),
        end_date=local.date(),
        starts_at=start,
        ends_at=end,
        timezone=tz,
        created=STAMP,
        last_modified=STAMP,
        sequence=2,
        location="UN Headquarters, New York, United States",
        geo=(40.7494, -73.9681),
        url="https://calendar.test/events/7",
        forces=("Collective Peacekeeping Forces",),
        participants="Secretary General",
        description="Debate on UN cooperation with regional organisations.",
    )
    values.update(extra)
    return FeedEvent(**values)


def all_day(uid="e2@calendar.test", first=date(2023, 9, 1), last=date(2023, 9, 6), **extra):
    values = dict(
        uid=uid,
        title="Interaction-2023",
        kind="training",
        status="planned",
        all_day=True,
        start_date=first,
        end_date=last,
        starts_at=datetime(first.year, first.month, first.day, tzinfo=UTC),
        ends_at=datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1),
        timezone="Europe/Minsk",
        created=STAMP,
        last_modified=STAMP,
        forces=("Collective Rapid Reaction Forces",),
    )
    values.update(extra)
    return FeedEvent(**values)


def test_all_day_exercise_has_exclusive_date_end():
    text = build_feed([all_day()], OPTIONS).decode()
    assert "DTSTART;VALUE=DATE:20230901\r\n" in text
    assert "DTEND;VALUE=DATE:20230907\r\n" in text
    assert "BEGIN:VTIMEZONE" not in text  # dates need no zone


def test_timed_event_is_local_time_with_tzid_and_a_matching_vtimezone():
    text = build_feed([timed()], OPTIONS).decode()
    assert "DTSTART;TZID=America/New_York:20240719T100000\r\n" in text
    assert "DTEND;TZID=America/New_York:20240719T130000\r\n" in text
    assert text.count("BEGIN:VTIMEZONE") == 1 and "TZID:America/New_York\r\n" in text


def test_calendar_properties_are_those_clients_read():
    text = build_feed([], OPTIONS).decode()
    for line in (
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "NAME:CSTO Secretariat calendar",
        "X-WR-CALNAME:CSTO Secretariat calendar",
        "X-WR-CALDESC:Public events.",
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "X-PUBLISHED-TTL:PT4H",
    ):
        assert line + "\r\n" in text
    assert "METHOD" not in text and "X-WR-TIMEZONE" not in text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_event_properties_status_sequence_stamps_categories():
    event = timed(status="planned", last_modified=datetime(2024, 7, 2, 8, tzinfo=UTC))
    text = build_feed([event], OPTIONS).decode()
    assert "STATUS:TENTATIVE\r\n" in text and "SEQUENCE:2\r\n" in text
    assert "DTSTAMP:20240702T080000Z\r\n" in text and "LAST-MODIFIED:20240702T080000Z\r\n" in text
    assert "CREATED:20240701T093000Z\r\n" in text
    assert "CATEGORIES:session,Collective Peacekeeping Forces\r\n" in text
    assert "GEO:40.7494;-73.9681\r\n" in text
    assert "URL:https://calendar.test/events/7\r\n" in text
    cancelled = build_feed([timed(status="cancelled")], OPTIONS).decode()
    assert "STATUS:CANCELLED\r\n" in cancelled


def test_description_holds_description_forces_participants_and_url():
    [row] = with_icalendar(build_feed([timed()], OPTIONS))
    assert row["description"] == (
        "Debate on UN cooperation with regional organisations.\n\n"
        "Participating forces: Collective Peacekeeping Forces\n"
        "Participants: Secretary General\n\nhttps://calendar.test/events/7"
    )


def test_output_is_byte_identical_when_nothing_changed():
    events = [timed(), all_day()]
    assert build_feed(events, OPTIONS) == build_feed(list(events), OPTIONS)


def test_lines_are_crlf_and_folded_at_75_octets():
    long = "Совместная подготовка " * 40
    text = build_feed([timed(title=long, description=long)], OPTIONS)
    assert b"\n" not in text.replace(b"\r\n", b"")
    assert max(len(line) for line in text.split(b"\r\n")) <= 75
    text.decode("utf-8")  # folding never splits a UTF-8 sequence


@pytest.mark.parametrize(
    "payload",
    [
        "Evil\r\nBEGIN:VEVENT\r\nUID:injected\r\nEND:VEVENT",
        "Evil\rX-INJECTED:1",
        "Evil\nSTATUS:CANCELLED",
        "Nul\x00byte\x1b[31m and bell\x07",
    ],
)
def test_control_characters_never_create_a_property_or_component(payload):
    event = timed(title=payload, description=payload, location=payload, participants=payload)
    text = build_feed([event], OPTIONS)
    for parse in PARSERS.values():
        rows = parse(text)
        assert len(rows) == 1 and rows[0]["uid"] == "e1@calendar.test"
        assert rows[0]["summary"] == clean_text(payload)
        assert rows[0]["status"] == "CONFIRMED"
    assert b"\nX-INJECTED" not in text and b"\nUID:injected" not in text


VENUE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85")
    | st.sampled_from(list(",;\\:\"'\nМинскБшк🛡")),
    min_size=1,
    max_size=300,
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=VENUE_TEXT, location=VENUE_TEXT, description=VENUE_TEXT)
def test_any_text_round_trips_exactly_in_python_parsers(title, location, description):
    event = timed(
        title=title, location=location, description=description, forces=(), participants="", url=""
    )
    text = build_feed([event], OPTIONS)
    for parse in (with_icalendar, with_ical):
        [row] = parse(text)
        assert (row["summary"], row["location"], row["description"]) == (
            title,
            location,
            description,
        )


def test_varied_text_round_trips_exactly_in_icaljs():
    samples = [
        "Совещание; повестка, пункт 1\\2",
        "🛡️ Indestructible Brotherhood",
        "line one\nline two",
        "a" * 2000,
        "quotes \"and\" 'single'",
        "colon: here",
    ]
    events = [
        timed(uid=f"t{i}@x", title=s, location=s, description=s, forces=(), participants="", url="")
        for i, s in enumerate(samples)
    ]
    rows = with_icaljs(build_feed(events, OPTIONS))
    assert [(r["summary"], r["location"], r["description"]) for r in rows] == [
        (s, s, s) for s in samples
    ]


def _local_moments(tz: str) -> list[datetime]:
    """Moments around every change of the zone since 2010, plus ordinary days."""
    moments = [
        datetime(year, month, 15, 12)
        for year in (2010, 2014, 2024, 2030)
        for month in (1, 4, 7, 10)
    ]
    for change in transitions(tz, 2010, 2030):
        local = change.local_start
        moments += [
            local - timedelta(hours=3),
            local + timedelta(hours=3),
            local + timedelta(days=1),
        ]
    return moments


@pytest.mark.parametrize("tz", ZONES)
def test_vtimezone_gives_ical_js_the_same_instants_as_zoneinfo(tz):
    """Thunderbird's parser uses our VTIMEZONE (not its own data): every instant must match."""
    events = []
    for i, local in enumerate(_local_moments(tz)):
        aware = local.replace(tzinfo=ZoneInfo(tz))
        if aware.astimezone(UTC).astimezone(ZoneInfo(tz)).replace(tzinfo=None) != local:
            continue  # inside a DST gap: not a time anyone can enter
        if local.replace(fold=1, tzinfo=ZoneInfo(tz)).utcoffset() != aware.utcoffset():
            continue  # repeated hour: the form refuses it, clients disagree on it
        events.append(timed(uid=f"{i}@x", tz=tz, local=local, hours=1))
    parsed = icaljs_raw(build_feed(events, OPTIONS))["events"]
    expected = [e.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ") for e in events]
    assert [e["start"]["utc"] for e in parsed] == expected
    assert all(e["start"]["tzid"] == tz for e in parsed)


def test_new_york_across_the_dst_change_in_all_three_parsers():
    events = [
        timed(uid="before@x", local=datetime(2024, 3, 9, 10)),
        timed(uid="after@x", local=datetime(2024, 3, 11, 10)),
        timed(uid="fall@x", local=datetime(2024, 11, 4, 10)),
    ]
    text = build_feed(events, OPTIONS)
    for name, parse in PARSERS.items():
        starts = [row["start"] for row in parse(text)]
        assert starts == [
            ("utc", "2024-03-09T15:00:00Z"),
            ("utc", "2024-03-11T14:00:00Z"),
            ("utc", "2024-11-04T15:00:00Z"),
        ], name


def test_new_york_vtimezone_is_one_standard_and_one_daylight_rrule():
    component = vtimezone("America/New_York", 2024, 2027)
    text = component.to_ical().decode()
    assert text.count("BEGIN:STANDARD") == 1 and text.count("BEGIN:DAYLIGHT") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in text
    assert "RDATE" not in text and "UNTIL" not in text


def test_moscow_history_is_bounded_rules_and_single_changes_without_rdate():
    text = vtimezone("Europe/Moscow", 2010, 2026).to_ical().decode()
    assert "RDATE" not in text
    assert re.search(r"RRULE:FREQ=YEARLY;UNTIL=2010\d{4}T\d{6}Z;BYDAY=-1SU;BYMONTH=10", text)
    assert "DTSTART:20141026T020000" in text  # back to +03 for good


def test_zone_without_changes_has_one_observance():
    text = vtimezone("Asia/Bishkek", 2020, 2026).to_ical().decode()
    assert text.count("BEGIN:STANDARD") == 1 and "TZOFFSETTO:+0600" in text


def test_feed_parses_as_one_calendar_in_icalendar():
    calendar = Calendar.from_ical(
        build_feed([timed(), all_day(), replace(timed(), uid="x")], OPTIONS)
    )
    assert len(calendar.walk("VEVENT")) == 3
    assert {str(c["tzid"]) for c in calendar.walk("VTIMEZONE")} == {"America/New_York"}
