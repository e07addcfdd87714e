"""Series in the web pages, through the forms with CSRF on: the Repeats control, the rule
in words, its messages, and an occurrence's scopes (this, this and following, all)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from calendar_app.events.occurrences import events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .event_form_helpers import submit
from .helpers import csrf_token, post_form

MOSCOW = ZoneInfo("Europe/Moscow")
MONDAY_2 = "20250602T070000Z"  # 2 June 2025, 10:00 Moscow
MONDAY_16 = "20250616T070000Z"


def meeting_form(**changes) -> dict:
    """Weekly staff meeting, every Monday 10:00 Moscow, from 2 June 2025, as typed."""
    data = {
        "title": "Weekly staff meeting",
        "kind": "meeting",
        "status": "confirmed",
        "start_date": "2025-06-02",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "11:00",
        "timezone": "Europe/Moscow",
        "location_id": "",
        "visibility": "public",
        "repeats": "weekly",
        "repeat_weekdays": ["MO"],
        "repeat_ends": "never",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def create_series(client, **changes) -> int:
    response = submit(client, "/events/new", meeting_form(**changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))


def june_starts(app) -> list[datetime]:
    """Start of each event of June 2025 (Moscow), as the month view gets them."""
    with app.app_context():
        start, end = datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC)
        items = events_between(visible_events(include_internal=True), start, end)
        return [item.span()["starts_at"].astimezone(MOSCOW) for item in items]


def stored(app, event_id: int) -> Event:
    with app.app_context():
        event = db.session.get(Event, event_id)
        db.session.expunge(event)
        return event


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


# -- the Repeats control ---------------------------------------------------------------


def test_the_new_event_form_has_the_repeats_control_as_a_fieldset(editor):
    html = page(editor, "/events/new")
    assert '<fieldset class="repeats' in html and "<legend>Repeats</legend>" in html
    for option in ("Does not repeat", "Daily", "Weekly", "Monthly, on a weekday", "Yearly"):
        assert option in html
    assert 'name="repeat_ends"' in html and "js/repeats.js" in html


def test_a_weekly_series_made_in_the_form_shows_every_monday(editor, app):
    event_id = create_series(editor)
    assert stored(app, event_id).rrule == "FREQ=WEEKLY;BYDAY=MO"
    assert [s.day for s in june_starts(app)] == [2, 9, 16, 23, 30]
    assert {(s.hour, s.minute) for s in june_starts(app)} == {(10, 0)}


def test_the_event_page_says_the_rule_in_words(editor):
    event_id = create_series(
        editor,
        repeats="custom",
        repeat_interval="2",
        repeat_unit="WEEKLY",
        repeat_weekdays=["MO", "TH"],
        repeat_ends="until",
        repeat_until="2025-06-30",
    )
    html = page(editor, f"/events/{event_id}")
    assert "Every 2 weeks on Monday and Thursday, until 30 June 2025" in html
    # It is over (today is after June 2025): its last occurrences, each a link.
    assert "Last occurrences (the series is over)" in html
    assert f'href="/events/{event_id}/20250630T070000Z"' in html
    # The edit form shows the same rule, in words and in its fields.
    form = page(editor, f"/events/{event_id}/edit")
    assert "Every 2 weeks on Monday and Thursday, until 30 June 2025" in form
    assert 'value="2025-06-30"' in form


def test_without_javascript_the_list_decides_and_unused_fields_are_ignored(editor, app):
    event_id = create_series(
        editor, repeats="monthly_weekday", repeat_weekdays=["FR"], repeat_monthday="31",
        repeat_ordinal="-1", repeat_weekday="FR", repeat_ends="count", repeat_count="3",
        repeat_until="nonsense",
    )  # fmt: skip
    assert stored(app, event_id).rrule == "FREQ=MONTHLY;COUNT=3;BYDAY=-1FR"
    assert "Monthly on the last Friday, 3 times" in page(editor, f"/events/{event_id}")


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"repeat_ends": "until", "repeat_until": "2025-05-01"},
            "The series ends before its first occurrence",
        ),
        (
            {
                "repeats": "custom",
                "repeat_interval": "12",
                "repeat_unit": "MONTHLY",
                "repeat_month_by": "day",
                "repeat_monthday": "31",
                "start_date": "2025-02-10",
            },
            "This repeat rule gives no occurrence",
        ),  # fmt: skip
        (
            {"repeats": "daily", "repeat_ends": "until", "repeat_until": "2030-01-01"},
            "more than 1000 occurrences",
        ),
        ({"repeat_ends": "count", "repeat_count": "1001"}, "1 to 1000 occurrences"),
    ],
)
def test_a_rule_that_cannot_be_kept_gets_a_message_at_the_repeats_field(
    editor, app, changes, message
):
    response = submit(editor, "/events/new", meeting_form(**changes))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    # At the field, described by it, and named in the summary with a link to it.
    assert 'id="repeats-error"' in html and 'aria-describedby="repeats-error"' in html
    assert 'href="#repeats"' in html
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_an_unreadable_count_is_refused_at_its_field(editor):
    response = submit(editor, "/events/new", meeting_form(repeat_ends="count", repeat_count="x"))
    assert response.status_code == 422
    assert 'id="repeat_count-error"' in response.get_data(as_text=True)


# -- scopes on an occurrence -----------------------------------------------------------


def test_the_occurrence_page_says_part_of_a_series_and_links_the_scopes(editor):
    event_id = create_series(editor)
    html = page(editor, f"/events/{event_id}/{MONDAY_16}")
    assert "Part of a series:" in html and "Weekly on Monday" in html
    for scope in ("this", "following", "all"):
        assert f"/events/{event_id}/{MONDAY_16}/edit?scope={scope}" in html
    choice = page(editor, f"/events/{event_id}/{MONDAY_16}/edit")
    assert "This occurrence" in choice and "This and following occurrences" in choice


def move_to_tuesday(client, event_id: int, key: str = MONDAY_16, day: str = "2025-06-17"):
    url = f"/events/{event_id}/{key}/edit?scope=this"
    html = page(client, url)
    assert 'name="repeats"' not in html  # one occurrence has no rule of its own
    return client.post(
        f"/events/{event_id}/{key}/edit",
        data={**meeting_form(start_date=day, repeats=None, repeat_weekdays=None),
              "scope": "this", "csrf_token": csrf_token(html),
              "version": re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)},
    )  # fmt: skip


def test_editing_this_occurrence_moves_only_that_one(editor, app):
    event_id = create_series(editor)
    response = move_to_tuesday(editor, event_id)
    assert response.status_code == 302
    assert [s.day for s in june_starts(app)] == [2, 9, 17, 23, 30]
    html = page(editor, f"/events/{event_id}")
    assert "Changed occurrences" in html and "moved to 17 Jun 2025 10:00" in html
    moved = page(editor, f"/events/{event_id}/{MONDAY_16}")
    assert "Weekly on Monday</a> · moved from 16 Jun 2025 10:00" in moved  # where it came from
    assert "moved from" not in page(editor, f"/events/{event_id}/{MONDAY_16.replace('16', '23')}")


def test_a_stale_version_shows_the_conflict_and_keeps_the_input(editor, app):
    event_id = create_series(editor)
    url = f"/events/{event_id}/{MONDAY_16}/edit?scope=this"
    html = page(editor, url)
    # Meanwhile someone else edits another occurrence: the series' version steps.
    assert move_to_tuesday(editor, event_id, MONDAY_2, "2025-06-03").status_code == 302
    response = editor.post(
        f"/events/{event_id}/{MONDAY_16}/edit",
        data={**meeting_form(title="Staff meeting (moved)", repeats=None),
              "scope": "this", "csrf_token": csrf_token(html), "version": "1"},
    )  # fmt: skip
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Not saved:" in body and 'value="Staff meeting (moved)"' in body
    assert f'action="/events/{event_id}/{MONDAY_16}/edit"' in body
    # Saving again (the form now carries the current version) is deliberate and works.
    again = editor.post(
        f"/events/{event_id}/{MONDAY_16}/edit",
        data={**meeting_form(title="Staff meeting (moved)", repeats=None), "scope": "this",
              "csrf_token": csrf_token(body),
              "version": re.search(r'name="version"[^>]*value="(\d+)"', body).group(1)},
    )  # fmt: skip
    assert again.status_code == 302


def test_an_expired_token_on_the_occurrence_form_keeps_the_input(editor, app):
    event_id = create_series(editor)
    response = editor.post(
        f"/events/{event_id}/{MONDAY_16}/edit",
        data={**meeting_form(title="Kept title", repeats=None), "scope": "this",
              "csrf_token": "expired"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "submit again" in body and 'value="Kept title"' in body
    assert 'name="scope" value="this"' in body
    with app.app_context():
        assert db.session.scalars(select(Event)).all()[0].title == "Weekly staff meeting"


def form_of(client, url: str) -> dict:
    """The values a form page shows (text inputs, checked boxes, selected options)."""
    html = page(client, url)
    values: dict = {"csrf_token": csrf_token(html)}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        values.setdefault(name, value)
    return values, html


def test_this_and_following_splits_the_series(editor, app):
    event_id = create_series(editor)
    url = f"/events/{event_id}/{MONDAY_16}/edit?scope=following"
    html = page(editor, url)
    assert 'name="repeats"' in html and "The series ends before 16 Jun 2025 10:00" in html
    version = re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)
    response = editor.post(
        f"/events/{event_id}/{MONDAY_16}/edit",
        data={**meeting_form(start_date="2025-06-16", start_time="11:00", end_time="12:00"),
              "scope": "following", "csrf_token": csrf_token(html), "version": version},
    )  # fmt: skip
    assert response.status_code == 302
    new_id = int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))
    assert new_id != event_id
    assert [(s.day, s.hour) for s in june_starts(app)] == [(2, 10), (9, 10), (16, 11),
                                                          (23, 11), (30, 11)]  # fmt: skip
    assert "until 9 June 2025" in page(editor, f"/events/{event_id}")


def test_editing_all_occurrences_with_a_new_rule_names_the_dropped_override(editor, app):
    event_id = create_series(editor)
    assert move_to_tuesday(editor, event_id).status_code == 302
    response = editor.get(f"/events/{event_id}/{MONDAY_16}/edit?scope=all")
    assert response.headers["Location"].endswith(f"/events/{event_id}/edit")
    html = page(editor, f"/events/{event_id}/edit")
    version = re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)
    response = editor.post(
        f"/events/{event_id}/edit",
        data={**meeting_form(repeat_weekdays=["MO"], repeats="custom", repeat_interval="3"),
              "csrf_token": csrf_token(html), "version": version},
    )  # fmt: skip
    assert response.status_code == 302
    followed = page(editor, response.headers["Location"])
    assert "The new rule has no occurrence on 16 Jun 2025 10:00" in followed
    assert [s.day for s in june_starts(app)] == [2, 23]


def test_cancelling_this_occurrence_strikes_it_and_it_can_be_reinstated(editor, app):
    event_id = create_series(editor)
    response = post_form(
        editor, f"/events/{event_id}/{MONDAY_16}/cancel",
        {"scope": "this", "reason": "Public holiday", "version": str(stored(app, event_id).version)},
    )  # fmt: skip
    assert response.status_code == 302
    html = page(editor, f"/events/{event_id}/{MONDAY_16}")
    assert "status-cancelled" in html and "Public holiday" in html
    # Its history names what changed from the series there: the status, not every field.
    history = html[html.index("<h2>History</h2>") :]
    assert "Status" in history and "Title" not in history
    assert [s.day for s in june_starts(app)] == [2, 9, 16, 23, 30]  # still shown
    series_page = page(editor, f"/events/{event_id}")
    assert "cancelled the occurrence of 16 Jun 2025 10:00" in series_page
    response = editor.post(
        f"/events/{event_id}/{MONDAY_16}/reinstate",
        data={"csrf_token": csrf_token(html), "version": str(stored(app, event_id).version)},
    )
    assert response.status_code == 302
    assert "status-confirmed" in page(editor, f"/events/{event_id}/{MONDAY_16}")


def test_deleting_this_occurrence_makes_it_an_excluded_date(editor, app):
    event_id = create_series(editor)
    response = post_form(
        editor, f"/events/{event_id}/{MONDAY_16}/delete",
        {"scope": "this", "version": str(stored(app, event_id).version)},
    )  # fmt: skip
    assert response.status_code == 302
    assert stored(app, event_id).exdates == ["2025-06-16T07:00:00+00:00"]
    assert [s.day for s in june_starts(app)] == [2, 9, 23, 30]
    assert editor.get(f"/events/{event_id}/{MONDAY_16}").status_code == 404


def test_a_stale_cancel_does_nothing_and_says_why(editor, app):
    event_id = create_series(editor)
    response = post_form(
        editor, f"/events/{event_id}/{MONDAY_16}/cancel", {"scope": "this", "version": "0"}
    )
    assert response.status_code == 302
    assert "Nothing done" in page(editor, response.headers["Location"])
    with app.app_context():
        assert db.session.scalars(select(Event)).all()[0].is_series
        assert len(db.session.scalars(select(Event)).all()) == 1
        actions = [r.action for r in db.session.scalars(select(EventRevision))]
        assert actions == ["create"]


def test_deleting_this_and_following_ends_the_series_before_it(editor, app):
    event_id = create_series(editor)
    response = post_form(
        editor, f"/events/{event_id}/{MONDAY_16}/delete",
        {"scope": "following", "version": str(stored(app, event_id).version)},
    )  # fmt: skip
    assert response.status_code == 302
    assert [s.day for s in june_starts(app)] == [2, 9]
    assert "Weekly on Monday, until 9 June 2025" in page(editor, f"/events/{event_id}")


def test_cancelling_this_and_following_keeps_them_visible_as_a_cancelled_series(editor, app):
    event_id = create_series(editor)
    response = post_form(
        editor, f"/events/{event_id}/{MONDAY_16}/cancel",
        {"scope": "following", "version": str(stored(app, event_id).version)},
    )  # fmt: skip
    assert response.status_code == 302
    assert [s.day for s in june_starts(app)] == [2, 9, 16, 23, 30]
    new_id = int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))
    assert stored(app, new_id).status == "cancelled" and stored(app, event_id).status != "cancelled"


def test_deleting_all_occurrences_removes_the_series(editor, app):
    event_id = create_series(editor)
    response = post_form(
        editor, f"/events/{event_id}/{MONDAY_16}/delete",
        {"scope": "all", "version": str(stored(app, event_id).version)},
    )  # fmt: skip
    assert response.status_code == 302
    assert june_starts(app) == []
    assert editor.get(f"/events/{event_id}").status_code == 404


def test_an_all_day_weekly_series_made_in_the_form(editor, app):
    event_id = create_series(
        editor, all_day="y", start_time="", end_time="", repeat_weekdays=["MO", "WE"],
        repeat_ends="count", repeat_count="4",
    )  # fmt: skip
    event = stored(app, event_id)
    assert event.all_day and event.rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=MO,WE"
    html = page(editor, f"/events/{event_id}/20250604")
    assert "Part of a series:" in html and "Weekly on Monday and Wednesday, 4 times" in html
