"""Feeds in Russian (issue 16 §5): ?lang=ru writes the Russian texts where there are any
(LANGUAGE=ru on them), the fixed words and the calendar's name in Russian, under its own
ETag; the English feed (no lang, or lang=en) stays what it always was."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from icalendar import Calendar

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.feeds.build import FeedRequest, assemble_feed, rebuild_feed
from calendar_app.feeds.routes import feed_options
from calendar_app.models import Event, Force, Location

from .feeds_helpers import TODAY, add_event
from .parsers import PARSERS, icaljs_raw, with_icalendar

pytestmark = pytest.mark.usefixtures("empty_feed_cache")

RU_TITLE = "Взаимодействие-2023"


def _bilingual_event(app) -> int:
    with app.app_context():
        crrf = Force(
            name="Collective Rapid Reaction Forces",
            slug="crrf",
            name_ru="Коллективные силы оперативного реагирования",
        )
        brest = Location(
            name="Brestsky range",
            name_ru="Брестский полигон",
            city="Brest",
            city_ru="Брест",
            country="BY",
            timezone="Europe/Minsk",
        )
        db.session.add_all([crrf, brest])
        db.session.commit()
        return add_event(
            "Interaction-2023",
            title_ru=RU_TITLE,
            description="Joint exercise.",
            description_ru="Совместное учение.",
            participants="Staff of the CRRF",
            force_ids=[crrf.id],
            location_id=brest.id,
        )


def _vevent(body: bytes):
    return next(iter(Calendar.from_ical(body).walk("VEVENT")))


def test_the_russian_feed_writes_the_russian_texts_with_their_language(client, app):
    _bilingual_event(app)
    english = client.get("/calendar.ics")
    russian = client.get("/calendar.ics?lang=ru")
    assert russian.status_code == 200 and russian.mimetype == "text/calendar"
    assert b"SUMMARY;LANGUAGE=ru:" + RU_TITLE.encode() in russian.data
    event = _vevent(russian.data)
    assert str(event["SUMMARY"]) == RU_TITLE
    assert event["SUMMARY"].params["LANGUAGE"] == "ru"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Совместное учение.")
    assert "Участвующие силы: Коллективные силы оперативного реагирования" in description
    assert "Участники: Staff of the CRRF" in description
    assert "/events/" in description  # the event page's link
    assert event["DESCRIPTION"].params["LANGUAGE"] == "ru"
    assert str(event["LOCATION"]) == "Брестский полигон, Брест, Беларусь"
    assert event["LOCATION"].params["LANGUAGE"] == "ru"
    calendar = Calendar.from_ical(russian.data)
    assert str(calendar["X-WR-CALNAME"]) == "Календарь Секретариата ОДКБ"
    assert str(calendar["NAME"]) == "Календарь Секретариата ОДКБ"
    assert "Общедоступные события" in str(calendar["X-WR-CALDESC"])

    # The English feed: no Russian, no LANGUAGE parameter, the same with lang=en.
    assert b"LANGUAGE" not in english.data and RU_TITLE.encode() not in english.data
    assert "Participating forces: Collective Rapid Reaction Forces" in str(
        _vevent(english.data)["DESCRIPTION"]
    )
    assert str(Calendar.from_ical(english.data)["X-WR-CALNAME"]) == "CSTO Secretariat calendar"
    assert client.get("/calendar.ics?lang=en").data == english.data


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_reads_the_russian_feed(client, app, parser):
    _bilingual_event(app)
    rows = PARSERS[parser](client.get("/calendar.ics?lang=ru").data)
    assert [row["summary"] for row in rows] == [RU_TITLE]
    assert "Участвующие силы:" in rows[0]["description"]
    assert rows[0]["location"] == "Брестский полигон, Брест, Беларусь"
    english = PARSERS[parser](client.get("/calendar.ics").data)
    assert [row["summary"] for row in english] == ["Interaction-2023"]
    # Everything but the texts is the same event.
    same = ("uid", "status", "sequence", "start", "end")
    assert [{k: r[k] for k in same} for r in rows] == [{k: r[k] for k in same} for r in english]


def test_icaljs_sees_the_language_parameter(client, app):
    _bilingual_event(app)
    parsed = icaljs_raw(client.get("/calendar.ics?lang=ru").data)
    assert parsed["events"][0]["summary"] == RU_TITLE


def test_each_language_has_its_etag_stable_bytes_and_304(client, app):
    _bilingual_event(app)
    english, russian = client.get("/calendar.ics"), client.get("/calendar.ics?lang=ru")
    assert english.headers["ETag"] != russian.headers["ETag"]
    for url, first in (("/calendar.ics", english), ("/calendar.ics?lang=ru", russian)):
        again = client.get(url)
        assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
        revalidated = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert revalidated.status_code == 304 and not revalidated.data
    # Each kept file is its language's: the English one never answers a Russian request.
    app.extensions["feed_files"].clear()
    assert client.get("/calendar.ics?lang=ru").data == russian.data
    assert client.get("/calendar.ics").data == english.data


def test_the_russian_feed_is_what_a_fresh_rendering_gives(app):
    _bilingual_event(app)
    with app.test_request_context("/calendar.ics?lang=ru"):
        from calendar_app.domain.filters import EventFilter
        from calendar_app.feeds.build import parse_window

        start, end = parse_window({}, 30, TODAY)
        for language in ("en", "ru"):
            feed = FeedRequest(False, EventFilter(), start, end, language=language)
            options = feed_options(feed)
            assert assemble_feed(feed, options) == rebuild_feed(feed, options)


def test_an_untranslated_event_keeps_its_english_title_without_a_language(client, app):
    with app.app_context():
        add_event("Talks", description="In English only.")
    event = _vevent(client.get("/calendar.ics?lang=ru").data)
    assert str(event["SUMMARY"]) == "Talks"
    assert "LANGUAGE" not in event["SUMMARY"].params
    # Its own text is English: the Russian fixed words mix with it, no LANGUAGE then.
    assert "LANGUAGE" not in event["DESCRIPTION"].params
    assert b"LANGUAGE=ru" not in client.get("/calendar.ics?lang=ru").data


@pytest.mark.parametrize("value", ["xx", "de", "ru,en", "e"])
def test_an_unknown_language_is_400(client, app, value):
    for url in ("/calendar.ics", "/events/1.ics"):
        response = client.get(f"{url}?lang={value}")
        assert response.status_code in (400, 404)
    response = client.get(f"/calendar.ics?lang={value}")
    assert response.status_code == 400
    assert "'lang' must be one of 'en', 'ru'" in unescape(response.get_data(as_text=True))
    russian = client.get(f"/calendar.ics?lang={value}", headers={"Accept-Language": "ru"})
    assert "«lang» должен быть одним из: 'en', 'ru'" in unescape(russian.get_data(as_text=True))


def test_one_event_and_private_feeds_take_the_language(client, app, auth):
    event_id = _bilingual_event(app)
    with app.app_context():
        add_event("Staff meeting", visibility="internal", title_ru="Совещание сотрудников")
    single = client.get(f"/events/{event_id}.ics?lang=ru")
    assert single.status_code == 200
    assert str(_vevent(single.data)["SUMMARY"]) == RU_TITLE
    english_single = client.get(f"/events/{event_id}.ics")
    assert str(_vevent(english_single.data)["SUMMARY"]) == "Interaction-2023"
    assert single.headers["ETag"] != english_single.headers["ETag"]
    assert client.get(f"/events/{event_id}.ics?lang=xx").status_code == 400

    from calendar_app.feeds.subscriptions import private_token
    from calendar_app.models import User

    user_id = auth.login("viewer")
    with app.app_context():
        token = private_token(db.session.get(User, user_id))
    private = client.get(f"/feeds/{token}/calendar.ics?lang=ru")
    titles = sorted(row["summary"] for row in with_icalendar(private.data))
    assert titles == sorted([RU_TITLE, "Совещание сотрудников"])
    assert "Общедоступные и служебные события" in str(
        Calendar.from_ical(private.data)["X-WR-CALDESC"]
    )
    assert client.get(f"/feeds/{token}/calendar.ics?lang=xx").status_code == 400


def test_a_filtered_russian_feed_is_named_in_russian(client, app):
    _bilingual_event(app)
    response = client.get("/calendar.ics?lang=ru&kind=training&force=crrf&country=BY")
    name = str(Calendar.from_ical(response.data)["X-WR-CALNAME"])
    assert name == (
        "Календарь Секретариата ОДКБ — Учения · Коллективные силы оперативного реагирования"
        " · Беларусь"
    )
    english = client.get("/calendar.ics?kind=training&force=crrf&country=BY")
    assert str(Calendar.from_ical(english.data)["X-WR-CALNAME"]) == (
        "CSTO Secretariat calendar — training · Collective Rapid Reaction Forces · Belarus"
    )


@pytest.mark.parametrize("parser", PARSERS)
def test_a_series_with_an_override_in_russian(client, app, parser):
    with app.app_context():
        first = TODAY + timedelta(days=7)
        data = EventData(
            title="Weekly briefing",
            title_ru="Еженедельный брифинг",
            kind="meeting",
            all_day=True,
            start=first,
            end=first,
            timezone="Europe/Moscow",
            rrule="FREQ=WEEKLY;COUNT=4",
        )
        series = service.create_event(data)
        db.session.commit()
        series_id = series.id
    feed = client.get("/calendar.ics?lang=ru").data
    assert b"RRULE:FREQ=WEEKLY;COUNT=4" in feed
    assert b"SUMMARY;LANGUAGE=ru:" + "Еженедельный брифинг".encode() in feed
    rows = PARSERS[parser](feed)
    assert [row["summary"] for row in rows] == ["Еженедельный брифинг"]
    with app.app_context():
        assert db.session.get(Event, series_id).ics_text.count("LANGUAGE") == 0  # stored: English


def test_the_subscribe_page_offers_both_languages(client, app):
    english = client.get("/subscribe").get_data(as_text=True)
    assert 'value="https://calendar.test/calendar.ics"' in english  # as it always was
    assert 'value="https://calendar.test/calendar.ics?lang=ru"' in english
    assert english.index("Calendar address, events in English") < english.index(
        "Calendar address, events in Russian"
    )
    assert 'data-copy="url-public-ru"' in english and 'data-copy="url-public-en"' in english
    client.set_cookie("lang", "ru")
    russian = client.get("/subscribe").get_data(as_text=True)
    assert "Подписка на календарь" in russian
    assert russian.index("события на русском") < russian.index("события на английском")
    from tests.i18n_check import english_words

    assert english_words(russian, "ru") == []
