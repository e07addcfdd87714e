"""How dates read on pages: one style everywhere, no zero-padded days."""

from datetime import date, datetime

from calendar_app.schedule.formatting import date_range, long_date, short_date, short_range


def test_short_dates_have_no_leading_zero_and_times_when_given():
    assert short_date(date(2023, 9, 7)) == "7 Sep 2023"
    assert short_date(datetime(2023, 9, 7, 9, 5)) == "7 Sep 2023 09:05"
    assert short_date(datetime(2023, 9, 7, 9, 5), with_time=False) == "7 Sep 2023"


def test_ranges_name_each_month_and_year_once():
    assert long_date(date(2026, 11, 4)) == "Wednesday 4 November 2026"
    assert date_range(date(2023, 9, 1), date(2023, 9, 6)) == "1 – 6 September 2023"
    assert date_range(date(2026, 11, 27), date(2026, 12, 3)) == "27 November – 3 December 2026"
    assert date_range(date(2026, 12, 30), date(2027, 1, 2)) == "30 December 2026 – 2 January 2027"
    assert short_range(date(2026, 11, 27), date(2026, 12, 3)) == "27 Nov – 3 Dec"


def test_one_span_text_serves_the_event_page_and_the_schedule():
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from calendar_app.events.display import when as page_when
    from calendar_app.schedule.formatting import span_text
    from calendar_app.schedule.formatting import when as schedule_when
    from calendar_app.schedule.month import occurrence

    assert span_text(date(2023, 9, 1), date(2023, 9, 6)) == "1 – 6 September 2023, all day"
    start, end = datetime(2024, 7, 19, 17, 0), datetime(2024, 7, 19, 20, 0)
    assert span_text(start.date(), end.date(), start, end) == "19 July 2024, 17:00 – 20:00"
    late = datetime(2024, 7, 20, 1, 0)
    assert (
        span_text(start.date(), late.date(), start, late)
        == "19 July 2024 17:00 – 20 July 2024 01:00"
    )
    utc = ZoneInfo("UTC")
    event = SimpleNamespace(
        all_day=False,
        start_date=date(2024, 7, 19),
        end_date=date(2024, 7, 19),
        starts_at=datetime(2024, 7, 19, 14, 0, tzinfo=utc),
        ends_at=datetime(2024, 7, 19, 17, 0, tzinfo=utc),
        timezone="Europe/Moscow",
    )
    on_page = page_when(event, "Europe/Moscow").text
    assert on_page == schedule_when(occurrence(event, ZoneInfo("Europe/Moscow")))
    assert on_page == "19 July 2024, 17:00 – 20:00"
