"""Form → feed → import into a fresh database → the identical series (issue 14's round
trip): the rule, the excluded date, the moved and the cancelled occurrence, and the same
occurrences in the views and in the feed as three expanders read it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from calendar_app.events.occurrences import events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.imports.plan import ImportOptions
from calendar_app.models import Event

from .expanders import app_occurrences, clipped, with_ical, with_icaljs, with_recurring_ical_events
from .helpers import csrf_token
from .test_series_backup import fresh_app  # noqa: F401 (the fixture: a second, empty app)
from .test_series_pages import MONDAY_16, create_series, move_to_tuesday, page, stored

WINDOW = (datetime(2025, 5, 1, tzinfo=UTC), datetime(2025, 9, 1, tzinfo=UTC))
MONDAY_23 = "20250623T070000Z"
MONDAY_30 = "20250630T070000Z"


def _post(client, url: str, data: dict):
    return client.post(url, data={"csrf_token": csrf_token(page(client, url)), **data})


def _series_shape(app) -> tuple:
    """What makes the series the same series: rule, exclusions, and each override's
    occurrence, start, title and status (ids and UIDs aside)."""
    with app.app_context():
        series = db.session.scalars(select(Event).where(Event.rrule.is_not(None))).one()
        overrides = [
            (o.recurrence_id, o.starts_at, o.ends_at, o.title, o.status, o.timezone)
            for o in series.overrides
        ]
        return (series.title, series.visibility, series.kind, series.rrule, sorted(series.exdates or ()), series.starts_at,
                series.ends_at, series.timezone, overrides)  # fmt: skip


def _shown(app) -> list[tuple]:
    with app.app_context():
        items = events_between(visible_events(include_internal=True), *WINDOW)
        return clipped(app_occurrences(items), *WINDOW)


def test_a_series_made_in_the_form_comes_back_identical_from_its_feed(editor, app, fresh_app):  # noqa: F811
    event_id = create_series(editor, repeat_ends="count", repeat_count="8")
    assert move_to_tuesday(editor, event_id).status_code == 302
    version = str(stored(app, event_id).version)
    cancel = _post(editor, f"/events/{event_id}/{MONDAY_23}/cancel",
                   {"scope": "this", "reason": "Holiday", "version": version})  # fmt: skip
    assert cancel.status_code == 302
    version = str(stored(app, event_id).version)
    gone = _post(editor, f"/events/{event_id}/{MONDAY_30}/delete",
                 {"scope": "this", "version": version})  # fmt: skip
    assert gone.status_code == 302
    feed = editor.get(f"/events/{event_id}.ics")
    assert feed.status_code == 200
    assert feed.data.count(b"RECURRENCE-ID") == 2 and b"EXDATE" in feed.data

    with fresh_app.app_context():
        # Imports are internal unless the importer says otherwise; the feed's were public.
        options = ImportOptions(visibility="public")
        plan = plan_import(feed.data, window=(date(2025, 1, 1), date(2026, 1, 1)), options=options)
        # The series and its two overrides, each new here.
        assert [change.action for change in plan.changes] == ["new"] * 3, plan.changes
        commit_import(plan, None)
        db.session.commit()

    assert _series_shape(fresh_app) == _series_shape(app)
    shown = _shown(app)
    assert _shown(fresh_app) == shown
    assert [row[0][1][:10] for row in shown] == [
        "2025-06-02", "2025-06-09", "2025-06-17", "2025-06-23", "2025-07-07", "2025-07-14",
        "2025-07-21",
    ]  # fmt: skip
    again = fresh_app.test_client().get("/calendar.ics?from=2025-05-01&to=2025-08-31")
    for expand in (with_recurring_ical_events, with_ical, with_icaljs):
        assert expand(again.data, *WINDOW) == shown, expand.__name__
    assert MONDAY_16  # the moved occurrence's key is the one test_series_pages uses
