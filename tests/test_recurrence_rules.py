"""The repeat rule kernel (domain/recurrence.py): reading, writing, words and expansion,
each rule shape the secretariat uses, without a request or a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendar_app.domain.recurrence import (
    RuleError,
    Series,
    all_occurrences,
    describe_rule,
    extent,
    follow_start,
    format_rule,
    normalized,
    occurrence_key,
    occurrences_between,
    parse_occurrence_key,
    parse_rule,
)

NY = ZoneInfo("America/New_York")
ALMATY = ZoneInfo("Asia/Almaty")


def _timed(rule: str, local: datetime, tz: str, hours: int = 1, **kw) -> Series:
    rule_value = normalized(parse_rule(rule), False, tz)
    return Series(rule_value, local.astimezone(UTC), timedelta(hours=hours), tz, **kw)


def _all_day(rule: str, first: date, days: int = 1, **kw) -> Series:
    return Series(normalized(parse_rule(rule), True, "UTC"), first, timedelta(days=days), "UTC",
                  all_day=True, **kw)  # fmt: skip


def _window(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime(*first.timetuple()[:3], tzinfo=UTC), datetime(*last.timetuple()[:3], tzinfo=UTC)


def test_weekly_keeps_new_york_wall_clock_across_dst():
    series = _timed(
        "FREQ=WEEKLY;COUNT=4", datetime(2025, 3, 3, 9, 0, tzinfo=NY), "America/New_York"
    )
    local = [o.astimezone(NY) for o in all_occurrences(series)]
    assert [(o.day, o.hour) for o in local] == [(3, 9), (10, 9), (17, 9), (24, 9)]
    assert {o.utcoffset() for o in local} == {timedelta(hours=-5), timedelta(hours=-4)}


def test_almaty_keeps_local_time_across_its_2024_offset_change():
    series = _timed(
        "FREQ=WEEKLY;COUNT=3", datetime(2024, 2, 23, 10, 0, tzinfo=ALMATY), "Asia/Almaty"
    )
    found = all_occurrences(series)
    assert [o.astimezone(ALMATY).hour for o in found] == [10, 10, 10]
    assert [o.hour for o in found] == [4, 5, 5]  # +06 until 2024-03-01, +05 from then


def test_monthly_second_monday_and_last_friday():
    second_monday = _all_day("FREQ=MONTHLY;BYDAY=2MO;COUNT=3", date(2025, 1, 13))
    assert all_occurrences(second_monday) == [
        date(2025, 1, 13),
        date(2025, 2, 10),
        date(2025, 3, 10),
    ]
    last_friday = _all_day("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", date(2025, 1, 31))
    assert all_occurrences(last_friday) == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 28)]


def test_monthly_on_the_31st_skips_shorter_months():
    series = _all_day("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4", date(2025, 1, 31))
    assert all_occurrences(series) == [
        date(2025, 1, 31), date(2025, 3, 31), date(2025, 5, 31), date(2025, 7, 31)
    ]  # fmt: skip


def test_yearly_on_29_february_only_in_leap_years():
    series = _all_day("FREQ=YEARLY;COUNT=3", date(2024, 2, 29))
    assert all_occurrences(series) == [date(2024, 2, 29), date(2028, 2, 29), date(2032, 2, 29)]


def test_every_two_weeks_on_two_weekdays_until_a_date():
    series = _timed("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20250130", datetime(2025, 1, 6, 10, tzinfo=NY),
                    "America/New_York")  # fmt: skip
    days = [o.astimezone(NY).date() for o in all_occurrences(series)]
    assert days == [date(2025, 1, 6), date(2025, 1, 9), date(2025, 1, 20), date(2025, 1, 23)]
    assert series.rule.until == datetime(2025, 1, 31, 4, 59, 59, tzinfo=UTC)  # the day's end, UTC


def test_a_window_expands_only_what_it_meets_and_leaves_out_exdates():
    excluded = date(2025, 2, 3)
    series = _all_day("FREQ=WEEKLY", date(2025, 1, 6), exdates=frozenset({excluded}))
    found = occurrences_between(series, *_window(date(2025, 2, 1), date(2025, 2, 15)))
    assert found == [date(2025, 2, 10)]
    assert excluded in occurrences_between(series, *_window(date(2025, 2, 1), date(2025, 2, 15)),
                                           excluded=True)  # fmt: skip


def test_a_three_day_monthly_series_meets_a_window_it_started_before():
    series = _all_day("FREQ=MONTHLY;BYMONTHDAY=30", date(2025, 1, 30), days=3)
    found = occurrences_between(series, *_window(date(2025, 2, 1), date(2025, 2, 2)))
    assert found == [date(2025, 1, 30)]


def test_extent_of_bounded_and_endless_series():
    bounded = extent(_all_day("FREQ=DAILY;COUNT=10", date(2025, 1, 1)))
    assert (bounded.first, bounded.count) == (date(2025, 1, 1), 10)
    assert bounded.last_end == datetime(2025, 1, 11, tzinfo=UTC)
    endless = extent(_all_day("FREQ=WEEKLY", date(2025, 1, 1)))
    assert (endless.last_end, endless.count) == (None, None)


def test_a_start_the_rule_does_not_match_moves_to_its_first_occurrence():
    series = _all_day("FREQ=WEEKLY;BYDAY=MO", date(2025, 1, 1))  # a Wednesday
    assert extent(series).first == date(2025, 1, 6)


@pytest.mark.parametrize(
    ("rule", "first", "message"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2025, 1, 1), "gives no occurrence"),
        ("FREQ=DAILY;UNTIL=20241231", date(2025, 1, 1), "ends before"),
        ("FREQ=DAILY;UNTIL=20300101", date(2025, 1, 1), "more than 1000"),
    ],
)
def test_rules_that_cannot_be_kept_say_why(rule, first, message):
    with pytest.raises(RuleError, match=message):
        extent(_all_day(rule, first))


@pytest.mark.parametrize(
    "text",
    [
        "", "FREQ=HOURLY", "FREQ=WEEKLY;BYHOUR=9", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;COUNT=0",
        "FREQ=WEEKLY;COUNT=2;UNTIL=20250101", "FREQ=MONTHLY;BYDAY=9MO", "FREQ=WEEKLY;INTERVAL=x",
        "FREQ=DAILY;FOO=1", "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=WEEKLY;COUNT=5000",
        "FREQ=WEEKLY;UNTIL=20251301", "FREQ=MONTHLY;BYSETPOS=1",
    ],
)  # fmt: skip
def test_unusable_rule_text_is_refused(text):
    with pytest.raises(RuleError):
        parse_rule(text)


def test_rule_text_is_written_in_one_order():
    rule = parse_rule("RRULE:byday=TH,MO;interval=2;freq=weekly;until=20250630")
    assert format_rule(rule) == "FREQ=WEEKLY;INTERVAL=2;UNTIL=20250630;BYDAY=TH,MO"
    assert format_rule(parse_rule(format_rule(rule))) == format_rule(rule)


@pytest.mark.parametrize(
    ("rule", "first", "words"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20250630", date(2025, 1, 6),
         "Every 2 weeks on Monday and Thursday, until 30 June 2025"),
        ("FREQ=WEEKLY", date(2025, 1, 6), "Weekly on Monday"),
        ("FREQ=DAILY;COUNT=5", date(2025, 1, 6), "Daily, 5 times"),
        ("FREQ=MONTHLY;BYDAY=2TU", date(2025, 1, 14), "Monthly on the second Tuesday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", date(2025, 1, 31), "Monthly on the last Friday"),
        ("FREQ=MONTHLY", date(2025, 1, 31), "Monthly on day 31"),
        ("FREQ=YEARLY", date(2024, 2, 29), "Annually on 29 February"),
        ("FREQ=MONTHLY;INTERVAL=3;COUNT=1", date(2025, 1, 5), "Every 3 months on day 5, once"),
    ],
)  # fmt: skip
def test_rules_in_words(rule, first, words):
    assert describe_rule(parse_rule(rule), first) == words


def test_occurrence_keys_round_trip():
    instant = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)
    assert occurrence_key(instant) == "20250106T070000Z"
    assert parse_occurrence_key("20250106T070000Z") == instant
    assert parse_occurrence_key("20250106") == date(2025, 1, 6)
    assert parse_occurrence_key("20251306") is None
    assert parse_occurrence_key("monday") is None


def test_a_moved_occurrence_takes_its_rule_with_it():
    weekly = parse_rule("FREQ=WEEKLY;BYDAY=MO")
    assert (
        format_rule(follow_start(weekly, date(2025, 1, 6), date(2025, 1, 7)))
        == "FREQ=WEEKLY;BYDAY=TU"
    )
    monthly = parse_rule("FREQ=MONTHLY;BYDAY=2TU")
    moved = follow_start(monthly, date(2025, 1, 14), date(2025, 1, 16))
    assert format_rule(moved) == "FREQ=MONTHLY;BYDAY=3TH"


def test_a_weekly_rule_keeps_its_set_positions_as_the_weekdays_they_pick():
    # Readers count a mid-week first week differently; the weekdays mean the same to all.
    assert format_rule(parse_rule("FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=2")) == "FREQ=WEEKLY;BYDAY=TU"
    assert (
        format_rule(parse_rule("FREQ=WEEKLY;BYDAY=FR,MO,WE;BYSETPOS=1,-1;COUNT=4"))
        == "FREQ=WEEKLY;COUNT=4;BYDAY=MO,FR"
    )
    # The week's order starts at WKST: from Sunday, SU comes first.
    assert "BYDAY=SU" in format_rule(parse_rule("FREQ=WEEKLY;WKST=SU;BYDAY=MO,SU;BYSETPOS=1"))
    for text in ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=3", "FREQ=WEEKLY;BYDAY=MO;BYMONTH=1;BYSETPOS=1"):
        with pytest.raises(RuleError):
            parse_rule(text)
