"""Imported series stay series: an Outlook-shaped and a Google-shaped export with
exceptions become one series each with its excluded dates and overrides, re-imports are
idempotent by UID + RECURRENCE-ID, newer versions update the series as a whole,
METHOD:CANCEL cancels what it names, and earlier expanded copies are replaced."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from calendar_app.events.occurrences import SeriesOccurrence, events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.models import Event, EventRevision

FIXTURES = Path(__file__).parent / "fixtures"
MOSCOW = ZoneInfo("Europe/Moscow")
OUTLOOK_UID = "040000008200E00074C5B7101A82E0080000000010203040506070809000A0B0C0D0E0F"
WINDOW = (date(2024, 1, 1), date(2026, 12, 31))


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def outlook(**edits: str) -> bytes:
    """The Outlook series fixture with text replaced (old=new pairs as a dict)."""
    text = read("outlook-series.ics").decode()
    for old, new in edits.items():
        text = text.replace(old, new)
    return text.encode()


def imported(content: bytes):
    plan = plan_import(content, WINDOW)
    commit_import(plan, None)
    db.session.commit()
    return plan


def occurrences(start=datetime(2025, 1, 1, tzinfo=UTC), end=datetime(2025, 4, 1, tzinfo=UTC)):
    return events_between(visible_events(include_internal=True), start, end)


def local_starts(items) -> list[datetime]:
    return [item.span()["starts_at"].astimezone(MOSCOW).replace(tzinfo=None) for item in items]


def status(item) -> str:
    return item.series.status if isinstance(item, SeriesOccurrence) else item.status


def series_row(uid: str = OUTLOOK_UID) -> Event:
    return db.session.scalar(select(Event).where(Event.uid == uid))


def live_events() -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.deleted_at.is_(None))))


THURSDAYS = [datetime(2025, 1, 9) + timedelta(weeks=n) for n in range(8)]


def test_outlook_series_imports_as_one_series_with_its_exdate_and_moved_occurrence(app):
    with app.app_context():
        plan = imported(read("outlook-series.ics"))
        assert plan.summary == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 0}
        series = series_row()
        assert series.is_series and series.timezone == "Europe/Moscow"
        assert series.rrule == "FREQ=WEEKLY;COUNT=8;BYDAY=TH"
        assert series.exdates == ["2025-01-23T07:00:00+00:00"]
        [override] = series.overrides
        assert override.recurrence_id == datetime(2025, 2, 6, 7, tzinfo=UTC)
        assert len(live_events()) == 2
        expected = [t.replace(hour=10) for t in THURSDAYS if t.day != 23 and t.day != 6]
        expected.append(datetime(2025, 2, 7, 12))
        assert local_starts(occurrences()) == sorted(expected)
        [row] = [c for c in plan.changes if c.rule_words]
        assert row.rule_words == "Weekly on Thursday, 8 times"


def test_the_same_file_again_is_unchanged(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        revisions = len(list(db.session.scalars(select(EventRevision))))
        plan = imported(read("outlook-series.ics"))
        assert plan.summary == {"new": 0, "updated": 0, "unchanged": 2, "rejected": 0}
        assert len(list(db.session.scalars(select(EventRevision)))) == revisions


def test_a_newer_sequence_with_a_new_time_moves_the_whole_series(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        newer = outlook(**{
            "SEQUENCE:0": "SEQUENCE:2",
            "20250109T100000": "20250109T150000",
            "20250109T110000": "20250109T160000",
            "20250123T100000": "20250123T150000",
            "20250206T100000": "20250206T150000",
        })  # fmt: skip
        plan = imported(newer)
        assert plan.summary["rejected"] == 0 and plan.summary["updated"] >= 1
        items = occurrences()
        starts = local_starts(items)
        assert len(starts) == len(set(starts)) == 7
        thursdays = [s for s in starts if s.weekday() == 3]
        assert {s.hour for s in thursdays} == {15}
        assert datetime(2025, 2, 7, 12) in starts  # the moved occurrence stays moved
        assert all(s.day != 23 or s.month != 1 for s in starts)
        assert series_row().sequence >= 2


def test_an_added_exdate_removes_one_occurrence(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        newer = outlook(**{
            "SEQUENCE:0": "SEQUENCE:1",
            "EXDATE;TZID=\"Russian Standard Time\":20250123T100000":
                "EXDATE;TZID=\"Russian Standard Time\":20250123T100000,20250213T100000",
        })  # fmt: skip
        imported(newer)
        starts = local_starts(occurrences())
        assert datetime(2025, 2, 13, 10) not in starts and len(starts) == 6


def test_outlook_cancelling_one_occurrence_cancels_only_it_and_keeps_its_text(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        before = {(o.span()["starts_at"], o.series.title) for o in occurrences()}
        plan = imported(read("outlook-cancel-occurrence.ics"))
        assert plan.summary == {"new": 0, "updated": 1, "unchanged": 0, "rejected": 0}
        items = occurrences()
        assert {(o.span()["starts_at"], o.series.title) for o in items} == before
        cancelled = [o for o in items if isinstance(o, Event) and o.is_cancelled]
        [occurrence] = cancelled
        assert occurrence.starts_at == datetime(2025, 1, 30, 7, tzinfo=UTC)
        assert occurrence.title == "Weekly coordination meeting"
        assert occurrence.location.name == "Conference room 2"
        assert "Weekly coordination" in occurrence.description
        series = series_row()
        assert series.status == "confirmed" and not series.is_cancelled
        assert [status(o) for o in items if o is not occurrence] == ["confirmed"] * 6
        again = plan_import(read("outlook-cancel-occurrence.ics"), WINDOW)
        assert again.summary["unchanged"] == 1 and again.summary["updated"] == 0


def test_a_cancel_file_for_the_whole_series_cancels_it_and_its_overrides(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        cancel = outlook(**{"METHOD:PUBLISH": "METHOD:CANCEL", "SEQUENCE:0": "SEQUENCE:1"})
        text = cancel.decode()
        master_only = text[: text.index("BEGIN:VEVENT", text.index("END:VEVENT"))]
        plan = imported((master_only + "END:VCALENDAR\r\n").encode())
        assert plan.summary == {"new": 0, "updated": 1, "unchanged": 0, "rejected": 0}
        series = series_row()
        assert series.is_cancelled and series.title == "Weekly coordination meeting"
        assert all(o.is_cancelled for o in series.overrides)
        assert len(occurrences()) == 7  # cancelled occurrences stay visible


def test_a_cancel_file_for_an_unknown_uid_changes_nothing_and_says_so(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        plan = plan_import(outlook(**{"METHOD:PUBLISH": "METHOD:CANCEL", "0D0E0F": "FFFFFF"}))
        assert plan.summary["rejected"] == 2 and plan.summary["updated"] == 0
        assert "nothing to cancel" in plan.changes[0].reason


GOOGLE_UID = "5p8ohd7s2c1fkt0vq9rmgk3bn4@google.com"
BISHKEK = ZoneInfo("Asia/Bishkek")


def test_google_export_with_override_before_master_imports_as_series(app):
    with app.app_context():
        plan = imported(read("google-series.ics"))
        assert plan.summary == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}
        series = series_row(GOOGLE_UID)
        assert series.rrule == "FREQ=WEEKLY;UNTIL=20250224T035959Z;BYDAY=MO"
        assert series.exdates == ["2025-01-20T04:00:00+00:00"]
        assert series.timezone == "Asia/Bishkek"
        moved, cancelled = sorted(series.overrides, key=lambda o: o.recurrence_id)
        assert moved.title == "Monday briefing (moved to Tuesday)"
        assert cancelled.is_cancelled and cancelled.title == "Monday briefing"
        items = occurrences()
        starts = [o.span()["starts_at"].astimezone(BISHKEK).replace(tzinfo=None) for o in items]
        assert starts == [
            datetime(2025, 1, 6, 10),
            datetime(2025, 1, 13, 10),
            datetime(2025, 1, 27, 10),
            datetime(2025, 2, 4, 15),
            datetime(2025, 2, 10, 10),
            datetime(2025, 2, 17, 10),
        ]
        assert [o.span()["starts_at"] for o in items if status(o) == "cancelled"] == [
            datetime(2025, 2, 10, 4, tzinfo=UTC)
        ]
        assert imported(read("google-series.ics")).summary["unchanged"] == 3


def _copies_of_an_earlier_import() -> list[Event]:
    """What an earlier version made of the Outlook series: one event per occurrence."""
    from calendar_app.domain.events import EventData
    from calendar_app.events import service

    made = []
    for thursday in THURSDAYS:
        if thursday.day == 23:
            continue
        start = thursday.replace(hour=10, tzinfo=MOSCOW).astimezone(UTC)
        data = EventData(
            title="Weekly coordination meeting", kind="meeting", start=start,
            end=start + timedelta(hours=1), timezone="Europe/Moscow", visibility="internal",
            uid=f"{OUTLOOK_UID}/{start:%Y%m%dT%H%M%SZ}",
        )  # fmt: skip
        made.append(service.create_event(data, action="import"))
    db.session.commit()
    return made


def test_copies_an_earlier_import_made_are_replaced_by_the_series(app):
    with app.app_context():
        copies = _copies_of_an_earlier_import()
        assert len(copies) == 7
        plan = plan_import(read("outlook-series.ics"), WINDOW)
        [series_change] = [c for c in plan.changes if c.rule_words]
        assert "replaces 7 earlier copies" in series_change.reason
        commit_import(plan, None)
        db.session.commit()
        assert all(copy.is_deleted for copy in copies)
        items = occurrences()
        assert len(items) == 7 and len({o.span()["starts_at"] for o in items}) == 7
        assert all(isinstance(o, SeriesOccurrence) or o.series_id for o in items)
        assert imported(read("outlook-series.ics")).summary["unchanged"] == 2


def test_an_rdate_becomes_a_separate_event_with_a_stable_uid(app):
    with app.app_context():
        with_rdate = outlook(**{
            "RRULE:": 'RDATE;TZID="Russian Standard Time":20250315T100000\r\nRRULE:',
        })  # fmt: skip
        plan = imported(with_rdate)
        assert plan.summary == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}
        extra = series_row(f"{OUTLOOK_UID}/rdate/20250315T070000Z")
        assert extra is not None and not extra.is_series
        assert extra.starts_at == datetime(2025, 3, 15, 7, tzinfo=UTC)
        [series_change] = [c for c in plan.changes if c.rule_words]
        assert any("RDATE" in warning for warning in series_change.warnings)
        assert imported(with_rdate).summary["unchanged"] == 3


HOSTILE = [
    ("huge-count", "RRULE:FREQ=WEEKLY;COUNT=5000", "a series has 1 to 1000 occurrences"),
    ("secondly", "RRULE:FREQ=SECONDLY", "it repeats secondly"),
    ("malformed", "RRULE:FREQ=WEEKLY;BYDAY=XX", "repeat rule could not be read"),
    ("no-freq", "RRULE:COUNT=3", "its repeat rule's FREQ could not be read"),
    ("orphan", "RECURRENCE-ID:20250305T070000Z", "neither in this file nor in this calendar"),
]


def _hostile_file() -> bytes:
    """The Outlook series beside series that must each be refused with a reason."""
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Hostile {uid}\r\nDTSTART:20250305T070000Z\r\n"
        f"DTEND:20250305T080000Z\r\n{line}\r\nEND:VEVENT\r\n"
        for uid, line, _ in HOSTILE
    )
    return read("outlook-series.ics").replace(b"END:VCALENDAR", events.encode() + b"END:VCALENDAR")


def test_hostile_series_are_refused_with_a_reason_and_nothing_of_them_is_written(app):
    with app.app_context():
        plan = imported(_hostile_file())
        assert plan.summary == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 5}
        reasons = {c.uid: c.reason for c in plan.changes if c.action == "rejected"}
        for uid, _, reason in HOSTILE:
            assert reason in reasons[uid], reasons[uid]
        assert {e.uid.split("#")[0] for e in live_events()} == {OUTLOOK_UID}


def test_an_override_of_no_occurrence_is_refused_with_a_clear_warning(app):
    with app.app_context():
        stray = outlook(**{'RECURRENCE-ID;TZID="Russian Standard Time":20250206T100000':
                           'RECURRENCE-ID;TZID="Russian Standard Time":20250205T100000'})  # fmt: skip
        plan = imported(stray)
        [refused] = [c for c in plan.changes if c.action == "rejected"]
        assert "is not an occurrence of its series" in refused.reason
        assert series_row().overrides == []


def test_the_web_import_page_previews_and_confirms_a_series(app, client, auth):
    from .test_import_page import confirm_form, upload

    auth.login("editor")
    preview = upload(client, _hostile_file())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "2 new, 0 updated, 0 unchanged, 5 rejected" in page
    assert "Weekly on Thursday, 8 times" in page
    assert "occurrences in the next year" in page
    assert "a series has 1 to 1000 occurrences" in page
    with app.app_context():
        assert live_events() == []
    done = client.post("/import/confirm", data=confirm_form(page), follow_redirects=True)
    assert done.status_code == 200 and "Imported: 2 new" in done.get_data(as_text=True)
    with app.app_context():
        series = series_row()
        assert series.is_series and len(series.overrides) == 1
        assert len(occurrences()) == 7
    again = upload(client, read("outlook-series.ics")).get_data(as_text=True)
    assert "0 new, 0 updated, 2 unchanged" in again


def test_the_cli_import_keeps_the_series_too(app, runner, tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_bytes(read("outlook-series.ics"))
    result = runner.invoke(args=["import-ics", str(path)])
    assert result.exit_code == 0, result.output
    assert "repeats: Weekly on Thursday, 8 times" in result.output
    with app.app_context():
        assert series_row().is_series and len(occurrences()) == 7


def _master_only(content: bytes) -> bytes:
    text = content.decode()
    return (
        text[: text.index("BEGIN:VEVENT", text.index("END:VEVENT"))] + "END:VCALENDAR\r\n"
    ).encode()


def test_a_newer_file_without_the_override_puts_its_occurrence_back_on_the_rule(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        plan = imported(_master_only(outlook(**{"SEQUENCE:0": "SEQUENCE:1"})))
        [reset] = [c for c in plan.changes if c.op == "reset"]
        assert "follows its series again" in reset.reason
        starts = local_starts(occurrences())
        assert datetime(2025, 2, 6, 10) in starts and datetime(2025, 2, 7, 12) not in starts
        assert len(starts) == 7


def test_an_older_file_without_the_override_keeps_it(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        plan = imported(_master_only(read("outlook-series.ics")))
        assert plan.summary == {"new": 0, "updated": 0, "unchanged": 1, "rejected": 0}
        assert datetime(2025, 2, 7, 12) in local_starts(occurrences())


def test_an_override_alone_changes_the_stored_series_occurrence(app):
    with app.app_context():
        imported(_master_only(read("outlook-series.ics")))
        text = read("outlook-series.ics").decode()
        second = text.index("BEGIN:VEVENT", text.index("END:VEVENT"))
        head = text[: text.index("BEGIN:VEVENT")]
        alone = (head + text[second:]).encode()
        plan = imported(alone)
        assert plan.summary == {"new": 1, "updated": 0, "unchanged": 0, "rejected": 0}
        assert datetime(2025, 2, 7, 12) in local_starts(occurrences())
        assert len(series_row().overrides) == 1


# Outlook's "this and following" from 6 February, moved to 12:00, and the series it gives.
TZ = 'TZID="Russian Standard Time"'
FROM_6_FEBRUARY = {
    f"RECURRENCE-ID;{TZ}:20250206T100000": f"RECURRENCE-ID;RANGE=THISANDFUTURE;{TZ}:20250206T100000",
    f"DTSTART;{TZ}:20250207T120000": f"DTSTART;{TZ}:20250206T120000",
    f"DTEND;{TZ}:20250207T130000": f"DTEND;{TZ}:20250206T130000",
}  # fmt: skip
SPLIT = [
    datetime(2025, 1, 9, 10),
    datetime(2025, 1, 16, 10),
    datetime(2025, 1, 30, 10),
    datetime(2025, 2, 6, 12),
    datetime(2025, 2, 13, 12),
    datetime(2025, 2, 20, 12),
    datetime(2025, 2, 27, 12),
]


def test_this_and_future_splits_the_series_with_the_change_applied_to_the_rest(app):
    with app.app_context():
        split = outlook(**FROM_6_FEBRUARY)
        plan = imported(split)
        assert plan.summary["rejected"] == 0
        assert local_starts(occurrences()) == SPLIT
        assert imported(split).summary == {
            "new": 0, "updated": 0, "unchanged": 2, "rejected": 0,
        }  # fmt: skip
        rest = series_row(f"{OUTLOOK_UID}/from/20250206T070000Z")
        assert rest.rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=TH"
        assert series_row().rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=TH"  # 23 January excluded
        newer = imported(
            split.replace(b"SEQUENCE:0", b"SEQUENCE:1").replace(
                b"LOCATION:Conference room 2", b"LOCATION:Conference room 3"
            )
        )
        assert newer.summary["updated"] == 2 and newer.summary["new"] == 0
        assert local_starts(occurrences()) == SPLIT


def test_an_all_day_series_keeps_a_date_exdate_and_a_utc_one(app):
    with app.app_context():
        content = (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n"
            b"UID:annual-session\r\nSUMMARY:Session\r\nDTSTART;VALUE=DATE:20250303\r\n"
            b"DTEND;VALUE=DATE:20250304\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
            b"EXDATE;VALUE=DATE:20250310\r\nEXDATE:20250317T000000Z\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        imported(content)
        series = series_row("annual-session")
        assert series.all_day and series.exdates == ["2025-03-10", "2025-03-17"]
        days = [o.span()["start_date"] for o in occurrences()]
        assert days == [date(2025, 3, 3), date(2025, 3, 24)]


def test_overrides_of_a_stored_single_event_are_refused_not_a_500(app):
    with app.app_context():
        text = read("outlook-series.ics").decode()
        single = text.replace("RRULE:FREQ=WEEKLY;COUNT=8;BYDAY=TH\r\n", "")
        single = single.replace('EXDATE;TZID="Russian Standard Time":20250123T100000\r\n', "")
        imported(_master_only(single.encode()))
        plan = plan_import(read("outlook-series.ics"), WINDOW)  # not newer: the single stays
        [refused] = [c for c in plan.changes if c.action == "rejected"]
        assert "does not repeat" in refused.reason
