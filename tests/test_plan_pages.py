"""The year plan's pages: /plan/<year> with its rows, bars and filters, the approval
(an admin's CSRF form), the changes since approval, and who may do what."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event, PlanApproval

from .helpers import csrf_token
from .helpers import exercise_data as three_days


def text_of(page: str) -> str:
    """The page without its tags (names and references are marked translate="no")."""
    return re.sub(r"<[^>]+>", "", page)


def exercise_data(title: str, first: date, kind: str = "training", **extra) -> EventData:
    data = three_days(title, first, **extra)
    data.kind = kind
    return data


def add(app, data: EventData) -> int:
    with app.app_context():
        event = service.create_event(data)
        db.session.commit()
        return event.id


def move(app, event_id: int, first: date, last: date) -> None:
    with app.app_context():
        event = db.session.get(Event, event_id)
        service.update_event(event, EventData.from_event(event, start=first, end=last))
        db.session.commit()


def interaction(app, ids) -> int:
    return add(
        app,
        exercise_data(
            "Interaction-2023",
            date(2023, 9, 4),
            location_id=ids["belarus"],
            force_ids=[ids["crrf"]],
            status="planned",
        ),
    )


def row_of(page: str, force: str) -> str:
    """The HTML of one force's row group of the plan's table."""
    start = page.index(f">{force}</th>")
    end = page.find("</tbody>", start)
    return page[start:end]


def approve(client, year=2023, reference="Decision No. 12", approved_on="2023-01-20"):
    page = client.get(f"/plan/{year}").get_data(as_text=True)
    return client.post(
        f"/plan/{year}/approve",
        data={"csrf_token": csrf_token(page), "approved_on": approved_on, "reference": reference},
    )


def test_plan_opens_this_year_and_is_in_the_main_navigation(client):
    response = client.get("/plan")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plan/{date.today().year}")
    page = client.get("/calendar/2023/9").get_data(as_text=True)
    assert re.search(r'<a href="/plan"[^>]*>Plan</a>', page)


def test_an_exercise_is_a_bar_in_its_force_row_linking_to_the_event(app, client, ids):
    event_id = interaction(app, ids)
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "Plan of joint training of formations of forces and means" in page
    row = row_of(page, "Collective Rapid Reaction Forces")
    assert f'href="/events/{event_id}"' in row
    assert "Interaction-2023" in row
    # placed at its first day (4 September: day 246 of the year, from 0) for three days
    assert '<a class="plan-bar kind-training status-planned short at246 len3"' in row
    # the screen reader's text has it in full
    assert (
        "training, planned, 4 – 6 September 2023, Training grounds of the Republic of Belarus"
        in row
    )
    assert "Interaction-2023" not in row_of(page, "Collective Peacekeeping Forces")


def test_trainings_only_by_default_with_a_switch_to_every_kind(app, client, ids):
    interaction(app, ids)
    add(app, exercise_data("Council session", date(2023, 11, 1), kind="session"))
    default = client.get("/plan/2023").get_data(as_text=True)
    assert "Council session" not in default
    assert "Show all kinds" in default
    every = client.get("/plan/2023?kinds=all").get_data(as_text=True)
    assert "Council session" in row_of(every, "Without forces")
    assert "Interaction-2023" in every


def test_filters_as_on_every_view(app, client, ids):
    interaction(app, ids)
    add(app, exercise_data("Brotherhood-2023", date(2023, 9, 18), force_ids=[ids["peacekeeping"]]))
    by_force = client.get("/plan/2023?force=peacekeeping").get_data(as_text=True)
    assert "Brotherhood-2023" in by_force and "Interaction-2023" not in by_force
    assert ">Collective Rapid Reaction Forces</th>" not in by_force
    by_text = client.get("/plan/2023?q=interaction").get_data(as_text=True)
    assert "Interaction-2023" in by_text and "Brotherhood-2023" not in by_text
    by_country = client.get("/plan/2023?country=BY").get_data(as_text=True)
    assert "Interaction-2023" in by_country and "Brotherhood-2023" not in by_country
    assert client.get("/plan/2023?status=bogus").status_code == 400
    assert client.get("/plan/2023?force=nobody").status_code == 400


def test_a_series_counts_each_occurrence_with_its_address(app, client, ids):
    series_id = add(
        app,
        exercise_data(
            "Monthly drill",
            date(2023, 1, 9),
            force_ids=[ids["crrf"]],
            rrule="FREQ=MONTHLY;COUNT=12",
        ),
    )
    page = client.get("/plan/2023").get_data(as_text=True)
    row = row_of(page, "Collective Rapid Reaction Forces")
    assert row.count('class="plan-bar ') == 12
    assert f'href="/events/{series_id}/20230609"' in row


def test_year_outside_the_calendar_is_not_found_and_neighbours_are_linked(client):
    assert client.get("/plan/1800").status_code == 404
    page = client.get("/plan/2023").get_data(as_text=True)
    assert 'href="/plan/2022"' in page and 'href="/plan/2024"' in page


def test_admin_approves_and_a_move_shows_as_moved_with_before_and_after(app, client, auth, ids):
    event_id = interaction(app, ids)
    auth.login("admin")
    response = approve(client)
    assert response.status_code == 303
    with app.app_context():
        approval = db.session.scalar(select(PlanApproval))
        assert (approval.year, approval.reference) == (2023, "Decision No. 12")
        assert approval.approved_on == date(2023, 1, 20)
        assert [entry["title"] for entry in approval.snapshot] == ["Interaction-2023"]
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "Approved on 20 January 2023 by ada, Decision No. 12" in text_of(page)
    assert "mark-moved" not in page
    move(app, event_id, date(2023, 9, 11), date(2023, 9, 15))
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "plan-bar kind-training status-planned mark-moved" in page
    assert "moved since approval" in page
    changes = client.get("/plan/2023/changes").get_data(as_text=True)
    assert "Interaction-2023" in changes and "moved" in changes
    assert "<td>Start</td><td>4 September 2023</td><td>11 September 2023</td>" in changes
    assert f'href="/events/{event_id}"' in changes  # its page, with the revision history


def test_new_changed_cancelled_since_approval_and_reapproval_is_a_new_baseline(
    app, client, auth, ids
):
    event_id = interaction(app, ids)
    auth.login("admin")
    approve(client)
    with app.app_context():
        event = db.session.get(Event, event_id)
        service.cancel_event(event, None)
        db.session.commit()
    add(app, exercise_data("Search-2023", date(2023, 9, 20)))
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "mark-cancelled" in page and "mark-new" in page
    changes = client.get("/plan/2023/changes").get_data(as_text=True)
    assert "cancelled" in changes and "Search-2023" in changes
    approve(client, reference="Decision No. 20", approved_on="2023-06-01")
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "mark-new" not in page and "mark-cancelled" not in page
    assert "Decision No. 20 (the baseline)" in text_of(page) and "Decision No. 12" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(PlanApproval.id))) == 2


def test_approval_needs_a_reference_and_a_valid_token(app, client, auth, ids):
    interaction(app, ids)
    auth.login("admin")
    assert approve(client, reference="  ").status_code == 303
    assert "Enter the decision" in client.get("/plan/2023").get_data(as_text=True)
    forged = client.post("/plan/2023/approve", data={"csrf_token": "x", "reference": "No. 1"})
    assert forged.status_code == 400
    bad_date = approve(client, approved_on="20-01-2023")
    assert bad_date.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(PlanApproval.id))) == 0


def test_only_an_admin_approves(app, client, auth, ids):
    interaction(app, ids)
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "Mark this plan approved" not in page
    assert client.post("/plan/2023/approve").status_code in (302, 400)
    auth.login("editor")
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "Mark this plan approved" not in page
    token = csrf_token(page)
    refused = client.post(
        "/plan/2023/approve",
        data={"csrf_token": token, "approved_on": "2023-01-20", "reference": "No. 1"},
    )
    assert refused.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(PlanApproval.id))) == 0


def test_internal_events_stay_off_the_public_plan_and_its_changes(app, client, auth, ids):
    add(app, exercise_data("Secret drill", date(2023, 5, 2), visibility="internal"))
    auth.login("admin")
    approve(client)
    auth.logout()
    add(app, exercise_data("Secret drill two", date(2023, 5, 9), visibility="internal"))
    assert "Secret drill" not in client.get("/plan/2023").get_data(as_text=True)
    assert "Secret drill" not in client.get("/plan/2023/changes").get_data(as_text=True)
    sheet = load_workbook(BytesIO(client.get("/plan/2023.xlsx").data)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Title"]


def test_the_demo_plan_2023_is_approved_and_one_exercise_has_moved_since(app, client, demo):
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "Approved on 20 January 2023, Решение СКБ № 3" in text_of(page)
    for title in ("Interaction-2023", "Search-2023", "Echelon-2023"):
        assert title in page
    brotherhood = row_of(page, "Collective Peacekeeping Forces")
    assert "mark-moved" in brotherhood and "Indestructible Brotherhood-2023" in brotherhood
    assert len(re.findall(r"class=\"plan-bar [^\"]*mark-moved", page)) == 1
    changes = client.get("/plan/2023/changes").get_data(as_text=True)
    assert "<td>Start</td><td>1 September 2023</td><td>18 September 2023</td>" in changes


def test_the_plan_title_is_configurable_and_checked(tmp_path):
    from calendar_app.config import ConfigError, load_config

    config = load_config(tmp_path, {"CALENDAR_PLAN_TITLE": "Plan for {year}"})
    assert config["CALENDAR_PLAN_TITLE"] == "Plan for {year}"
    for bad in ("", "   ", "Plan for {year} {name}", "x" * 301):
        with pytest.raises(ConfigError, match="CALENDAR_PLAN_TITLE"):
            load_config(tmp_path, {"CALENDAR_PLAN_TITLE": bad})


def test_bars_and_list_rows_escape_what_they_show(app, client, ids):
    """plan/view.py builds each bar and list row as a string: every text in it escaped."""
    add(app, exercise_data('<b>Storm</b> & "Co"', date(2023, 3, 6), force_ids=[ids["crrf"]]))
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "<b>Storm</b>" not in page
    shown = "&lt;b&gt;Storm&lt;/b&gt; &amp; &#34;Co&#34;"
    assert page.count(f'<span class="plan-bar-title">{shown}</span>') == 1
    assert f'<span class="title">{shown}</span>' in page  # the list by month
    assert f'title="{shown} · training' in page  # the tooltip
