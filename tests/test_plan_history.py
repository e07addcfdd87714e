"""The changes since a plan's approval, from the revision history: each changed event's
before → after and the revisions made since (who, when, what, why), new, moved,
changed, cancelled and removed ones, series occurrences under their series; a new
approval is a new baseline; in Russian on a Russian page; a GET never writes."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, PlanApproval, User
from calendar_app.plan.changes import AS_OF
from tests.i18n_check import english_words

from .helpers import csrf_token
from .helpers import exercise_data as three_days

BROTHERHOOD = "Indestructible Brotherhood-2023"


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def approve(client, year=2023, reference="Decision No. 12", approved_on="2023-01-20"):
    page = client.get(f"/plan/{year}").get_data(as_text=True)
    return client.post(
        f"/plan/{year}/approve",
        data={"csrf_token": csrf_token(page), "approved_on": approved_on, "reference": reference},
    )


def event_named(title: str) -> Event:
    return db.session.scalar(select(Event).where(Event.title == title))


def changes_page(client) -> str:
    response = client.get("/plan/2023/changes")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def block_of(page: str, title: str) -> str:
    """The HTML of one event's group of the changes table (to the next one's)."""
    start = page.index(title, page.index('class="plan-change-table"'))
    ends = [page.find(mark, start) for mark in ('<tbody class="mark-', "<h2>")]
    return page[page.rindex("<tbody", 0, start) : min(end for end in ends if end > 0)]


def test_the_demo_move_with_dates_before_and_after_and_its_revision(client, auth, demo):
    auth.login("admin")
    page = changes_page(client)
    block = text_of(block_of(page, BROTHERHOOD))
    assert "Moved" in block
    assert "Start 1 September 2023 18 September 2023" in block
    assert "1 revision since the approval" in block
    # the revision: when, who (the demo's seeding: the system), what
    assert "system edited" in block
    assert re.search(r"Start 1 Sep 2023 18 Sep 2023", block)
    assert "2023-09-01" not in block


def add(app, data: EventData, user_id=None) -> int:
    with app.app_context():
        event = service.create_event(data, db.session.get(User, user_id) if user_id else None)
        db.session.commit()
        return event.id


def test_edits_after_approval_are_listed_as_changed_with_every_revision(app, client, auth, ids):
    event_id = add(
        app,
        three_days(
            "Interaction-2023",
            date(2023, 9, 4),
            location_id=ids["belarus"],
            force_ids=[ids["crrf"]],
        ),
    )
    admin = auth.login("admin")
    editor = auth.user("editor")
    approve(client)
    with app.app_context():
        event = db.session.get(Event, event_id)
        service.update_event(
            event,
            EventData.from_event(event, location_id=ids["palace"]),
            db.session.get(User, editor),
        )
        db.session.commit()
        event = db.session.get(Event, event_id)
        service.update_event(
            event,
            EventData.from_event(event, force_ids=[ids["crrf"], ids["peacekeeping"]]),
            db.session.get(User, admin),
        )
        db.session.commit()
    page = changes_page(client)
    block = block_of(page, "Interaction-2023")
    text = text_of(block)
    assert 'class="mark-changed"' in page
    assert "Changed" in text
    assert (
        "Place Training grounds of the Republic of Belarus, Belarus Palace of Independence, Minsk"
        in text
    )
    assert (
        "Forces Collective Rapid Reaction Forces Collective Peacekeeping Forces, "
        "Collective Rapid Reaction Forces" in text
    )
    assert "2 revisions since the approval" in text
    # in order: erin moved it to the palace, then ada added a force
    assert text.index("erin edited") < text.index("ada edited")
    assert re.search(r"erin edited .*Location Training grounds", text)
    # the plan page marks the same event changed
    plan = client.get("/plan/2023").get_data(as_text=True)
    assert "mark-changed" in plan


def test_a_cancellation_is_listed_with_its_reason(app, client, auth, ids):
    event_id = add(app, three_days("Search-2023", date(2023, 9, 20)))
    auth.login("admin")
    approve(client)
    with app.app_context():
        service.cancel_event(db.session.get(Event, event_id), reason="The grounds are flooded")
        db.session.commit()
    block = text_of(block_of(changes_page(client), "Search-2023"))
    assert "Cancelled" in block
    assert "Status confirmed cancelled" in block
    assert "system cancelled" in block
    assert "Reason: The grounds are flooded" in block
    assert "mark-cancelled" in client.get("/plan/2023").get_data(as_text=True)


def test_a_new_training_and_a_deleted_one_are_listed(app, client, auth, ids):
    gone = add(app, three_days("Echelon-2023", date(2023, 10, 2)))
    auth.login("admin")
    approve(client)
    add(app, three_days("Frontier-2023", date(2023, 11, 6)))
    with app.app_context():
        service.delete_event(db.session.get(Event, gone))
        db.session.commit()
    page = changes_page(client)
    new = text_of(block_of(page, "Frontier-2023"))
    assert "New" in new and "6 – 8 November 2023" in new
    assert "system created" in new
    removed = text_of(block_of(page, "Echelon-2023"))
    assert "Removed" in removed and "system deleted" in removed
    assert "2 October 2023" in removed or "2 – 4 October 2023" in removed


def test_a_double_booking_saved_anyway_shows_its_reason(app, client, auth, ids):
    from calendar_app.events.conflicts import confirm_or_refuse

    add(app, three_days("Interaction-2023", date(2023, 9, 4), force_ids=[ids["crrf"]]))
    other = add(app, three_days("Search-2023", date(2023, 9, 20), force_ids=[ids["crrf"]]))
    auth.login("admin")
    approve(client)
    with app.app_context():
        event = db.session.get(Event, other)
        service.update_event(
            event, EventData.from_event(event, start=date(2023, 9, 5), end=date(2023, 9, 7))
        )
        db.session.flush()
        confirm_or_refuse(event, confirmed=True, reason="Both at once, agreed")
        db.session.commit()
    block = text_of(block_of(changes_page(client), "Search-2023"))
    assert "Moved" in block
    assert "Saved despite a double booking (Interaction-2023): Both at once, agreed" in block


def test_a_changed_occurrence_of_a_series_is_listed_under_it(app, client, auth, ids):
    from calendar_app.events.series import cancel_occurrence

    series_id = add(
        app, three_days("Monthly drill", date(2023, 1, 9), rrule="FREQ=MONTHLY;COUNT=12")
    )
    auth.login("admin")
    approve(client)
    with app.app_context():
        series = db.session.get(Event, series_id)
        cancel_occurrence(series, date(2023, 6, 9), reason="Holiday")
        db.session.commit()
    page = changes_page(client)
    assert page.count('class="mark-cancelled"') == 1
    block = block_of(page, "Monthly drill")
    assert f'href="/events/{series_id}/20230609"' in block
    text = text_of(block)
    assert "Reason: Holiday" in text and "Status confirmed cancelled" in text


def test_reapproval_is_a_new_baseline_and_both_approvals_stay_listed(app, client, auth, demo):
    auth.login("admin")
    assert BROTHERHOOD in changes_page(client)
    approve(client, reference="Decision No. 20", approved_on="2023-06-01")
    page = changes_page(client)
    assert BROTHERHOOD not in page
    assert "Nothing has changed since." in page
    text = text_of(page)
    assert "Decision No. 20 (the baseline)" in text
    assert "Решение СКБ № 3 (earlier)" in text
    # and what changes after it is counted from it
    with app.app_context():
        event = event_named(BROTHERHOOD)
        service.update_event(
            event, EventData.from_event(event, start=date(2023, 9, 25), end=date(2023, 9, 29))
        )
        db.session.commit()
    block = text_of(block_of(changes_page(client), BROTHERHOOD))
    assert "Start 18 September 2023 25 September 2023" in block
    assert "1 revision since the approval" in block


def test_the_russian_page_has_no_english_words(client, auth, demo):
    client.set_cookie("lang", "ru")
    for role in (None, "admin"):
        if role:
            auth.login(role)
        html = changes_page(client)
        assert english_words(html, "ru", allowed={"ada"}) == []
        block = block_of(html, "Нерушимое братство-2023")  # its Russian title
        assert "Перенесено" in block
        assert "1 сентября 2023 г." in block and "18 сентября 2023 г." in block
        if role:
            assert "1 изменение после утверждения" in text_of(block)
            assert "система изменил(а)" in text_of(block)


def test_revisions_in_russian_with_kinds_statuses_and_reasons(app, client, auth, ids):
    event_id = add(app, three_days("Search-2023", date(2023, 9, 20), title_ru="Поиск-2023"))
    client.set_cookie("lang", "ru")
    auth.login("admin")
    approve(client, reference="№ 12")
    with app.app_context():
        service.cancel_event(db.session.get(Event, event_id), reason="Полигон затоплен")
        db.session.commit()
    html = changes_page(client)
    assert english_words(html, "ru", allowed={"ada"}) == []
    text = text_of(block_of(html, "Поиск-2023"))
    assert "Отменено" in text and "Причина: Полигон затоплен" in text


def test_a_get_never_writes(app, client, auth, demo):
    auth.login("admin")
    with app.app_context():
        before = (
            db.session.scalar(select(func.count(EventRevision.id))),
            db.session.scalar(select(func.count(PlanApproval.id))),
        )
    for lang in ("en", "ru"):
        client.set_cookie("lang", lang)
        changes_page(client)
    with app.app_context():
        after = (
            db.session.scalar(select(func.count(EventRevision.id))),
            db.session.scalar(select(func.count(PlanApproval.id))),
        )
    assert before == after


def test_the_snapshot_names_the_newest_revision_before_it(app, client, auth, ids):
    add(app, three_days("Search-2023", date(2023, 9, 20)))
    auth.login("admin")
    approve(client)
    with app.app_context():
        newest = db.session.scalar(select(func.max(EventRevision.id)))
        approval = db.session.scalar(select(PlanApproval))
        assert {entry[AS_OF] for entry in approval.snapshot} == {newest}


def test_visitors_see_what_changed_but_not_who_changed_it(client, demo):
    page = changes_page(client)
    block = text_of(block_of(page, BROTHERHOOD))
    assert "Start 1 September 2023 18 September 2023" in block
    assert "since the approval" not in block and "system" not in block


def test_edits_through_the_form_with_a_double_booking_saved_anyway(app, client, auth, ids):
    from .helpers import interaction_form, post_form, save_as_shown

    auth.login("admin")
    post_form(client, "/events/new", interaction_form(ids))
    search = interaction_form(
        ids,
        title="Search-2023",
        start_date="2023-10-02",
        end_date="2023-10-04",
        location_id=str(ids["palace"]),
    )
    assert post_form(client, "/events/new", search).status_code == 302
    approve(client)
    with app.app_context():
        event_id = event_named("Search-2023").id
    # first the place, then the dates onto Interaction-2023's (the same force), anyway
    assert save_as_shown(client, app, event_id, location_id=str(ids["belarus"])).status_code == 302
    saved = save_as_shown(
        client,
        app,
        event_id,
        start_date="2023-09-02",
        end_date="2023-09-04",
        confirm_conflicts="y",
        conflict_reason="Different battalions",
    )
    assert saved.status_code == 302
    text = text_of(block_of(changes_page(client), "Search-2023"))
    assert "Moved" in text and "2 revisions since the approval" in text
    assert "Start 2 October 2023 2 September 2023" in text
    assert "Place Palace of Independence, Minsk, Belarus Training grounds" in text
    assert text.count("ada edited") == 2
    assert "Saved despite a double booking (Interaction-2023): Different battalions" in text
