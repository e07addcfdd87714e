"""The event page: times in the viewer's zone beside the local time, dates without a
leading zero, links to the map and the .ics, clickable links in descriptions."""

import re

from .event_form_helpers import create_interaction
from .helpers import timed


def test_event_page_links_to_the_map_and_the_ics(editor, ids):
    event_id = create_interaction(editor, ids, location_id=str(ids["palace"]))
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "https://www.openstreetmap.org/?mlat=53.93860&amp;mlon=27.48720" in page
    assert f"/events/{event_id}.ics" in page


def un_debate(client, ids) -> int:
    return create_interaction(
        client,
        ids,
        **timed("2024-07-19 10:00", "13:00", "America/New_York"),
        title="UN Security Council debate",
        kind="meeting",
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
