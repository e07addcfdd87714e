"""Series in feeds: one VEVENT with RRULE and EXDATE, overrides by RECURRENCE-ID of the
same value type and TZID as DTSTART, the client traps of issue 14 avoided, stored texts
kept current for the whole series, windows and single-event files holding a series whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from calendar_app.domain.events import EventData
from calendar_app.domain.filters import EventFilter
from calendar_app.events import bulk, service
from calendar_app.events import series as scopes
from calendar_app.extensions import db
from calendar_app.feeds.build import FeedRequest, assemble_feed, rebuild_feed
from calendar_app.feeds.ical import FeedOptions
from calendar_app.feeds.store import rebuild_all_texts
from calendar_app.models import Event

MOSCOW = ZoneInfo("Europe/Moscow")
NEW_YORK = ZoneInfo("America/New_York")
FROM_2019 = "/calendar.ics?from=2019-01-01"


def _weekly(title="Staff", rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=5", tz=MOSCOW, **extra) -> Event:
    start = datetime(2025, 6, 2, 10, tzinfo=tz)
    return service.create_event(
        EventData(
            title=title,
            kind="meeting",
            start=start,
            end=start + timedelta(hours=1),
            timezone=tz.key,
            rrule=rrule,
            **extra,
        )  # fmt: skip
    )


def _all_day(rrule="FREQ=WEEKLY;COUNT=4", title="Drill") -> Event:
    return service.create_event(
        EventData(
            title=title,
            kind="training",
            start=date(2025, 6, 6),
            end=date(2025, 6, 7),
            all_day=True,
            timezone="Europe/Moscow",
            rrule=rrule,
        )  # fmt: skip
    )


def _monday(day: int) -> datetime:
    return datetime(2025, 6, day, 7, tzinfo=UTC)  # 10:00 Moscow


def _vevents(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def _feed(client, url=FROM_2019) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return _vevents(response.data)


def _shape(prop) -> tuple:
    """A date-time property's value type and TZID."""
    params = prop.params if not isinstance(prop, list) else prop[0].params
    return (params.get("VALUE", "DATE-TIME"), params.get("TZID"))


def test_a_series_is_one_vevent_with_its_rule_and_exclusions_and_no_rdate(app, client):
    with app.app_context():
        event = _weekly()
        scopes.delete_occurrence(event, _monday(16))
        db.session.commit()
    body = client.get(FROM_2019).data
    (vevent,) = _vevents(body)
    assert vevent["rrule"].to_ical() == b"FREQ=WEEKLY;COUNT=5;BYDAY=MO"
    assert [d.dt for d in vevent["exdate"].dts] == [datetime(2025, 6, 16, 10, tzinfo=MOSCOW)]
    assert b"RDATE" not in body


def test_recurrence_ids_and_exclusions_have_the_type_and_zone_of_the_start(app, client):
    with app.app_context():
        timed = _weekly(tz=NEW_YORK)
        scopes.cancel_occurrence(timed, datetime(2025, 6, 9, 14, tzinfo=UTC))
        scopes.delete_occurrence(timed, datetime(2025, 6, 16, 14, tzinfo=UTC))
        days = _all_day()
        scopes.cancel_occurrence(days, date(2025, 6, 13))
        scopes.delete_occurrence(days, date(2025, 6, 20))
        db.session.commit()
    vevents = _feed(client)
    masters = {v["uid"]: v for v in vevents if "rrule" in v}
    overrides = [v for v in vevents if "recurrence-id" in v]
    assert len(masters) == 2 and len(overrides) == 2
    for override in overrides:
        master = masters[override["uid"]]
        assert _shape(override["recurrence-id"]) == _shape(master["dtstart"])
        assert _shape(master["exdate"]) == _shape(master["dtstart"])
        assert str(override["status"]) == "CANCELLED"
    shapes = {_shape(m["dtstart"]) for m in masters.values()}
    assert shapes == {("DATE-TIME", "America/New_York"), ("DATE", None)}


def test_until_is_utc_for_a_timed_series_and_a_date_for_an_all_day_one(app, client):
    with app.app_context():
        _weekly(rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630")
        _all_day(rrule="FREQ=WEEKLY;UNTIL=20250627T120000Z")
        db.session.commit()
    lines = [line for line in client.get(FROM_2019).data.split(b"\r\n") if b"RRULE" in line]
    assert sorted(lines) == [
        b"RRULE:FREQ=WEEKLY;UNTIL=20250627",
        b"RRULE:FREQ=WEEKLY;UNTIL=20250630T205959Z;BYDAY=MO",  # 23:59:59 in Moscow
    ]


def test_a_rule_of_one_occurrence_is_written_as_a_single_event(app, client):
    with app.app_context():
        _weekly(title="Annual session", rrule="FREQ=YEARLY;COUNT=1")
        db.session.commit()
    body = client.get(FROM_2019).data
    (vevent,) = _vevents(body)
    assert "rrule" not in vevent and "recurrence-id" not in vevent
    assert vevent.decoded("dtstart") == datetime(2025, 6, 2, 10, tzinfo=MOSCOW)
    assert b"COUNT=1" not in body


def test_a_series_left_with_one_overridden_occurrence_writes_only_that_one(app, client):
    with app.app_context():
        event = _weekly(rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=2")
        data = scopes.occurrence_data(event, _monday(2))
        scopes.edit_occurrence(event, _monday(2), replace(data, title="Kick-off"))
        scopes.delete_following(event, _monday(9))
        db.session.commit()
        uid = event.uid
    (vevent,) = _feed(client)
    assert str(vevent["summary"]) == "Kick-off" and str(vevent["uid"]).startswith(uid)
    assert "rrule" not in vevent and "recurrence-id" not in vevent


def test_a_deleted_override_leaves_its_occurrence_excluded(app, client):
    with app.app_context():
        event = _weekly()
        override = scopes.cancel_occurrence(event, _monday(9))
        service.delete_event(override)
        db.session.commit()
    (vevent,) = _feed(client)
    assert [d.dt for d in vevent["exdate"].dts] == [datetime(2025, 6, 9, 10, tzinfo=MOSCOW)]


def test_sequence_rises_with_the_rule_exclusions_time_and_status_not_the_title(app, client):
    def sequence() -> int:
        (master,) = [v for v in _feed(client) if "rrule" in v]
        return int(master["sequence"])

    with app.app_context():
        event = _weekly()
        db.session.commit()
        event_id = event.id
    seen = [sequence()]
    changes = [
        lambda e: replace(EventData.from_event(e), title="Staff meeting"),
        lambda e: replace(EventData.from_event(e), rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=6"),
        lambda e: replace(EventData.from_event(e), exdates=(_monday(23),)),
        lambda e: replace(EventData.from_event(e), status="planned"),
        lambda e: replace(
            EventData.from_event(e),
            start=e.starts_at + timedelta(hours=1),
            end=e.ends_at + timedelta(hours=1),
        ),  # fmt: skip
    ]
    for change in changes:
        with app.app_context():
            event = db.session.get(Event, event_id)
            scopes.update_series(event, change(event))
            db.session.commit()
        seen.append(sequence())
    assert seen == [0, 0, 1, 2, 3, 4]


def test_an_override_never_has_a_sequence_below_its_series(app, client):
    with app.app_context():
        event = _weekly()
        scopes.cancel_occurrence(event, _monday(9))
        scopes.delete_occurrence(event, _monday(16))  # the series' SEQUENCE rises
        db.session.commit()
    vevents = _feed(client)
    (master,) = [v for v in vevents if "rrule" in v]
    (override,) = [v for v in vevents if "recurrence-id" in v]
    assert int(override["sequence"]) >= int(master["sequence"]) == 1


def _assert_stored_equals_rebuilt(app) -> None:
    with app.app_context():
        request = FeedRequest(True, EventFilter(), datetime(2000, 1, 1, tzinfo=UTC), None)
        options = FeedOptions(name="All")
        assert assemble_feed(request, options) == rebuild_feed(request, options)


def test_stored_texts_of_a_series_and_its_overrides_stay_current_through_every_scope(app):
    steps = [
        lambda e: scopes.cancel_occurrence(e, _monday(9)),
        lambda e: scopes.edit_occurrence(
            e, _monday(16), replace(scopes.occurrence_data(e, _monday(16)), title="Moved")
        ),
        lambda e: scopes.delete_occurrence(e, _monday(23)),
        lambda e: scopes.update_series(e, replace(EventData.from_event(e), timezone="Asia/Almaty")),
        lambda e: service.delete_event(scopes.find_override(e, _monday(9))),
        lambda e: scopes.split_series(
            e, _monday(30), replace(scopes.occurrence_data(e, _monday(30)), rrule=e.rrule)
        ),
        lambda e: scopes.delete_following(e, _monday(16)),
    ]
    with app.app_context():
        event = _weekly(rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=8")
        db.session.commit()
        event_id = event.id
    for step in steps:
        with app.app_context():
            step(db.session.get(Event, event_id))
            db.session.commit()
        _assert_stored_equals_rebuilt(app)


def test_bulk_created_series_are_stored_as_series(app, client):
    start = datetime(2025, 6, 2, 10, tzinfo=MOSCOW)
    data = EventData(title="Imported", kind="meeting", start=start, end=start + timedelta(hours=1),
                     timezone="Europe/Moscow", rrule="FREQ=WEEKLY;COUNT=3")  # fmt: skip
    with app.app_context():
        bulk.create_events([data, replace(data, rrule="FREQ=YEARLY;COUNT=1", title="Once")])
        db.session.commit()
    vevents = {str(v["summary"]): v for v in _feed(client)}
    assert "rrule" in vevents["Imported"] and "rrule" not in vevents["Once"]
    _assert_stored_equals_rebuilt(app)


def test_feeds_rebuild_renders_stored_texts_of_series(app, client):
    with app.app_context():
        event = _weekly()
        db.session.commit()
        db.session.execute(db.update(Event).values(ics_text="stale"))
        rebuild_all_texts()
        db.session.commit()
        text = db.session.scalar(db.select(Event.ics_text).where(Event.id == event.id))
    assert "RRULE:FREQ=WEEKLY;COUNT=5;BYDAY=MO" in text


def test_a_window_holds_every_series_with_an_occurrence_in_it(app, client):
    with app.app_context():
        start = datetime(2019, 1, 1, 9, tzinfo=MOSCOW)
        for title, rrule in [("Standing", "FREQ=WEEKLY"), ("Ended", "FREQ=WEEKLY;COUNT=3")]:
            service.create_event(
                EventData(
                    title=title,
                    kind="meeting",
                    start=start,
                    end=start + timedelta(hours=1),
                    timezone="Europe/Moscow",
                    rrule=rrule,
                )  # fmt: skip
            )
        _weekly(title="Later", rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=2")
        db.session.commit()
    window = "/calendar.ics?from=2025-01-01&to=2025-03-31"
    assert [str(v["summary"]) for v in _feed(client, window)] == ["Standing"]
    assert {str(v["summary"]) for v in _feed(client, FROM_2019)} == {"Standing", "Ended", "Later"}


def test_an_occurrence_moved_into_a_window_brings_its_series(app, client):
    with app.app_context():
        event = _weekly(rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=2")
        later = datetime(2025, 8, 4, 10, tzinfo=MOSCOW)
        data = scopes.occurrence_data(event, _monday(9))
        scopes.edit_occurrence(event, _monday(9), replace(data, start=later,
                                                          end=later + timedelta(hours=1)))  # fmt: skip
        db.session.commit()
    vevents = _feed(client, "/calendar.ics?from=2025-08-01&to=2025-08-31")
    assert sorted("recurrence-id" in v for v in vevents) == [False, True]


def test_overrides_never_appear_without_their_series(app, client):
    with app.app_context():
        event = _weekly()
        scopes.cancel_occurrence(event, _monday(9))
        service.delete_event(event)  # the series alone, as an admin's delete does
        db.session.commit()
    assert _feed(client) == []


def test_a_filtered_feed_holds_a_series_whole(app, client):
    with app.app_context():
        event = _weekly()
        scopes.cancel_occurrence(event, _monday(9))
        _all_day()
        db.session.commit()
    meetings = _feed(client, FROM_2019 + "&kind=meeting")
    assert [("rrule" in v, "recurrence-id" in v) for v in meetings] == [
        (True, False),
        (False, True),
    ]
    assert [str(v["summary"]) for v in _feed(client, FROM_2019 + "&kind=training")] == ["Drill"]


def test_the_file_of_a_series_or_of_one_override_holds_the_series_with_its_overrides(app, client):
    with app.app_context():
        event = _weekly()
        override = scopes.cancel_occurrence(event, _monday(9))
        _weekly(title="Unrelated")
        db.session.commit()
        ids = [event.id, override.id]
    for event_id in ids:
        vevents = _vevents(client.get(f"/events/{event_id}.ics").data)
        assert sorted(("rrule" in v, "recurrence-id" in v) for v in vevents) == [
            (False, True),
            (True, False),
        ]
        assert {str(v["summary"]) for v in vevents} == {"Staff"}
