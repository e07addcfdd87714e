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
