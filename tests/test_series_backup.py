"""Series survive the whole-calendar exports: export-json → import-json into a fresh
database gives identical series (rule, exclusions, overrides with their series and
recurrence ids, the same occurrences and the same feed), and export-ics writes them whole."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from calendar_app import create_app
from calendar_app.backup import BackupError, export_data, import_data
from calendar_app.domain.events import EventData
from calendar_app.events import series as scopes
from calendar_app.events import service
from calendar_app.events.occurrences import events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.models import Event
from calendar_app.schema import create_all_at_head

from .expanders import app_occurrences, clipped, with_recurring_ical_events

MOSCOW = ZoneInfo("Europe/Moscow")
WINDOW = (datetime(2025, 5, 1, tzinfo=UTC), datetime(2025, 10, 1, tzinfo=UTC))


def _monday(day: int, month: int = 6) -> datetime:
    return datetime(2025, month, day, 7, tzinfo=UTC)  # 10:00 Moscow


def _build_series() -> None:
    """A weekly series with a cancelled, a moved and a deleted occurrence, split so that
    the new series is newer than the overrides it took over; and an all-day series."""
    start = datetime(2025, 6, 2, 10, tzinfo=MOSCOW)
    event = service.create_event(
        EventData(
            title="Staff",
            kind="meeting",
            start=start,
            end=start + timedelta(hours=1),
            timezone="Europe/Moscow",
            rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=10",
        )  # fmt: skip
    )
    scopes.cancel_occurrence(event, _monday(9))
    moved = datetime(2025, 7, 8, 15, tzinfo=MOSCOW)
    data = scopes.occurrence_data(event, _monday(7, 7))
    scopes.edit_occurrence(event, _monday(7, 7), replace(data, start=moved,
                                                         end=moved + timedelta(hours=1)))  # fmt: skip
    scopes.delete_occurrence(event, _monday(14, 7))
    data = replace(
        scopes.occurrence_data(event, _monday(23)), title="Staff (new)", rrule=event.rrule
    )
    scopes.split_series(event, _monday(23), data)
    service.create_event(
        EventData(
            title="Drill",
            kind="training",
            start=date(2025, 6, 6),
            end=date(2025, 6, 8),
            all_day=True,
            timezone="Europe/Moscow",
            rrule="FREQ=MONTHLY;COUNT=3",
            exdates=(date(2025, 7, 6),),
        )  # fmt: skip
    )


def _occurrences() -> list:
    return app_occurrences(events_between(visible_events(include_internal=True), *WINDOW))


@pytest.fixture
def fresh_app(tmp_path):
    """A second app on a new, empty SQLite database."""
    other = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
            "SECRET_KEY": "test-secret-key",
            "CALENDAR_BASE_URL": "https://calendar.test",
            "CALENDAR_TIMEZONE": "Europe/Moscow",
        }
    )
    with other.app_context():
        create_all_at_head()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_export_json_then_import_json_into_a_fresh_database_gives_identical_series(
    app, client, fresh_app
):
    with app.app_context():
        _build_series()
        db.session.commit()
        exported = export_data()
        shown = _occurrences()
    events = exported["tables"]["events"]
    assert any(r["series_id"] is not None and r["series_id"] > r["id"] for r in events)
    text = json.dumps(exported)  # what export-json writes
    with fresh_app.app_context():
        import_data(json.loads(text))
        db.session.commit()
        again = export_data()
        assert _occurrences() == shown
    assert again["tables"] == exported["tables"]
    feed = "/calendar.ics?from=2025-01-01"
    assert fresh_app.test_client().get(feed).data == client.get(feed).data


def test_export_ics_writes_each_series_whole(app, runner, tmp_path):
    with app.app_context():
        _build_series()
        db.session.commit()
        shown = _occurrences()
    path = tmp_path / "all.ics"
    result = runner.invoke(args=["export-ics", str(path)])
    assert result.exit_code == 0, result.output
    body = path.read_bytes()
    assert body.count(b"RRULE:") == 3 and body.count(b"RECURRENCE-ID") == 2
    assert b"EXDATE" in body and b"RDATE" not in body
    assert with_recurring_ical_events(body, *WINDOW) == clipped(shown, *WINDOW)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda row: row.update(rrule="FREQ=SECONDLY"), "breaks the event rules: rrule"),
        (lambda row: row.update(exdates=["not a date"]), "malformed"),
        (lambda row: row.update(series_id=9999), "which the export does not hold"),
    ],
)
def test_import_json_refuses_a_broken_series_and_writes_nothing(app, fresh_app, change, message):
    with app.app_context():
        _build_series()
        db.session.commit()
        exported = export_data()
    rows = exported["tables"]["events"]
    if "hold" in message:
        change(next(row for row in rows if row["series_id"] is not None))
    else:
        change(next(row for row in rows if row["rrule"]))
    with fresh_app.app_context():
        with pytest.raises(BackupError, match=message):
            import_data(exported)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0
