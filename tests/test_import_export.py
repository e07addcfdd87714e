"""Importing real-world-shaped .ics exports, and lossless export/import of the database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from calendar_app.backup import export_data, import_data
from calendar_app.extensions import db
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.imports.parse import IcsError, parse_ics, zone_name
from calendar_app.models import Event, EventRevision, Force, Location

FIXTURES = Path(__file__).parent / "fixtures"
WINDOW = (date(2023, 1, 1), date(2025, 12, 31))


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_windows_zone_names_map_to_iana():
    assert zone_name("Russian Standard Time") == "Europe/Moscow"
    assert zone_name('"Eastern Standard Time"') == "America/New_York"
    assert zone_name("/mozilla.org/20070129_1/Europe/Minsk") == "Europe/Minsk"
    assert zone_name("Mars Standard Time") is None


def test_outlook_export_maps_times_zones_dates_and_categories():
    events, rejected = parse_ics(read("outlook.ics"), default_zone="UTC", window=WINDOW)
    assert rejected == []
    meeting, debate, exercise = events
    assert meeting.timezone == "Europe/Moscow"
    assert meeting.start == datetime(2023, 2, 20, 8, tzinfo=UTC)  # 11:00 Moscow
    assert meeting.location == "Ministry of Defence, Frunzenskaya Naberezhnaya, Moscow"
    assert "2023 joint training plan." in meeting.description
    assert debate.timezone == "America/New_York"
    assert debate.start == datetime(2024, 7, 19, 14, tzinfo=UTC)  # 10:00 EDT
    assert exercise.all_day and (exercise.start, exercise.end) == (
        date(2023, 9, 1),
        date(2023, 9, 6),
    )
    assert exercise.status == "planned"
    assert exercise.categories == ["Exercise", "Collective Rapid Reaction Forces"]


def test_google_export_uses_x_wr_timezone_duration_and_keeps_the_series():
    events, rejected = parse_ics(read("google.ics"), default_zone="UTC", window=WINDOW)
    conference = events[0]
    assert conference.timezone == "Asia/Bishkek"
    assert conference.start == datetime(2023, 10, 2, 3, tzinfo=UTC)
    [briefing] = [e for e in events if e.uid.startswith("weekly-briefing@google.com")]
    assert briefing.rrule == "FREQ=WEEKLY;COUNT=3"
    assert briefing.start == datetime(2023, 10, 9, 4, tzinfo=UTC)
    assert (briefing.end - briefing.start).total_seconds() == 5400
    assert [r.reason for r in rejected] == [
        "it has no UID, so a later import could not recognise it"
    ]


def test_thunderbird_export_folded_lines_cancelled_and_cyrillic():
    [event], rejected = parse_ics(read("thunderbird.ics"), default_zone="UTC", window=WINDOW)
    assert event.title == (
        "Search-2023 debrief with a very long title that Thunderbird folds across two lines"
    )
    assert event.status == "cancelled"
    assert event.description == "Бриефинг по итогам учения «Поиск-2023»"
    assert event.start == datetime(2023, 9, 8, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (b"Subject,Start Date\nMeeting,2024-01-01\n", "not an iCalendar"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:cut", "cut short"),
        ("BEGIN:VCALENDAR\nEND:VCALENDAR".encode("utf-16"), "binary"),
        (b"BEGIN:VCALENDAR\r\n\xff\xfe\xfa\r\nEND:VCALENDAR\r\n", "not UTF-8"),
    ],
)
def test_bad_files_are_refused_with_a_clear_reason(content, message):
    with pytest.raises(IcsError, match=message):
        parse_ics(content, default_zone="UTC", window=WINDOW)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_preview_writes_nothing_then_commit_writes_all(app):
    with app.app_context():
        db.session.add(Force(name="Collective Rapid Reaction Forces", slug="crrf"))
        db.session.commit()
        plan = plan_import(read("outlook.ics"))
        assert plan.summary == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}
        assert count(Event) == 0 and count(Location) == 0
        commit_import(plan, None)
        db.session.commit()
        events = {e.title: e for e in db.session.scalars(select(Event))}
        exercise = events["Interaction-2023"]
        assert exercise.kind == "training"
        assert [f.slug for f in exercise.forces] == ["crrf"]
        assert events["UN Security Council debate"].kind == "session"
        assert events["Secretary General meets the Minister of Defence"].location.name == (
            "Ministry of Defence, Frunzenskaya Naberezhnaya, Moscow"
        )
        actions = set(db.session.scalars(select(EventRevision.action)))
        assert actions == {"import"}


def test_importing_the_same_file_twice_changes_nothing(app):
    with app.app_context():
        commit_import(plan_import(read("google.ics"), WINDOW), None)
        db.session.commit()
        before = count(Event), count(EventRevision), count(Location)
        plan = plan_import(read("google.ics"), WINDOW)
        assert plan.summary["new"] == plan.summary["updated"] == 0
        assert plan.summary["unchanged"] == 2  # the conference and the weekly series
        commit_import(plan, None)
        db.session.commit()
        assert (count(Event), count(EventRevision), count(Location)) == before


def test_a_newer_sequence_updates_the_event_and_records_an_import_revision(app):
    original = read("outlook.ics")
    changed = (
        original.replace(b"SEQUENCE:1\r\n", b"SEQUENCE:4\r\n")
        .replace(b"SEQUENCE:1\n", b"SEQUENCE:4\n")
        .replace(b"20240719T100000", b"20240719T110000")
        .replace(b"20240719T130000", b"20240719T140000")
    )
    assert changed != original
    with app.app_context():
        commit_import(plan_import(original), None)
        db.session.commit()
        plan = plan_import(changed)
        assert plan.summary == {"new": 0, "updated": 1, "unchanged": 2, "rejected": 0}
        commit_import(plan, None)
        db.session.commit()
        debate = db.session.scalar(select(Event).where(Event.title.like("UN Security%")))
        assert debate.starts_at == datetime(2024, 7, 19, 15, tzinfo=UTC)
        revision = db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id == debate.id)
            .order_by(EventRevision.id.desc())
        ).first()
        assert revision.action == "import" and "start" in revision.changes
    stale = changed.replace(b"20240719T110000", b"20240719T090000")
    with app.app_context():
        plan = plan_import(stale)  # same SEQUENCE, no LAST-MODIFIED: ours is as new
        assert plan.summary["updated"] == 0


def test_a_failure_during_commit_writes_nothing(app, monkeypatch):
    from calendar_app.events import bulk

    with app.app_context():
        plan = plan_import(read("outlook.ics"))
        real = bulk._insert  # new events are written in batches: fail after the rows went in

        def failing(*args, **kwargs):
            real(*args, **kwargs)
            raise RuntimeError("disk full")

        monkeypatch.setattr(bulk, "_insert", failing)
        with pytest.raises(RuntimeError):
            commit_import(plan, None)
            db.session.commit()
        db.session.rollback()
        assert count(Event) == 0 and count(EventRevision) == 0 and count(Location) == 0


def test_cli_import_shows_preview_and_dry_run_writes_nothing(app, runner, tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_bytes(read("outlook.ics"))
    dry = runner.invoke(args=["import-ics", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "3 new" in dry.output and "Nothing written" in dry.output
    with app.app_context():
        assert count(Event) == 0
    done = runner.invoke(args=["import-ics", str(path)])
    assert "Imported: 3 new" in done.output
    again = runner.invoke(args=["import-ics", str(path)])
    assert "0 new, 0 updated, 3 unchanged" in again.output
    bad = tmp_path / "bad.ics"
    bad.write_bytes(b"\x00\x01binary")
    result = runner.invoke(args=["import-ics", str(bad)])
    assert result.exit_code != 0 and "binary" in result.output


def test_export_wipe_import_gives_identical_data(app, runner, tmp_path):
    runner.invoke(args=["seed-demo"])
    runner.invoke(
        args=["users", "create", "ed", "--role", "editor", "--password-stdin"],
        input="a long password\n",
    )
    with app.app_context():
        before = export_data()
    path = tmp_path / "export.json"
    assert runner.invoke(args=["export-json", str(path)]).exit_code == 0
    refused = runner.invoke(args=["import-json", str(path)])
    assert refused.exit_code != 0 and "--replace" in refused.output
    with app.app_context():
        import_data({"format": "calendar_app/1", "tables": {}}, replace=True)  # wipe
        db.session.commit()
        assert count(Event) == 0
    result = runner.invoke(args=["import-json", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        after = export_data()
        # new ids continue after the imported ones
        from calendar_app.domain.events import EventData
        from calendar_app.events import service

        created = service.create_event(
            EventData(
                title="After import",
                kind="meeting",
                all_day=True,
                start=date(2030, 1, 1),
                end=date(2030, 1, 1),
                timezone="UTC",
            )
        )
        db.session.commit()
        assert created.id > max(row["id"] for row in before["tables"]["events"])
    assert after["tables"] == before["tables"]
    assert json.loads(path.read_text())["tables"]["events"]


def test_export_ics_holds_every_live_event_and_imports_back_unchanged(app, runner, tmp_path):
    runner.invoke(args=["seed-demo"])
    path = tmp_path / "all.ics"
    result = runner.invoke(args=["export-ics", str(path)])
    with app.app_context():
        live = db.session.scalar(select(func.count(Event.id)).where(Event.deleted_at.is_(None)))
    assert f"Wrote {live} events" in result.output
    again = runner.invoke(args=["import-ics", str(path), "--dry-run"])
    assert f"0 new, 0 updated, {live} unchanged" in again.output


def test_sqlite_backup_is_a_consistent_copy(app, runner, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        result = runner.invoke(args=["backup", str(tmp_path / "x.sqlite3")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    import sqlite3

    runner.invoke(args=["seed-demo"])
    target = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    with app.app_context():
        live = count(Event)
    copy = sqlite3.connect(target)
    assert copy.execute("select count(*) from events").fetchone()[0] == live
    assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    copy.close()
    assert runner.invoke(args=["backup", str(target)]).exit_code != 0  # never overwrites


def outlook_export(count: int) -> bytes:
    """An Outlook-shaped export: Windows zone names, VTIMEZONEs, VALARMs, folded lines."""
    zones = [
        "Russian Standard Time",
        "Belarus Standard Time",
        "Central Asia Standard Time",
        "Eastern Standard Time",
    ]
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
    ]
    for i in range(count):
        day = date(2025, 1, 1) + timedelta(days=i)
        stamp = day.strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            "CLASS:PUBLIC",
            f"UID:040000008200E00074C5B7101A82E008{i:08d}",
            f'DTSTART;TZID="{zones[i % 4]}":{stamp}T{9 + i % 8:02d}0000',
            f'DTEND;TZID="{zones[i % 4]}":{stamp}T{10 + i % 8:02d}3000',
            f"SUMMARY;LANGUAGE=en-us:Consultations of the working group on item {i}",
            "DESCRIPTION:Agenda: the joint training plan\\, logistics support and commun",
            " ications of the collective forces.\\n",
            f"LOCATION:Conference room {i % 7}",
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


def test_an_outlook_export_of_200_events_imports_in_one_step_and_again_changes_nothing(app):
    content = outlook_export(200)
    with app.app_context():
        plan = plan_import(content)
        assert plan.summary == {"new": 200, "updated": 0, "unchanged": 0, "rejected": 0}
        commit_import(plan, None)
        db.session.commit()
        assert count(Event) == 200 and count(Location) == 7
        moscow = db.session.scalar(select(Event).where(Event.title.like("% item 0")))
        assert moscow.timezone == "Europe/Moscow"
        assert moscow.starts_at == datetime(2025, 1, 1, 6, tzinfo=UTC)  # 09:00 in Moscow
        new_york = db.session.scalar(select(Event).where(Event.title.like("% item 3")))
        assert new_york.timezone == "America/New_York"
        assert new_york.starts_at == datetime(2025, 1, 4, 17, tzinfo=UTC)  # 12:00 EST
        again = plan_import(content)
        assert again.summary == {"new": 0, "updated": 0, "unchanged": 200, "rejected": 0}
        revisions = count(EventRevision)
        commit_import(again, None)
        db.session.commit()
        assert count(EventRevision) == revisions == 200


def one_event_file(event: str, head: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", *head.splitlines(), "BEGIN:VEVENT"]
    lines += [*event.splitlines(), "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


def test_class_is_read_and_anything_but_public_is_restricted():
    for value, restricted in (
        ("CONFIDENTIAL", True),
        ("private", True),
        ("X-TOP-SECRET", True),
        ("PUBLIC", False),
        (None, False),
    ):
        line = f"CLASS:{value}\n" if value else ""
        content = one_event_file(f"UID:a\nSUMMARY:A\n{line}DTSTART;VALUE=DATE:20240105\n")
        [event], _ = parse_ics(content, default_zone="UTC", window=WINDOW)
        assert event.restricted is restricted, value


MARS_ZONE = (
    "BEGIN:VTIMEZONE\nTZID:Mars/Olympus\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
    "TZOFFSETFROM:{0}\nTZOFFSETTO:{0}\nEND:STANDARD\nEND:VTIMEZONE\n"
)
MARS_EVENT = "UID:m\nSUMMARY:Olympus\nDTSTART;TZID=Mars/Olympus:20241218T090000\n"


def test_unknown_zone_without_end_reads_as_default_zone_zero_length_with_warnings():
    [event], _ = parse_ics(one_event_file(MARS_EVENT), default_zone="Europe/Moscow", window=WINDOW)
    assert event.timezone == "Europe/Moscow"
    assert event.start == event.end == datetime(2024, 12, 18, 6, tzinfo=UTC)
    assert event.warnings == [
        "unknown time zone Mars/Olympus, read as Europe/Moscow (this calendar's default zone)",
        "no end (DTEND or DURATION): imported as a zero-length event at its start time",
    ]


def test_unknown_zone_is_read_with_this_files_vtimezone_never_another_files():
    for offset, hour in (("+0500", 4), ("+0600", 3)):
        content = one_event_file(MARS_EVENT + "DURATION:PT1H\n", head=MARS_ZONE.format(offset))
        [event], _ = parse_ics(content, default_zone="Europe/Moscow", window=WINDOW)
        assert event.start == datetime(2024, 12, 18, hour, tzinfo=UTC), offset
        assert "read with its VTIMEZONE in the file" in event.warnings[0]
    # the same TZID in a file without a VTIMEZONE: floating, not a cached definition
    [event], _ = parse_ics(one_event_file(MARS_EVENT), default_zone="UTC", window=WINDOW)
    assert event.start == datetime(2024, 12, 18, 9, tzinfo=UTC)


def secrets_file() -> bytes:
    day = (date.today() + timedelta(days=5)).strftime("%Y%m%d")
    events = []
    for uid, title, line in (
        ("s1", "Confidential consultations", "CLASS:CONFIDENTIAL"),
        ("s2", "Private briefing", "CLASS:PRIVATE"),
        ("s3", "Press conference", ""),
    ):
        events += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"SUMMARY:{title}",
            line,
            f"DTSTART;TZID=Mars/Olympus:{day}T090000",
            "END:VEVENT",
        ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", *events, "END:VCALENDAR"]
    return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


def test_cli_import_keeps_confidential_events_out_of_public_views(app, runner, tmp_path):
    path = tmp_path / "secrets.ics"
    path.write_bytes(secrets_file())
    dry = runner.invoke(args=["import-ics", str(path), "--dry-run", "--visibility", "public"])
    assert dry.exit_code == 0, dry.output
    assert "internal: CLASS:CONFIDENTIAL in the file" in dry.output
    assert "public: the import's choice" in dry.output
    assert "warning: unknown time zone Mars/Olympus, read as Europe/Moscow" in dry.output
    assert "zero-length" in dry.output
    done = runner.invoke(args=["import-ics", str(path), "--visibility", "public"])
    assert "Imported: 3 new" in done.output, done.output
    with app.app_context():
        stored = dict(db.session.execute(select(Event.title, Event.visibility)).all())
    assert stored == {
        "Confidential consultations": "internal",
        "Private briefing": "internal",
        "Press conference": "public",
    }
    client = app.test_client()  # anonymous
    soon = date.today() + timedelta(days=5)
    month = client.get(f"/calendar/{soon.year}/{soon.month}").get_data(as_text=True)
    feed = client.get("/calendar.ics").get_data(as_text=True)
    assert "Press conference" in month and "Press conference" in feed
    for title in ("Confidential consultations", "Private briefing"):
        assert title not in month and title not in feed


def test_cli_import_is_internal_unless_told_and_checks_the_kind(app, runner, tmp_path):
    path = tmp_path / "secrets.ics"
    path.write_bytes(secrets_file())
    wrong = runner.invoke(args=["import-ics", str(path), "--kind", "party"])
    assert wrong.exit_code != 0 and "--kind" in wrong.output
    done = runner.invoke(args=["import-ics", str(path), "--kind", "session"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        assert set(db.session.execute(select(Event.visibility, Event.kind)).all()) == {
            ("internal", "session")
        }
