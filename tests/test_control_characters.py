"""One definition of control characters (domain/text.py) serves every place that refuses
them: event fields, force and location names, API token names, the search box, imports."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from calendar_app.domain.filters import FilterError, parse_filter
from calendar_app.domain.text import CONTROL, CONTROL_SINGLE_LINE
from calendar_app.imports.importer import plan_import
from tests.helpers import login, make_user, post_form


def test_multi_line_text_keeps_tabs_and_line_breaks_single_line_text_does_not():
    assert not CONTROL.search("Line one\r\nline two\tand a tab")
    assert CONTROL_SINGLE_LINE.search("Line one\nline two")
    for bad in ("\x00", "\x07", "\x1b", "\x7f", "\ud800"):
        assert CONTROL.search(f"a{bad}b") and CONTROL_SINGLE_LINE.search(f"a{bad}b")


@pytest.mark.parametrize("name", ["Bell\x07", "Del\x7f", "Escape\x1bforce"])
def test_force_names_with_control_characters_are_refused(app, client, name):
    make_user(app, "erin", "editor")
    login(client, "erin")
    response = post_form(client, "/manage/forces/new", {"name": name, "description": ""})
    assert response.status_code == 422
    assert "Remove line breaks or control characters." in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Press\x07office", "Press\x7foffice"])
def test_api_token_names_with_control_characters_are_refused(app, client, name):
    make_user(app, "erin", "editor")
    login(client, "erin")
    response = post_form(client, "/account", {"name": name}, action="/account/tokens")
    assert response.status_code == 422
    assert "control characters" in response.get_data(as_text=True)


def test_search_text_with_control_characters_is_refused():
    with pytest.raises(FilterError, match="control characters"):
        parse_filter(MultiDict({"q": "Inter\x7faction"}), ["training"])
    assert parse_filter(MultiDict({"q": "Inter\taction"}), ["training"]).q == "Inter action"


def test_imported_titles_with_control_characters_are_refused(app):
    def plan(title):
        ics = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
            "UID:u1@example.org\r\nDTSTAMP:20230101T000000Z\r\n"
            f"DTSTART;VALUE=DATE:20230901\r\nSUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        with app.app_context():
            [change] = plan_import(ics.encode(), (date(2023, 1, 1), date(2024, 1, 1))).changes
        return change

    refused = plan("Interaction-2023\x07")
    assert refused.action == "rejected"
    assert refused.reason == (
        "its title (SUMMARY): remove the line breaks or control characters "
        "(often pasted by accident)"
    )
    assert plan("Interaction-2023").action == "new"
