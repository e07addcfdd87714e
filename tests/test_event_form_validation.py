"""The event form's rules: each bad field is named next to it and in the error summary,
nothing is saved, and what was typed is kept (and escaped)."""

import re

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event

from .event_form_helpers import create_interaction, submit
from .helpers import interaction_form, timed


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
    data = interaction_form(ids, **timed("2024-03-10 10:00", "11:00", "Europe/Berlin"))
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
