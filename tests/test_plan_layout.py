"""The year plan's layout, computed without a request: week columns, rows by force,
lanes for overlapping events, bars clipped to the year, today's column; and the
comparison with an approval's snapshot."""

from datetime import date

from calendar_app.plan.changes import compare, counts
from calendar_app.plan.layout import (
    UNASSIGNED,
    PlanEvent,
    by_month,
    clip,
    month_columns,
    plan_layout,
)

FORCES = [(1, "Collective Rapid Reaction Forces"), (2, "Collective Peacekeeping Forces")]


def event(key, first, last, forces=(), title=None, **extra):
    return PlanEvent(
        key=key,
        title=title or key,
        kind="training",
        status="planned",
        first_day=first,
        last_day=last,
        force_ids=tuple(forces),
        **extra,
    )


def test_every_month_is_divided_into_its_iso_weeks_split_at_the_month_edges():
    months = month_columns(2023)
    assert [m.days for m in months] == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    september = months[8]
    # 1 September 2023 is a Friday of ISO week 35; the 30th a Saturday of week 39
    assert [(w.week, w.first.day, w.last.day) for w in september.weeks] == [
        (35, 1, 3),
        (36, 4, 10),
        (37, 11, 17),
        (38, 18, 24),
        (39, 25, 30),
    ]
    # week 35 is split: its Monday to Thursday are August's last column
    assert (months[7].weeks[-1].week, months[7].weeks[-1].first) == (35, date(2023, 8, 28))
    # 1 January 2023 is a Sunday: the last day of ISO week 52 of 2022
    assert months[0].weeks[0].week == 52 and months[0].weeks[0].days == 1
    weeks = [w for m in months for w in m.weeks]
    assert sum(w.days for w in weeks) == 365
    assert all(b.start == a.start + a.days for a, b in zip(weeks, weeks[1:], strict=False))


def test_a_leap_year_has_366_day_columns():
    plan = plan_layout(2024, FORCES, [])
    assert plan.days == 366
    assert sum(week.days for week in plan.weeks) == 366


def test_one_row_per_force_in_order_then_the_events_without_forces():
    plan = plan_layout(
        2023,
        FORCES,
        [
            event("interaction", date(2023, 9, 1), date(2023, 9, 6), [1]),
            event("meeting", date(2023, 3, 1), date(2023, 3, 1)),
            event("joint", date(2023, 5, 1), date(2023, 5, 5), [1, 2]),
        ],
    )
    assert [row.name for row in plan.rows] == [name for _, name in FORCES] + [UNASSIGNED]
    keys = [[bar.event.key for bar in row.bars] for row in plan.rows]
    assert keys == [["joint", "interaction"], ["joint"], ["meeting"]]


def test_a_five_day_exercise_is_a_bar_five_day_columns_wide_at_its_dates():
    plan = plan_layout(2023, FORCES, [event("x", date(2023, 9, 4), date(2023, 9, 8), [1])])
    (bar,) = plan.rows[0].bars
    assert (bar.start, bar.days) == ((date(2023, 9, 4) - date(2023, 1, 1)).days, 5)
    assert plan.rows[0].lanes == ((bar,),)  # the empty days are no cells at all


def test_overlapping_events_of_one_row_stack_in_lanes_and_others_share_a_lane():
    plan = plan_layout(
        2023,
        FORCES,
        [
            event("a", date(2023, 9, 1), date(2023, 9, 30), [1]),
            event("b", date(2023, 9, 10), date(2023, 9, 12), [1]),
            event("c", date(2023, 10, 1), date(2023, 10, 3), [1]),  # a ends on 30 Sep
            event("d", date(2023, 9, 11), date(2023, 9, 11), [1]),
        ],
    )
    lanes = [[bar.event.key for bar in lane] for lane in plan.rows[0].lanes]
    assert lanes == [["a", "c"], ["b"], ["d"]]
    assert [row.lanes for row in plan.rows[1:]] == [((),), ((),)]  # empty rows keep one lane


def test_bars_are_clipped_to_the_year_and_say_that_they_continue():
    across = event("winter", date(2022, 12, 20), date(2023, 1, 10), [2])
    bar = clip(across, 2023)
    assert (bar.start, bar.days, bar.continues_before, bar.continues_after) == (0, 10, True, False)
    late = clip(event("late", date(2023, 12, 30), date(2024, 1, 2)), 2023)
    assert (late.start, late.days, late.continues_after) == (363, 2, True)
    assert clip(event("other", date(2024, 3, 1), date(2024, 3, 2)), 2023) is None


def test_today_is_a_day_index_only_in_the_current_year():
    today = date(2023, 6, 15)
    plan = plan_layout(2023, FORCES, [], today)
    assert plan.today == (today - date(2023, 1, 1)).days
    assert plan_layout(2024, FORCES, [], today).today is None


def test_the_phone_list_groups_each_month_by_force():
    plan = plan_layout(
        2023,
        FORCES,
        [
            event("long", date(2023, 8, 28), date(2023, 9, 2), [2]),
            event("sept", date(2023, 9, 5), date(2023, 9, 9), [1]),
        ],
    )
    groups = {group.month: group.forces for group in by_month(plan)}
    assert sorted(groups) == [8, 9]
    assert [(name, [e.key for e in events]) for name, events in groups[9]] == [
        ("Collective Rapid Reaction Forces", ["sept"]),
        ("Collective Peacekeeping Forces", ["long"]),
    ]


def entry(key, **values):
    base = {"key": key, "title": key, "status": "planned", "start": "2023-09-01"}
    return base | {"end": "2023-09-30", "place": "Brest", "forces": ["CRRF"]} | values


def test_changes_since_approval_are_new_moved_changed_cancelled_or_removed():
    baseline = [entry("moved"), entry("changed"), entry("cancelled"), entry("same"), entry("gone")]
    current = [
        entry("moved", start="2023-10-02", end="2023-10-06"),
        entry("changed", place="Minsk"),
        entry("cancelled", status="cancelled"),
        entry("same"),
        entry("added"),
    ]
    found = {change.key: change for change in compare(baseline, current)}
    assert {key: change.mark for key, change in found.items()} == {
        "moved": "moved",
        "changed": "changed",
        "cancelled": "cancelled",
        "gone": "removed",
        "added": "new",
    }
    moved = [(f.label, f.before, f.after) for f in found["moved"].fields]
    assert moved == [("Start", "2023-09-01", "2023-10-02"), ("End", "2023-09-30", "2023-10-06")]
    assert counts(list(found.values())) == {
        "new": 1,
        "moved": 1,
        "changed": 1,
        "cancelled": 1,
        "removed": 1,
    }
