"""RANGE=THISANDFUTURE in an imported file, through the real import path (preview, then
the write): with its series in the file, alone for a series imported before, and alone
for a series this calendar does not hold; each again is unchanged (no second split), and
the feed says the same as the calendar's own pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from calendar_app.extensions import db
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.imports.plan import ImportOptions

from .expanders import app_occurrences, with_recurring_ical_events
from .test_import_series import (
    FROM_6_FEBRUARY,
    OUTLOOK_UID,
    SPLIT,
    TZ,
    WINDOW,
    _master_only,
    live_events,
    local_starts,
    occurrences,
    outlook,
    read,
    series_row,
)

REST_UID = f"{OUTLOOK_UID}/from/20250206T070000Z"


def _override_alone(content: bytes) -> bytes:
    """The file without its series: only its VTIMEZONE and the override."""
    text = content.decode()
    second = text.index("BEGIN:VEVENT", text.index("END:VEVENT"))
    return (text[: text.index("BEGIN:VEVENT")] + text[second:]).encode()


def _feed_agrees(client) -> None:
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)
    feed = client.get(f"/calendar.ics?from={start.date()}&to={(end - timedelta(days=1)).date()}")
    assert feed.status_code == 200
    assert with_recurring_ical_events(feed.data, start, end) == app_occurrences(occurrences())


def _imported(content: bytes):
    """Imported as public (the default is internal), so that the public feed shows it."""
    plan = plan_import(content, WINDOW, ImportOptions(visibility="public"))
    commit_import(plan, None)
    db.session.commit()
    return plan


def _rows() -> list[tuple]:
    return sorted(
        (event.uid, event.rrule, event.recurrence_id is not None) for event in live_events()
    )


def test_with_its_series_in_the_file_the_series_splits_and_the_feed_agrees(app, client):
    with app.app_context():
        split = outlook(**FROM_6_FEBRUARY)
        preview = plan_import(split, WINDOW)
        assert preview.summary == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 0}
        _imported(split)
        assert local_starts(occurrences()) == SPLIT
        rows = _rows()
        assert _imported(split).summary == {
            "new": 0, "updated": 0, "unchanged": 2, "rejected": 0,
        }  # fmt: skip
        assert _rows() == rows and local_starts(occurrences()) == SPLIT
        _feed_agrees(client)


def test_alone_for_a_stored_series_splits_it_as_this_and_following(app, client):
    with app.app_context():
        _imported(_master_only(read("outlook-series.ics")))
        alone = _override_alone(outlook(**FROM_6_FEBRUARY))
        [change] = plan_import(alone, WINDOW).changes
        assert (change.action, change.op) == ("updated", "split")
        assert "all later ones change" in change.reason
        assert local_starts(occurrences()) == [t.replace(hour=10) for t in SPLIT[:3] + SPLIT[3:]]
        _imported(alone)
        assert local_starts(occurrences()) == SPLIT
        assert series_row().rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=TH"  # 23 January excluded
        rest = series_row(REST_UID)
        assert rest.rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=TH" and rest.series_id is None
        rows = _rows()
        again = _imported(alone)
        assert again.summary == {"new": 0, "updated": 0, "unchanged": 1, "rejected": 0}
        assert _rows() == rows and local_starts(occurrences()) == SPLIT
        _feed_agrees(client)


def test_alone_it_carries_the_stored_overrides_after_it_to_the_rest(app, client):
    with app.app_context():
        _imported(read("outlook-series.ics"))  # 6 February moved to Friday 7th, 12:00
        alone = _override_alone(
            outlook(
                **{
                    f"RECURRENCE-ID;{TZ}:20250206T100000": f"RECURRENCE-ID;RANGE=THISANDFUTURE;{TZ}:20250130T100000",
                    f"DTSTART;{TZ}:20250207T120000": f"DTSTART;{TZ}:20250130T090000",
                    f"DTEND;{TZ}:20250207T130000": f"DTEND;{TZ}:20250130T100000",
                }
            )  # fmt: skip
        )
        _imported(alone)
        starts = local_starts(occurrences())
        assert starts == [
            datetime(2025, 1, 9, 10),
            datetime(2025, 1, 16, 10),
            datetime(2025, 1, 30, 9),
            datetime(2025, 2, 7, 12),  # still moved, now an override of the rest
            datetime(2025, 2, 13, 9),
            datetime(2025, 2, 20, 9),
            datetime(2025, 2, 27, 9),
        ]
        rest = series_row(f"{OUTLOOK_UID}/from/20250130T070000Z")
        assert [o.series_id for o in rest.overrides] == [rest.id]
        assert _imported(alone).summary["unchanged"] == 1
        assert local_starts(occurrences()) == starts
        _feed_agrees(client)


def test_alone_for_a_series_this_calendar_lacks_is_refused_with_its_reason(app, client, auth):
    from .test_import_page import upload

    with app.app_context():
        alone = _override_alone(outlook(**FROM_6_FEBRUARY))
        [change] = plan_import(alone, WINDOW).changes
        assert change.action == "rejected" and "RANGE=THISANDFUTURE" in change.reason
        [orphan] = plan_import(_override_alone(read("outlook-series.ics")), WINDOW).changes
        assert orphan.action == "rejected" and "neither in this file" in orphan.reason
    auth.login("editor")
    client.set_cookie("lang", "ru")
    preview = upload(client, alone)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "оно изменяет повторение и все последующие" in page and "не импортируется" in page
    assert 'action="/import/confirm"' not in page  # nothing to confirm
    with app.app_context():
        assert live_events() == []
