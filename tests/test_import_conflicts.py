"""An import's preview warns of double bookings (with stored events and within the file)
and still imports: warnings never block."""

from datetime import date

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.imports.importer import plan_import
from calendar_app.models import Location

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:briefing-1@example.org
DTSTART;TZID=Europe/Minsk:20230904T100000
DTEND;TZID=Europe/Minsk:20230904T120000
SUMMARY:Briefing on the ranges
LOCATION:Palace of Independence
END:VEVENT
BEGIN:VEVENT
UID:briefing-2@example.org
DTSTART;TZID=Europe/Minsk:20230910T100000
DTEND;TZID=Europe/Minsk:20230910T120000
SUMMARY:Press day
LOCATION:Palace of Independence
END:VEVENT
BEGIN:VEVENT
UID:briefing-3@example.org
DTSTART;TZID=Europe/Minsk:20230910T110000
DTEND;TZID=Europe/Minsk:20230910T130000
SUMMARY:Delegation visit
LOCATION:Palace of Independence
END:VEVENT
END:VCALENDAR
"""


def test_the_preview_warns_of_double_bookings_and_the_import_goes_on(app):
    with app.app_context():
        palace = service.save_location(
            Location(), {"name": "Palace of Independence", "timezone": "Europe/Minsk"}
        )
        service.create_event(
            EventData(
                title="Council session",
                kind="session",
                start=date(2023, 9, 4),
                end=date(2023, 9, 4),
                all_day=True,
                timezone="Europe/Minsk",
                location_id=palace.id,
            )  # fmt: skip
        )
        db.session.commit()
        plan = plan_import(ICS.encode(), window=(date(2023, 1, 1), date(2024, 1, 1)))
        by_title = {c.title: c for c in plan.changes}
        assert [c.action for c in plan.changes] == ["new", "new", "new"]
        assert by_title["Briefing on the ranges"].warnings == [
            "Double-books the venue Palace of Independence with “Council session” (4 September 2023)."
        ]
        assert any("“Delegation visit”" in w for w in by_title["Press day"].warnings)
        assert any("“Press day”" in w for w in by_title["Delegation visit"].warnings)


def test_a_russian_preview_names_the_other_event_place_and_dates_in_russian(app):
    from calendar_app.i18n.messages import translate

    with app.app_context():
        palace = service.save_location(
            Location(),
            {"name": "Palace of Independence", "name_ru": "Дворец Независимости",
             "timezone": "Europe/Minsk"},
        )  # fmt: skip
        service.create_event(
            EventData(
                title="Council session",
                title_ru="Сессия Совета",
                kind="session",
                start=date(2023, 9, 4),
                end=date(2023, 9, 4),
                all_day=True,
                timezone="Europe/Minsk",
                location_id=palace.id,
            )  # fmt: skip
        )
        db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        plan = plan_import(ICS.encode(), window=(date(2023, 1, 1), date(2024, 1, 1)))
        briefing = next(c for c in plan.changes if c.title == "Briefing on the ranges")
        assert [translate(w) for w in briefing.warnings] == [
            "Занимает место Дворец Независимости одновременно с событием «Сессия Совета» "
            "(4 сентября 2023 г.)."
        ]
