"""The month grid as a pure function: no app, no request, no database."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from calendar_app.schedule.month import (
    CalendarEvent,
    agenda,
    events_on,
    grid_range,
    month_grid,
    occurrence,
    utc_window,
)

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
_ids = iter(range(1, 10_000))


def all_day(first: date, last: date, title="All day", **extra) -> CalendarEvent:
    return CalendarEvent(
        id=next(_ids),
        title=title,
        kind=extra.pop("kind", "training"),
        status=extra.pop("status", "confirmed"),
        all_day=True,
        start_date=first,
        end_date=last,
        starts_at=datetime(first.year, first.month, first.day, tzinfo=UTC),
        ends_at=datetime(last.year, last.month, last.day, tzinfo=UTC),
        **extra,
    )


def timed(start: datetime, end: datetime, title="Timed", zone="UTC") -> CalendarEvent:
    tz = ZoneInfo(zone)
    return CalendarEvent(
        id=next(_ids),
        title=title,
        kind="meeting",
        status="confirmed",
        all_day=False,
        start_date=start.astimezone(tz).date(),
        end_date=end.astimezone(tz).date(),
        starts_at=start.astimezone(UTC),
        ends_at=end.astimezone(UTC),
        timezone=zone,
    )


def segments_of(grid, title):
    return [
        (week_index, s.column, s.span, s.continues_before, s.continues_after)
        for week_index, week in enumerate(grid.weeks)
        for s in week.segments
        if s.event.title == title
    ]


def test_grid_is_whole_weeks_starting_monday_with_neighbouring_days_muted():
    grid = month_grid(2023, 9, [], MOSCOW)
    assert grid.first_day == date(2023, 8, 28) and grid.last_day == date(2023, 10, 1)
    assert len(grid.weeks) == 5 and all(len(w.days) == 7 for w in grid.weeks)
    first_week = grid.weeks[0].days
    assert [d.in_month for d in first_week] == [False] * 4 + [True] * 3
    assert [d.is_weekend for d in first_week] == [False] * 5 + [True] * 2


def test_first_weekday_sunday_moves_the_columns():
    grid = month_grid(2023, 9, [], MOSCOW, first_weekday=6)
    assert grid.weekdays == [6, 0, 1, 2, 3, 4, 5]
    assert grid.first_day == date(2023, 8, 27) and grid.first_day.weekday() == 6
    assert grid.last_day == date(2023, 9, 30)


def test_today_is_marked():
    grid = month_grid(2023, 9, [], MOSCOW, today=date(2023, 9, 14))
    marked = [d.date for w in grid.weeks for d in w.days if d.is_today]
    assert marked == [date(2023, 9, 14)]


def test_month_long_event_is_one_bar_per_week_row_clipped_at_week_edges():
    grid = month_grid(2023, 9, [all_day(date(2023, 9, 1), date(2023, 9, 30), "Ex")], MOSCOW)
    assert segments_of(grid, "Ex") == [
        (0, 4, 3, False, True),  # Fri 1 – Sun 3
        (1, 0, 7, True, True),
        (2, 0, 7, True, True),
        (3, 0, 7, True, True),
        (4, 0, 6, True, False),  # Mon 25 – Sat 30
    ]


def test_event_running_into_next_month_is_clipped_at_the_grid_edge():
    event = all_day(date(2023, 9, 27), date(2023, 10, 5), "Across")
    grid = month_grid(2023, 9, [event], MOSCOW)
    assert segments_of(grid, "Across") == [(4, 2, 5, False, True)]  # Wed 27 – Sun 1 Oct
    october = month_grid(2023, 10, [event], MOSCOW)
    assert segments_of(october, "Across")[0] == (0, 2, 5, False, True)  # Wed 27 Sep – Sun 1
    assert segments_of(october, "Across")[1] == (1, 0, 4, True, False)  # Mon 2 – Thu 5


def test_events_outside_the_grid_are_left_out():
    grid = month_grid(2023, 9, [all_day(date(2023, 8, 1), date(2023, 8, 27), "Aug")], MOSCOW)
    assert segments_of(grid, "Aug") == []


def test_overlapping_bars_stack_in_lanes_longest_first():
    short = all_day(date(2023, 9, 5), date(2023, 9, 6), "Short")
    long = all_day(date(2023, 9, 4), date(2023, 9, 8), "Long")
    later = all_day(date(2023, 9, 7), date(2023, 9, 7), "Later")
    grid = month_grid(2023, 9, [short, long, later], MOSCOW)
    lanes = {s.event.title: s.lane for s in grid.weeks[1].segments}
    assert lanes == {"Long": 0, "Short": 1, "Later": 1}  # Later reuses the free lane
    assert grid.weeks[1].lanes == 2


def test_four_overlapping_exercises_keep_their_lanes_every_week():
    exercises = [all_day(date(2023, 9, 1), date(2023, 9, 30), f"Ex{n}") for n in range(4)]
    grid = month_grid(2023, 9, exercises, MOSCOW)
    for week in grid.weeks:
        assert [s.event.title for s in sorted(week.segments, key=lambda s: s.lane)] == [
            "Ex0",
            "Ex1",
            "Ex2",
            "Ex3",
        ]
        assert not week.has_more


def test_a_full_day_counts_hidden_events_as_more():
    crowd = [all_day(date(2023, 9, 13), date(2023, 9, 13), f"E{n}") for n in range(6)]
    grid = month_grid(2023, 9, crowd, MOSCOW, max_lanes=4)
    week = grid.weeks[2]
    assert len(week.segments) == 4 and week.lanes == 4
    assert week.more == [0, 0, 2, 0, 0, 0, 0]


def test_single_day_timed_event_is_a_line_with_its_local_start_time():
    event = timed(datetime(2023, 9, 12, 8, 0, tzinfo=UTC), datetime(2023, 9, 12, 9, 0, tzinfo=UTC))
    grid = month_grid(2023, 9, [event], MOSCOW)
    (segment,) = grid.weeks[2].segments
    assert not segment.occurrence.is_bar
    assert segment.start_time.strftime("%H:%M") == "11:00"  # Moscow is UTC+3


def test_timed_event_crossing_midnight_in_the_display_zone_is_a_bar_over_both_days():
    # 22:00–02:00 Moscow, 19:00–23:00 UTC: one day in UTC, two in Moscow.
    event = timed(datetime(2023, 9, 12, 19, tzinfo=UTC), datetime(2023, 9, 12, 23, tzinfo=UTC))
    moscow = month_grid(2023, 9, [event], MOSCOW)
    assert segments_of(moscow, "Timed") == [(2, 1, 2, False, False)]
    assert moscow.weeks[2].segments[0].occurrence.is_bar
    utc = month_grid(2023, 9, [event], ZoneInfo("UTC"))
    assert segments_of(utc, "Timed") == [(2, 1, 1, False, False)]


def test_timed_event_moves_day_with_the_display_zone():
    # 01:00 UTC on the 1st is still the 31st in New York: the event leaves September.
    event = timed(datetime(2023, 9, 1, 1, tzinfo=UTC), datetime(2023, 9, 1, 2, tzinfo=UTC))
    assert segments_of(month_grid(2023, 9, [event], MOSCOW), "Timed") == [(0, 4, 1, False, False)]
    assert segments_of(month_grid(2023, 9, [event], NEW_YORK), "Timed") == [(0, 3, 1, False, False)]


def test_all_day_event_never_shifts_whatever_the_zone():
    event = all_day(date(2023, 9, 1), date(2023, 9, 1), "Fixed")
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Moscow", "UTC"):
        grid = month_grid(2023, 9, [event], ZoneInfo(zone))
        assert segments_of(grid, "Fixed") == [(0, 4, 1, False, False)], zone


def test_event_ending_at_midnight_does_not_touch_the_next_day():
    event = timed(datetime(2023, 9, 12, 20, tzinfo=UTC), datetime(2023, 9, 12, 21, tzinfo=UTC))
    grid = month_grid(2023, 9, [event], MOSCOW)  # 23:00–00:00 Moscow
    assert segments_of(grid, "Timed") == [(2, 1, 1, False, False)]


def test_dst_day_keeps_events_on_their_local_days():
    # Berlin falls back on 29 Oct 2023: 02:00–03:00 happens twice, the day has 25 hours.
    late = timed(
        datetime(2023, 10, 29, 22, 30, tzinfo=UTC),  # 23:30 CET on the 29th
        datetime(2023, 10, 29, 22, 45, tzinfo=UTC),
        "Late",
    )
    early = timed(
        datetime(2023, 10, 28, 22, 30, tzinfo=UTC),  # 00:30 CEST on the 29th
        datetime(2023, 10, 28, 23, 0, tzinfo=UTC),
        "Early",
    )
    grid = month_grid(2023, 10, [late, early], BERLIN)
    days = {s.event.title: s.first_day for w in grid.weeks for s in w.segments}
    assert days == {"Late": date(2023, 10, 29), "Early": date(2023, 10, 29)}
    starts = {s.event.title: s.start_time.strftime("%H:%M") for w in grid.weeks for s in w.segments}
    assert starts == {"Late": "23:30", "Early": "00:30"}


def test_leap_day_february_2024():
    event = all_day(date(2024, 2, 28), date(2024, 3, 1), "Leap")
    grid = month_grid(2024, 2, [event], MOSCOW)
    assert grid.last_day == date(2024, 3, 3)
    assert segments_of(grid, "Leap") == [(4, 2, 3, False, False)]  # Wed 28 – Fri 1 Mar
    assert date(2024, 2, 29) in [d.date for w in grid.weeks for d in w.days if d.in_month]


def test_month_out_of_range_is_refused():
    with pytest.raises(ValueError):
        month_grid(2024, 13, [], MOSCOW)
    with pytest.raises(ValueError):
        month_grid(99999, 1, [], MOSCOW)


def test_utc_window_covers_the_grid_with_a_day_to_spare():
    first, last = grid_range(2023, 9)
    start, end = utc_window(first, last)
    assert start == datetime(2023, 8, 27, tzinfo=UTC)
    assert end == datetime(2023, 10, 3, tzinfo=UTC)


def test_day_list_puts_bars_before_timed_events():
    meeting = timed(datetime(2023, 9, 12, 6, tzinfo=UTC), datetime(2023, 9, 12, 7, tzinfo=UTC))
    exercise = all_day(date(2023, 9, 1), date(2023, 9, 30), "Ex")
    found = events_on(date(2023, 9, 12), [meeting, exercise], MOSCOW)
    assert [o.event.title for o in found] == ["Ex", "Timed"]
    assert events_on(date(2023, 10, 1), [meeting, exercise], MOSCOW) == []


def test_agenda_lists_each_event_once_under_its_first_day_from_the_start():
    exercise = all_day(date(2023, 9, 1), date(2023, 9, 30), "Ex")
    meeting = timed(datetime(2023, 9, 12, 6, tzinfo=UTC), datetime(2023, 9, 12, 7, tzinfo=UTC))
    days = agenda([meeting, exercise], MOSCOW, first=date(2023, 9, 10))
    assert [(d.date, [o.event.title for o in d.items]) for d in days] == [
        (date(2023, 9, 10), ["Ex"]),
        (date(2023, 9, 12), ["Timed"]),
    ]


def test_occurrence_keeps_local_times_of_timed_events():
    event = timed(datetime(2024, 7, 19, 14, tzinfo=UTC), datetime(2024, 7, 19, 17, tzinfo=UTC))
    occ = occurrence(event, NEW_YORK)
    assert (occ.start.hour, occ.end.hour) == (10, 13)


# ---- The week: one row of bars, then each day's timed events ----


def test_week_starts_on_the_first_weekday_whatever_day_is_asked():
    from calendar_app.schedule.week import week_grid, week_range

    assert week_range(date(2023, 9, 14)) == (date(2023, 9, 11), date(2023, 9, 17))
    assert week_range(date(2023, 9, 14), first_weekday=6) == (date(2023, 9, 10), date(2023, 9, 16))
    grid = week_grid(date(2023, 9, 17), [], MOSCOW, first_weekday=6, today=date(2023, 9, 12))
    assert grid.weekdays == [6, 0, 1, 2, 3, 4, 5]
    assert (grid.first_day, grid.last_day) == (date(2023, 9, 17), date(2023, 9, 23))
    assert [d.is_today for d in grid.days] == [False] * 7
    assert all(d.in_month for d in grid.days)
    this_week = week_grid(date(2023, 9, 12), [], MOSCOW, today=date(2023, 9, 12))
    assert [d.is_today for d in this_week.days] == [False, True] + [False] * 5


def test_week_bars_span_their_days_and_timed_events_go_under_their_day_in_order():
    from calendar_app.schedule.week import week_grid

    exercise = all_day(date(2023, 9, 1), date(2023, 9, 13), "Exercise")
    holiday = all_day(date(2023, 9, 16), date(2023, 9, 16), "Holiday")
    late = timed(
        datetime(2023, 9, 12, 13, tzinfo=UTC), datetime(2023, 9, 12, 14, tzinfo=UTC), "Late"
    )
    early = timed(
        datetime(2023, 9, 12, 6, tzinfo=UTC), datetime(2023, 9, 12, 7, tzinfo=UTC), "Early"
    )
    night = timed(
        datetime(2023, 9, 14, 20, tzinfo=UTC), datetime(2023, 9, 15, 1, tzinfo=UTC), "Night"
    )
    grid = week_grid(date(2023, 9, 14), [late, holiday, night, exercise, early], MOSCOW)
    bars = {s.event.title: (s.column, s.span, s.continues_before, s.continues_after)
            for s in grid.bars.segments}  # fmt: skip
    assert bars == {
        "Exercise": (0, 3, True, False),
        "Night": (3, 2, False, False),  # 23:00–04:00 in Moscow: a bar over two days
        "Holiday": (5, 1, False, False),
    }
    assert [[o.event.title for o in day] for day in grid.timed] == [
        [],
        ["Early", "Late"],
        [],
        [],
        [],
        [],
        [],
    ]
    assert grid.timed[1][0].start.hour == 9  # in the display zone


def test_week_lanes_become_table_rows_with_empty_cells_between_bars():
    from calendar_app.schedule.week import week_grid

    events = [
        all_day(date(2023, 9, 11), date(2023, 9, 13), "A"),
        all_day(date(2023, 9, 12), date(2023, 9, 12), "B"),
        all_day(date(2023, 9, 15), date(2023, 9, 15), "C"),
    ] + [all_day(date(2023, 9, 17), date(2023, 9, 17), f"Sun {n}") for n in range(6)]
    grid = week_grid(date(2023, 9, 11), events, MOSCOW)
    rows = [
        [(c.segment.event.title if c.segment else None, c.span) for c in row] for row in grid.lanes
    ]
    assert rows[0] == [("A", 3), (None, 1), ("C", 1), (None, 1), ("Sun 0", 1)]
    assert rows[1] == [(None, 1), ("B", 1), (None, 4), ("Sun 1", 1)]
    assert len(rows) == 6 and grid.bars.more == [0] * 7  # a week has room: no "+N more"
    assert all(sum(span for _, span in row) == 7 for row in rows)


def test_timed_event_moves_to_another_day_of_the_week_with_the_zone():
    from calendar_app.schedule.week import week_grid

    call = timed(datetime(2023, 9, 11, 22, 30, tzinfo=UTC), datetime(2023, 9, 11, 23, tzinfo=UTC))
    in_moscow = week_grid(date(2023, 9, 11), [call], MOSCOW)
    in_new_york = week_grid(date(2023, 9, 11), [call], NEW_YORK)
    assert [len(day) for day in in_moscow.timed] == [0, 1, 0, 0, 0, 0, 0]
    assert [len(day) for day in in_new_york.timed] == [1, 0, 0, 0, 0, 0, 0]


def test_neighbour_weeks_stop_at_the_calendars_years():
    from calendar_app.schedule.week import neighbour_weeks

    assert neighbour_weeks(date(2023, 9, 14)) == (date(2023, 9, 4), date(2023, 9, 18))
    assert neighbour_weeks(date(1900, 1, 3)) == (None, date(1900, 1, 8))
    assert neighbour_weeks(date(1900, 1, 8), first_weekday=6) == (
        date(1900, 1, 1),
        date(1900, 1, 14),
    )
    assert neighbour_weeks(date(2200, 12, 31)) == (date(2200, 12, 22), None)


def test_events_placed_once_lay_out_as_the_events_themselves():
    """The month page places its events once for its grid and its list."""
    events = [
        all_day(date(2026, 3, 2), date(2026, 3, 10), "Exercise"),
        *(
            timed(datetime(2026, 3, d, 9, tzinfo=UTC), datetime(2026, 3, d, 10, tzinfo=UTC))
            for d in (1, 1, 1, 1, 1, 2, 15, 31)
        ),  # fmt: skip
    ]
    placed = [occurrence(e, MOSCOW) for e in events]
    assert month_grid(2026, 3, placed, MOSCOW) == month_grid(2026, 3, events, MOSCOW)
    first, last = date(2026, 3, 1), date(2026, 3, 31)
    assert agenda(placed, MOSCOW, first, last, 3) == agenda(events, MOSCOW, first, last, 3)
