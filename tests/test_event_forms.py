import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision
from tests.helpers import csrf_token, interaction_form, login, make_reference_data, make_user


@pytest.fixture
def ids(app):
    ids = make_reference_data(app)
    ids["editor"] = make_user(app, "erin", "editor")
    ids["bob"] = make_user(app, "bob", "editor")
    ids["admin"] = make_user(app, "ada", "admin")
    ids["viewer"] = make_user(app, "vera", "viewer")
    return ids


@pytest.fixture
def editor(client, ids):
    login(client, "erin")
    return client


def submit(client, url: str, data: dict):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def only_event(app) -> Event:
    with app.app_context():
        return db.session.scalars(select(Event)).one()


def create_interaction(client, ids, **overrides) -> int:
    response = submit(client, "/events/new", interaction_form(ids, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))


def revisions(app, event_id: int) -> list[EventRevision]:
    with app.app_context():
        query = select(EventRevision).where(EventRevision.event_id == event_id)
        return list(db.session.scalars(query.order_by(EventRevision.id)))


# ---- create ---------------------------------------------------------------------------


def test_editor_adds_interaction_2023_as_an_all_day_exercise(editor, app, ids):
    event_id = create_interaction(editor, ids)
    event = only_event(app)
    assert (event.title, event.kind, event.all_day) == ("Interaction-2023", "training", True)
    assert (event.start_date, event.end_date) == (date(2023, 9, 1), date(2023, 9, 6))
    assert event.timezone == "Europe/Minsk"  # defaulted from the location
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Interaction-2023" in page and "Collective Rapid Reaction Forces" in page
    assert "created" in page and "History" in page
    assert "Event “Interaction-2023” created." in page


def test_timed_event_is_stored_in_utc_from_local_time_in_its_zone(editor, app, ids):
    create_interaction(
        editor,
        ids,
        all_day=None,
        title="Council meeting",
        kind="meeting",
        start_date="2024-07-19",
        start_time="10:00",
        end_date="",
        end_time="12:30",
        timezone="America/New_York",
    )
    event = only_event(app)
    assert event.starts_at == datetime(2024, 7, 19, 14, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2024, 7, 19, 16, 30, tzinfo=UTC)
    assert event.timezone == "America/New_York"


def test_time_zone_defaults_to_the_configured_one_without_a_location(editor, app, ids):
    create_interaction(editor, ids, location_id="")
    assert only_event(app).timezone == "Europe/Moscow"


# ---- who may ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, ids):
    response = client.get("/events/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_viewer_is_refused_with_403(client, app, ids):
    login(client, "vera")
    assert client.get("/events/new").status_code == 403
    token = csrf_token(client.get("/calendar/2023/9").get_data(as_text=True))
    response = client.post("/events/new", data={"csrf_token": token, **interaction_form(ids)})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_post_without_csrf_token_is_refused(editor, app, ids):
    response = editor.post("/events/new", data=interaction_form(ids))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_viewer_cannot_cancel_or_delete(client, app, ids):
    login(client, "erin")
    event_id = create_interaction(client, ids)
    viewer = app.test_client()
    login(viewer, "vera")
    token = csrf_token(viewer.get(f"/events/{event_id}").get_data(as_text=True))
    assert viewer.post(f"/events/{event_id}/cancel", data={"csrf_token": token}).status_code == 403
    assert viewer.post(f"/events/{event_id}/delete", data={"csrf_token": token}).status_code == 403
    assert only_event(app).status == "confirmed"


# ---- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "This field is required."),
        ({"title": "x" * 301}, "title", "Keep this under 300 characters"),
        ({"title": "Bell\x07"}, "title", "control characters"),
        ({"description": "a\x00b"}, "description", "control characters"),
        ({"participants": "p" * 2001}, "participants", "Keep this under 2000"),
        ({"kind": "party"}, "kind", "Choose a kind from the list."),
        ({"status": "maybe"}, "status", "Choose a status"),
        ({"visibility": "secret"}, "visibility", "Choose public or internal."),
        ({"start_date": ""}, "start_date", "Enter a start date."),
        ({"start_date": "31/12/2023"}, "start_date", "Enter a date as YYYY-MM-DD."),
        ({"start_date": "9999-12-31", "end_date": ""}, "start_date", "Enter a year between"),
        ({"end_date": "2023-08-31"}, "end_date", "The end date is before the start date."),
        ({"timezone": "Mars/Olympus"}, "timezone", "Unknown time zone"),
        ({"location_id": "9999"}, "location_id", "Choose a location from the list."),
        ({"location_id": "abc"}, "location_id", "Choose a location from the list."),
        ({"force_ids": ["9999"]}, "force_ids", "Choose forces from the list."),
    ],
)
def test_invalid_field_is_reported_next_to_it_and_nothing_is_saved(
    editor, app, ids, overrides, field, message
):
    response = submit(editor, "/events/new", interaction_form(ids, **overrides))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', page)
    assert error, f"no error shown for {field}"
    assert message in error.group(1).replace("&#39;", "'")
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_time": ""}, "start_time", "Enter a time"),
        ({"end_time": "25:00"}, "end_time", "Enter a time as HH:MM."),
        ({"end_time": "09:00"}, "end_time", "The event ends before it starts."),
        ({"end_date": "2024-03-09"}, "end_date", "The event ends before it starts."),
        # 31 March 2024, 02:30 in Berlin: the clocks jump from 02:00 to 03:00.
        ({"start_date": "2024-03-31", "start_time": "02:30"}, "start_time", "does not exist"),
        # 27 October 2024, 02:30 in Berlin happens twice.
        ({"start_date": "2024-10-27", "start_time": "02:30"}, "start_time", "happens twice"),
    ],
)
def test_timed_event_rules(editor, app, ids, overrides, field, message):
    data = interaction_form(
        ids,
        all_day=None,
        start_date="2024-03-10",
        start_time="10:00",
        end_date="",
        end_time="11:00",
        timezone="Europe/Berlin",
    )
    data.update(overrides)
    response = submit(editor, "/events/new", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1)
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_failed_submit_keeps_everything_typed(editor, ids):
    data = interaction_form(
        ids, title="", participants="Delegations of six states", force_ids=[str(ids["crrf"])]
    )
    page = submit(editor, "/events/new", data).get_data(as_text=True)
    assert "Delegations of six states" in page
    assert 'value="2023-09-06"' in page
    assert re.search(rf'value="{ids["crrf"]}"[^>]*checked|checked[^>]*value="{ids["crrf"]}"', page)
    assert re.search(rf'<option selected value="{ids["belarus"]}"', page)


def test_script_in_input_is_rendered_escaped(editor, ids):
    event_id = create_interaction(
        editor, ids, title="<script>alert(1)</script>", description="<b onmouseover=x>hi</b>"
    )
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b onmouseover" not in page


# ---- edit, cancel, delete, restore ------------------------------------------------------


def test_edit_records_field_level_before_and_after(editor, app, ids):
    event_id = create_interaction(editor, ids)
    response = submit(
        editor,
        f"/events/{event_id}/edit",
        interaction_form(ids, end_date="2023-09-07", status="planned", version="1"),
    )
    assert response.status_code == 302
    last = revisions(app, event_id)[-1]
    assert last.action == "update"
    assert last.changes == {
        "status": ["confirmed", "planned"],
        "end": ["2023-09-06", "2023-09-07"],
    }
    assert only_event(app).sequence == 1
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "7 Sep 2023" in page and "07 Sep" not in page and "edited" in page


def test_edit_form_shows_the_event_as_entered(editor, ids):
    event_id = create_interaction(editor, ids)
    page = editor.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert 'value="Interaction-2023"' in page and 'value="2023-09-06"' in page
    assert 'name="version" type="hidden" value="1"' in page


def test_concurrent_edit_is_refused_naming_who_changed_what(client, app, ids):
    login(client, "erin")
    event_id = create_interaction(client, ids)
    # Erin opens the form at version 1 ...
    erin_token = csrf_token(client.get(f"/events/{event_id}/edit").get_data(as_text=True))
    # ... meanwhile Bob changes the dates and saves.
    bob = app.test_client()
    login(bob, "bob")
    saved = submit(
        bob, f"/events/{event_id}/edit", interaction_form(ids, end_date="2023-09-08", version="1")
    )
    assert saved.status_code == 302
    # Erin saves her title change against version 1.
    response = client.post(
        f"/events/{event_id}/edit",
        data={
            "csrf_token": erin_token,
            **interaction_form(ids, title="Interaction-2023 (CRRF)", version="1"),
        },
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Not saved: bob changed end while you were editing." in page
    assert 'value="Interaction-2023 (CRRF)"' in page  # her input is kept
    event = only_event(app)
    assert event.title == "Interaction-2023" and event.end_date == date(2023, 9, 8)
    assert 'name="version" type="hidden" value="2"' in page  # a second save is deliberate


def test_cancel_keeps_the_event_visible_as_cancelled(editor, app, ids):
    event_id = create_interaction(editor, ids)
    token = csrf_token(editor.get(f"/events/{event_id}").get_data(as_text=True))
    response = editor.post(f"/events/{event_id}/cancel", data={"csrf_token": token, "version": 1})
    assert response.status_code == 302
    event = only_event(app)
    assert event.status == "cancelled" and event.sequence == 1
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "This event is cancelled" in page and "cancelled" in page
    assert revisions(app, event_id)[-1].changes == {"status": ["confirmed", "cancelled"]}


def test_cancel_with_a_stale_version_does_nothing(editor, app, ids):
    event_id = create_interaction(editor, ids)
    submit(editor, f"/events/{event_id}/edit", interaction_form(ids, title="Renamed", version="1"))
    token = csrf_token(editor.get(f"/events/{event_id}").get_data(as_text=True))
    response = editor.post(
        f"/events/{event_id}/cancel",
        data={"csrf_token": token, "version": 1},
        follow_redirects=True,
    )
    assert "Nothing done: erin changed title" in response.get_data(as_text=True)
    assert only_event(app).status == "confirmed"


def test_delete_asks_first_then_hides_the_event_and_admin_restores_it(client, app, ids):
    login(client, "erin")
    event_id = create_interaction(client, ids)
    confirm = client.get(f"/events/{event_id}/delete")
    assert confirm.status_code == 200 and "Delete “Interaction-2023”?" in confirm.get_data(True)
    assert only_event(app).deleted_at is None  # GET changes nothing
    token = csrf_token(confirm.get_data(as_text=True))
    assert 'name="version" value="1"' in confirm.get_data(as_text=True)
    response = client.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    assert response.status_code == 302
    assert client.get(f"/events/{event_id}").status_code == 404
    # An editor sees it in the audit log but may not restore it.
    audit = client.get("/manage/audit").get_data(as_text=True)
    assert "Interaction-2023" in audit and "an admin can restore" in audit
    assert client.post(f"/events/{event_id}/restore", data={"csrf_token": token}).status_code == 403

    admin = app.test_client()
    login(admin, "ada")
    audit = admin.get("/manage/audit").get_data(as_text=True)
    response = admin.post(f"/events/{event_id}/restore", data={"csrf_token": csrf_token(audit)})
    assert response.status_code == 302
    assert client.get(f"/events/{event_id}").status_code == 200
    actions = [r.action for r in revisions(app, event_id)]
    assert actions == ["create", "delete", "restore"]


def test_unknown_and_deleted_events_give_404_not_500(editor, ids):
    assert editor.get("/events/999/edit").status_code == 404
    assert editor.get("/events/999/delete").status_code == 404


def test_history_is_hidden_from_anonymous_visitors(client, app, ids):
    login(client, "erin")
    event_id = create_interaction(client, ids)
    anonymous = app.test_client()
    page = anonymous.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Interaction-2023" in page and "History" not in page and "erin" not in page


def test_internal_event_is_404_for_anonymous_visitors(client, app, ids):
    login(client, "erin")
    event_id = create_interaction(client, ids, visibility="internal")
    assert app.test_client().get(f"/events/{event_id}").status_code == 404
    assert client.get(f"/events/{event_id}").status_code == 200


def test_event_page_links_to_the_map_and_the_ics(editor, ids):
    event_id = create_interaction(editor, ids, location_id=str(ids["palace"]))
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "https://www.openstreetmap.org/?mlat=53.93860&amp;mlon=27.48720" in page
    assert f"/events/{event_id}.ics" in page


@pytest.mark.parametrize("version", ["", "abc", None])
def test_edit_without_a_version_is_treated_as_stale(editor, app, ids, version):
    event_id = create_interaction(editor, ids)
    data = interaction_form(ids, title="Blind", version=version)
    response = submit(editor, f"/events/{event_id}/edit", data)
    assert response.status_code == 409
    assert only_event(app).title == "Interaction-2023"


def test_a_save_racing_another_process_is_refused_by_the_version_counter(editor, app, ids):
    """Both passed the version check; the database lets only the first UPDATE through."""
    from sqlalchemy import text

    from calendar_app.events.rules import EventRules, validate_event
    from calendar_app.events.service import StaleEventError, update_event

    event_id = create_interaction(editor, ids)
    with app.app_context():
        event = db.session.get(Event, event_id)
        loaded = event.version
        # Another process saves in between (its own connection, its own transaction).
        with db.engine.begin() as other:
            other.execute(
                text("UPDATE events SET title = 'Theirs', version = version + 1 WHERE id = :id"),
                {"id": event_id},
            )
        rules = EventRules(["training"], "Europe/Moscow", {ids["belarus"]: "Europe/Minsk"}, {1})
        data = validate_event(interaction_form(ids, title="Mine"), rules)
        with pytest.raises(StaleEventError):
            update_event(event, data, None, expected_version=loaded)
    event = only_event(app)
    assert event.title == "Theirs"
    assert [r.action for r in revisions(app, event_id)] == ["create"]


def test_csrf_failure_is_a_clear_400_page(editor, ids):
    response = editor.post("/events/new", data={"title": "x"})
    assert response.status_code == 400
    assert "nothing was saved" in response.get_data(as_text=True)


def test_delete_without_the_shown_version_does_nothing(editor, app, ids):
    event_id = create_interaction(editor, ids)
    token = csrf_token(editor.get(f"/events/{event_id}/delete").get_data(as_text=True))
    response = editor.post(
        f"/events/{event_id}/delete", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Nothing done" in response.get_data(as_text=True)
    assert only_event(app).deleted_at is None


# ---- never lose typed input to an expired form -------------------------------------------


def test_a_form_left_open_for_hours_still_saves(editor, app, ids, monkeypatch):
    import time

    import itsdangerous.timed

    token = csrf_token(editor.get("/events/new").get_data(as_text=True))
    later = time.time() + 5 * 3600
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    response = editor.post("/events/new", data={"csrf_token": token, **interaction_form(ids)})
    assert response.status_code == 302
    assert only_event(app).title == "Interaction-2023"


@pytest.mark.parametrize("token", [None, "expired-or-forged"])
def test_refused_csrf_on_the_new_form_keeps_the_input_with_a_fresh_token(editor, app, ids, token):
    data = interaction_form(ids, participants="Delegations of six states")
    if token:
        data["csrf_token"] = token
    response = editor.post("/events/new", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "did not come from this site" in page and "submit again" in page
    assert 'value="Interaction-2023"' in page and "Delegations of six states" in page
    assert 'value="2023-09-06"' in page
    with app.app_context():
        assert db.session.scalar(select(Event)) is None
    # The re-rendered form carries a new token: submitting it again saves.
    again = editor.post("/events/new", data={**data, "csrf_token": csrf_token(page)})
    assert again.status_code == 302
    assert only_event(app).participants == "Delegations of six states"


def test_refused_csrf_on_the_edit_form_keeps_the_input_and_the_loaded_version(editor, app, ids):
    event_id = create_interaction(editor, ids)
    data = interaction_form(ids, title="Interaction-2023 (CRRF)", version="1")
    response = editor.post(f"/events/{event_id}/edit", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="Interaction-2023 (CRRF)"' in page
    assert 'name="version" type="hidden" value="1"' in page
    assert only_event(app).title == "Interaction-2023"
    again = editor.post(f"/events/{event_id}/edit", data={**data, "csrf_token": csrf_token(page)})
    assert again.status_code == 302 and only_event(app).title == "Interaction-2023 (CRRF)"


def test_refused_csrf_shows_no_form_to_whoever_may_not_use_it(client, app, ids):
    login(client, "erin")
    event_id = create_interaction(client, ids, visibility="internal")
    for who in (None, "vera"):
        other = app.test_client()
        if who:
            login(other, who)
        for url in ("/events/new", f"/events/{event_id}/edit"):
            response = other.post(url, data=interaction_form(ids, participants="TYPED"))
            assert response.status_code == 400
            page = response.get_data(as_text=True)
            assert "TYPED" not in page and "Interaction-2023" not in page
            assert "did not come from this site" in page


# ---- accessible errors -------------------------------------------------------------------


def test_error_summary_links_each_bad_field_and_takes_focus(editor, ids):
    data = interaction_form(ids, title="", end_date="2023-08-31", force_ids=["9999"])
    page = submit(editor, "/events/new", data).get_data(as_text=True)
    summary = re.search(r'<div class="alert alert-error error-summary"(.*?)</div>', page, re.S)
    assert summary, "no error summary"
    assert 'role="alert"' in summary.group(1) and 'tabindex="-1"' in summary.group(1)
    assert "data-focus-on-load" in summary.group(1)
    links = dict(re.findall(r'<a href="#([\w-]+)">([^<]*)</a>', summary.group(1)))
    assert links == {
        "title": "Title: This field is required.",
        "end_date": "Ends: The end date is before the start date.",
        "force_ids-0": "Participating forces: Choose forces from the list.",
    }
    for anchor in links:  # every link has its target
        assert f'id="{anchor}"' in page
    assert "/static/js/event-form.js" in page


def test_participating_forces_are_a_fieldset_with_a_legend(editor, ids):
    page = editor.get("/events/new").get_data(as_text=True)
    group = re.search(
        r'<fieldset class="([^"]*)"[^>]*>\s*<legend[^>]*>(Participating forces)</legend>', page
    )
    assert group
    assert "field-checkboxes" in group.group(1).split()
    assert 'type="checkbox"' in page[group.end() : page.index("</fieldset>", group.end())]


# ---- conveniences: prefilled forms, default end, duplicate -------------------------------


def test_new_form_takes_the_date_from_the_address(editor, ids):
    page = editor.get("/events/new?date=2026-11-04").get_data(as_text=True)
    assert re.search(r'id="start_date" name="start_date" type="date" value="2026-11-04"', page)


def test_new_form_takes_a_start_time_from_the_address_and_ends_an_hour_later(editor, ids):
    page = editor.get("/events/new?start=2026-11-04T23:30").get_data(as_text=True)
    assert 'name="start_date" type="date" value="2026-11-04"' in page
    assert 'name="start_time" type="time" value="23:30"' in page
    assert 'name="end_date" type="date" value="2026-11-05"' in page
    assert 'name="end_time" type="time" value="00:30"' in page


@pytest.mark.parametrize(
    "query", ["date=04.11.2026", "date=2026-13-01", "start=2026-11-04T25:00", "start=x", "date="]
)
def test_new_form_ignores_a_date_that_makes_no_sense(editor, ids, query):
    response = editor.get(f"/events/new?{query}")
    assert response.status_code == 200
    assert 'name="start_date" type="date" value=""' in response.get_data(as_text=True)


def test_timed_event_without_an_end_time_lasts_an_hour(editor, app, ids):
    create_interaction(
        editor,
        ids,
        all_day=None,
        start_date="2024-07-19",
        start_time="23:30",
        end_date="",
        end_time="",
        timezone="America/New_York",
    )
    event = only_event(app)
    assert event.starts_at == datetime(2024, 7, 20, 3, 30, tzinfo=UTC)
    assert event.ends_at == datetime(2024, 7, 20, 4, 30, tzinfo=UTC)
    assert "Empty: one hour after the start." in editor.get("/events/new").get_data(True)


def test_missing_start_time_is_the_only_error_when_the_end_time_is_left_empty(editor, ids):
    """The empty end would follow the start, so only the start is named."""
    response = submit(
        editor,
        "/events/new",
        interaction_form(ids, all_day=None, start_time="", end_date="", end_time=""),
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 422)
    assert "Start time: Enter a time" in page and "End time: Enter a time" not in page


def test_duplicate_opens_a_prefilled_form_and_saves_nothing_until_submitted(editor, app, ids):
    event_id = create_interaction(editor, ids, participants="Contingents", visibility="internal")
    detail = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/events/new?copy={event_id}"' in detail
    page = editor.get(f"/events/new?copy={event_id}").get_data(as_text=True)
    assert 'value="Interaction-2023"' in page and 'value="2023-09-06"' in page
    assert "Contingents" in page and 'name="version"' in page
    assert 'name="version" type="hidden" value=""' in page
    assert re.search(rf'<option selected value="{ids["belarus"]}"', page)
    assert '<option selected value="internal"' in page
    assert 'action="/events/new"' in page
    with app.app_context():
        assert len(db.session.scalars(select(Event)).all()) == 1
    response = editor.post(
        "/events/new", data={"csrf_token": csrf_token(page), **interaction_form(ids)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(Event)).all()) == 2


def test_duplicate_of_an_unknown_or_deleted_event_is_404(editor, app, ids):
    event_id = create_interaction(editor, ids)
    assert editor.get("/events/new?copy=999").status_code == 404
    assert editor.get("/events/new?copy=99999999999999999999").status_code == 404
    token = csrf_token(editor.get(f"/events/{event_id}/delete").get_data(as_text=True))
    editor.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    assert editor.get(f"/events/new?copy={event_id}").status_code == 404


# ---- the event page: times in the viewer's zone, links in descriptions ----------------------


def un_debate(client, ids) -> int:
    return create_interaction(
        client,
        ids,
        all_day=None,
        title="UN Security Council debate",
        kind="meeting",
        start_date="2024-07-19",
        start_time="10:00",
        end_date="",
        end_time="13:00",
        timezone="America/New_York",
        location_id="",
    )


def test_event_page_shows_the_display_zone_and_the_local_time_beside_it(editor, ids):
    event_id = un_debate(editor, ids)
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "19 July 2024, 17:00 – 20:00" in page and "Europe/Moscow time" in page
    assert "19 July 2024, 10:00 – 13:00 America/New York time (local)" in page
    page = editor.get(f"/events/{event_id}?tz=Asia/Almaty").get_data(as_text=True)
    assert "19 July 2024, 19:00 – 22:00" in page
    page = editor.get(f"/events/{event_id}?tz=America/New_York").get_data(as_text=True)
    assert "19 July 2024, 10:00 – 13:00" in page and "(local)" not in page
    page = editor.get(f"/events/{event_id}?tz=Mars/Olympus").get_data(as_text=True)
    assert "19 July 2024, 17:00 – 20:00" in page  # an unknown zone falls back


def test_event_page_writes_dates_without_a_leading_zero(editor, ids):
    event_id = create_interaction(editor, ids, start_date="2026-11-04", end_date="2026-11-04")
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "4 November 2026, all day" in page and "04 November" not in page
    event_id = create_interaction(editor, ids, start_date="2023-09-01", end_date="2023-09-06")
    assert "1 – 6 September 2023, all day" in editor.get(f"/events/{event_id}").get_data(True)


def test_description_links_are_clickable_and_hostile_text_stays_text(editor, ids):
    hostile = (
        "Agenda: https://www.un.org/securitycouncil/ (official).\n"
        'Bad: https://x.test/"><script>alert(1)</script> and javascript:alert(2) '
        "and <a href=javascript:alert(3)>click</a> and https://y.test/'onmouseover='alert(4)"
    )
    event_id = create_interaction(editor, ids, description=hostile)
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    description = re.search(r'<div class="description pre">(.*?)</div>', page, re.S).group(1)
    assert (
        '<a href="https://www.un.org/securitycouncil/" rel="noopener noreferrer nofollow">'
        "https://www.un.org/securitycouncil/</a> (official)." in description
    )
    assert "<script" not in description and "&lt;script&gt;" in description
    assert '<a href="https://x.test/" rel="noopener noreferrer nofollow">' in description
    assert "<a href=javascript" not in description and 'href="javascript' not in description
    assert "onmouseover='" not in description and "onmouseover=&#39;" in description
    assert len(re.findall(r"<a ", description)) == 3
    assert all(
        rel == "noopener noreferrer nofollow" for rel in re.findall(r'rel="([^"]*)"', description)
    )


# ---- cancel asks first, reinstate, delete goes to the event's month ------------------------


def test_cancel_asks_first_and_keeps_the_reason(editor, app, ids):
    event_id = create_interaction(editor, ids, status="planned")
    detail = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/events/{event_id}/cancel"' in detail
    confirm = editor.get(f"/events/{event_id}/cancel")
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert "Cancel “Interaction-2023”?" in page and 'name="reason"' in page
    assert only_event(app).status == "planned"  # GET changes nothing
    response = editor.post(
        f"/events/{event_id}/cancel",
        data={"csrf_token": csrf_token(page), "version": "1", "reason": "Postponed <sine die>"},
    )
    assert response.status_code == 302
    assert only_event(app).status == "cancelled"
    assert revisions(app, event_id)[-1].changes == {
        "status": ["planned", "cancelled"],
        "reason": [None, "Postponed <sine die>"],
    }
    detail = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert 'Reason: <span class="pre">Postponed &lt;sine die&gt;</span>' in detail
    assert f'action="/events/{event_id}/reinstate"' in detail
    assert f'href="/events/{event_id}/cancel"' not in detail


def test_cancel_reason_too_long_is_refused_and_kept(editor, app, ids):
    event_id = create_interaction(editor, ids)
    page = editor.get(f"/events/{event_id}/cancel").get_data(as_text=True)
    response = editor.post(
        f"/events/{event_id}/cancel",
        data={"csrf_token": csrf_token(page), "version": "1", "reason": "r" * 501},
    )
    assert response.status_code == 422
    assert "Keep this under 500 characters" in response.get_data(as_text=True)
    assert 'name="version" value="1"' in response.get_data(as_text=True)
    assert only_event(app).status == "confirmed"


def test_reinstate_brings_back_the_status_before_the_cancellation(editor, app, ids):
    event_id = create_interaction(editor, ids, status="planned")
    token = csrf_token(editor.get(f"/events/{event_id}/cancel").get_data(as_text=True))
    editor.post(f"/events/{event_id}/cancel", data={"csrf_token": token, "version": "1"})
    response = editor.post(
        f"/events/{event_id}/reinstate",
        data={"csrf_token": token, "version": "2"},
        follow_redirects=True,
    )
    assert "reinstated" in response.get_data(as_text=True)
    event = only_event(app)
    assert event.status == "planned" and event.sequence == 2
    assert revisions(app, event_id)[-1].action == "reinstate"
    # A stale page does nothing.
    again = editor.post(f"/events/{event_id}/reinstate", data={"csrf_token": token, "version": "2"})
    assert again.status_code == 302 and only_event(app).status == "planned"


def test_delete_goes_to_the_month_of_the_event(editor, ids):
    event_id = create_interaction(editor, ids)
    token = csrf_token(editor.get(f"/events/{event_id}/delete").get_data(as_text=True))
    response = editor.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    assert response.headers["Location"].endswith("/calendar/2023/9")


def test_admin_sees_who_deleted_an_event_and_can_restore_it(client, app, ids):
    login(client, "erin")
    event_id = create_interaction(client, ids)
    token = csrf_token(client.get(f"/events/{event_id}/delete").get_data(as_text=True))
    client.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    client.get("/calendar/2023/9")  # shows the flash message
    editor_view = client.get(f"/events/{event_id}")
    assert editor_view.status_code == 404 and "Interaction-2023" not in editor_view.get_data(True)
    admin = app.test_client()
    login(admin, "ada")
    response = admin.get(f"/events/{event_id}")
    assert response.status_code == 404  # still not in the calendar
    page = response.get_data(as_text=True)
    assert "“Interaction-2023” is deleted" in page and "Deleted by <strong>erin</strong>" in page
    assert f'action="/events/{event_id}/restore"' in page
    restored = admin.post(f"/events/{event_id}/restore", data={"csrf_token": csrf_token(page)})
    assert restored.status_code == 302
    assert client.get(f"/events/{event_id}").status_code == 200
