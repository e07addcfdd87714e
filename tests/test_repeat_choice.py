"""The Repeats control's choice to RRULE and back (domain/repeat_choice.py): each shape
the form offers makes one rule, and that rule shows as the same choice again."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.domain.recurrence import parse_rule
from calendar_app.domain.repeat_choice import (
    RepeatChoice,
    choice_from_rule,
    choice_values,
    read_choice,
    rule_text,
    start_defaults,
)

START = date(2025, 6, 10)  # the second Tuesday of June 2025

SHAPES = [
    (RepeatChoice(kind="daily"), "FREQ=DAILY"),
    (RepeatChoice(kind="weekly", weekdays=("MO", "TH")), "FREQ=WEEKLY;BYDAY=MO,TH"),
    (RepeatChoice(kind="monthly_day", monthday=31), "FREQ=MONTHLY;BYMONTHDAY=31"),
    (
        RepeatChoice(kind="monthly_weekday", month_by="weekday", ordinal=2, weekday="TU"),
        "FREQ=MONTHLY;BYDAY=2TU",
    ),
    (
        RepeatChoice(kind="monthly_weekday", month_by="weekday", ordinal=-1, weekday="FR"),
        "FREQ=MONTHLY;BYDAY=-1FR",
    ),
    (RepeatChoice(kind="yearly"), "FREQ=YEARLY"),
    (RepeatChoice(kind="custom", interval=3, unit="DAILY"), "FREQ=DAILY;INTERVAL=3"),
    (
        RepeatChoice(kind="custom", interval=2, unit="WEEKLY", weekdays=("MO", "TH")),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    ),
    (
        RepeatChoice(kind="custom", interval=3, unit="MONTHLY", monthday=15),
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
    ),
    (
        RepeatChoice(
            kind="custom", interval=6, unit="MONTHLY", month_by="weekday", ordinal=1, weekday="MO"
        ),
        "FREQ=MONTHLY;INTERVAL=6;BYDAY=1MO",
    ),  # fmt: skip
    (RepeatChoice(kind="custom", interval=2, unit="YEARLY"), "FREQ=YEARLY;INTERVAL=2"),
    (
        RepeatChoice(kind="weekly", weekdays=("TU",), ends="count", count=10),
        "FREQ=WEEKLY;COUNT=10;BYDAY=TU",
    ),
    (
        RepeatChoice(kind="daily", ends="until", until=date(2025, 6, 30)),
        "FREQ=DAILY;UNTIL=20250630",
    ),
]


@pytest.mark.parametrize("choice, text", SHAPES, ids=[text for _, text in SHAPES])
def test_each_shape_makes_its_rule_and_reads_back_as_the_same_choice(choice, text):
    assert rule_text(choice, START) == text
    assert choice_from_rule(text, START) == choice


@pytest.mark.parametrize("choice, text", SHAPES, ids=[text for _, text in SHAPES])
def test_each_shape_survives_the_form_fields(choice, text):
    read, errors = read_choice(choice_values(choice))
    assert errors == {}
    assert rule_text(read, START) == text


def test_a_stored_timed_until_reads_back_as_the_day_in_the_event_zone():
    # 30 June 23:59:59 in Moscow is 20:59:59 UTC: still the 30th there.
    choice = choice_from_rule("FREQ=DAILY;UNTIL=20250630T205959Z", START, "Europe/Moscow")
    assert choice == RepeatChoice(kind="daily", ends="until", until=date(2025, 6, 30))


def test_empty_day_parts_default_to_the_start_date():
    assert rule_text(RepeatChoice(kind="weekly"), START) == "FREQ=WEEKLY;BYDAY=TU"
    assert rule_text(RepeatChoice(kind="monthly_day"), START) == "FREQ=MONTHLY;BYMONTHDAY=10"
    assert rule_text(RepeatChoice(kind="monthly_weekday"), START) == "FREQ=MONTHLY;BYDAY=2TU"


def test_a_fifth_weekday_defaults_to_the_last():
    assert start_defaults(date(2025, 6, 30))["ordinal"] == -1  # the 5th (and last) Monday
    assert start_defaults(date(2025, 6, 28))["ordinal"] == 4


def test_no_repeat_is_no_rule():
    assert rule_text(RepeatChoice(), START) is None
    assert choice_from_rule(None, START) == RepeatChoice()


@pytest.mark.parametrize(
    "text",
    ["FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=YEARLY;BYMONTH=3,9",
     "FREQ=DAILY;BYDAY=MO,FR", "FREQ=WEEKLY;WKST=SU;BYDAY=MO"],
)  # fmt: skip
def test_a_rule_the_control_has_no_words_for_is_kept_as_it_is(text):
    choice = choice_from_rule(text, START)
    assert choice.kind == "kept"
    assert parse_rule(rule_text(choice, START)) == parse_rule(text)


def test_fields_a_kind_does_not_use_are_ignored():
    values = {"repeats": "daily", "repeat_count": "x", "repeat_weekdays": ["MO"],
              "repeat_monthday": "99", "repeat_ends": "never"}  # fmt: skip
    assert read_choice(values) == (RepeatChoice(kind="daily"), {})


@pytest.mark.parametrize(
    "values, field",
    [
        ({"repeats": "custom", "repeat_interval": "0"}, "repeat_interval"),
        ({"repeats": "custom", "repeat_interval": "many"}, "repeat_interval"),
        ({"repeats": "monthly_day", "repeat_monthday": "32"}, "repeat_monthday"),
        ({"repeats": "daily", "repeat_ends": "count", "repeat_count": ""}, "repeat_count"),
        ({"repeats": "daily", "repeat_ends": "until", "repeat_until": "30/06"}, "repeat_until"),
        ({"repeats": "hourly"}, "repeats"),
    ],
)
def test_a_field_that_cannot_be_read_is_named(values, field):
    assert field in read_choice(values)[1]
