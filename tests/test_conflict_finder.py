"""The pure double-booking finder: overlap, shared resources, series, grouping."""

from datetime import UTC, datetime

from calendar_app.domain.conflicts import (
    Booking,
    conflicting_pairs,
    conflicts_with,
    grouped,
)


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2023, 9, day, hour, tzinfo=UTC)


def booking(event_id, start, end, *, forces=(), location=None, officials=(), series=None):
    return Booking(
        event_id=event_id,
        title=f"event {event_id}",
        start=start,
        end=end,
        forces=frozenset(forces),
        location=location,
        officials=frozenset(officials),
        series_id=series,
    )


def test_overlapping_events_sharing_a_force_conflict():
    a = booking(1, at(1), at(5), forces={10})
    b = booking(2, at(4), at(8), forces={10, 11})
    [conflict] = conflicting_pairs([a, b])
    assert (conflict.first, conflict.second) == (a, b)
    assert conflict.shared == (("force", 10),)
    assert conflict.reasons() == ("force",)


def test_intervals_are_half_open_so_back_to_back_events_do_not_conflict():
    a = booking(1, at(1, 9), at(1, 12), location=3)
    b = booking(2, at(1, 12), at(1, 14), location=3)
    assert conflicting_pairs([a, b]) == []
    assert conflicts_with([a], [b]) == []


def test_overlap_without_a_shared_resource_is_no_conflict():
    a = booking(1, at(1), at(5), forces={10}, location=1, officials={7})
    b = booking(2, at(2), at(3), forces={11}, location=2, officials={8})
    assert conflicting_pairs([a, b]) == []


def test_a_shared_location_and_official_are_both_named():
    a = booking(1, at(1, 9), at(1, 11), location=4, officials={7, 8})
    b = booking(2, at(1, 10), at(1, 12), location=4, officials={8})
    [conflict] = conflicting_pairs([a, b])
    assert conflict.shared == (("location", 4), ("official", 8))
    assert conflict.reasons() == ("location", "official")


def test_occurrences_of_one_series_never_conflict_with_each_other():
    first = booking(5, at(1), at(3), forces={10}, series=5)
    moved = booking(6, at(2), at(4), forces={10}, series=5)  # an override of series 5
    other = booking(9, at(2), at(5), forces={10})
    pairs = conflicting_pairs([first, moved, other])
    assert {(c.first.event_id, c.second.event_id) for c in pairs} == {(5, 9), (6, 9)}


def test_the_stored_version_of_the_event_being_saved_is_not_a_conflict():
    saving = booking(3, at(2), at(4), forces={10})
    stored_self = booking(3, at(1), at(3), forces={10})
    stored_other = booking(4, at(3), at(6), forces={10})
    found = conflicts_with([saving], [stored_self, stored_other])
    assert [c.second.event_id for c in found] == [4]


def test_a_new_event_is_checked_against_every_overlapping_booking_in_time_order():
    new = [booking(None, at(1), at(2), officials={1}), booking(None, at(8), at(9), officials={1})]
    stored = [
        booking(20, at(8), at(10), officials={1}),
        booking(21, at(1, 12), at(1, 13), officials={1}),
        booking(22, at(3), at(4), officials={1}),
    ]
    found = conflicts_with(new, stored)
    assert [c.second.event_id for c in found] == [21, 20]


def test_a_long_event_conflicts_with_a_later_short_one_after_others_ended():
    long = booking(1, at(1), at(20), forces={1})
    short_a = booking(2, at(2), at(3), forces={2})
    short_b = booking(3, at(10), at(11), forces={1})
    pairs = conflicting_pairs([short_b, short_a, long])
    assert [(c.first.event_id, c.second.event_id) for c in pairs] == [(1, 3)]


def test_conflicts_group_by_kind_and_resource_listing_a_pair_under_each_share():
    a = booking(1, at(1), at(5), forces={10}, location=4)
    b = booking(2, at(2), at(6), forces={10}, location=4)
    c = booking(3, at(2), at(3), forces={11})
    d = booking(4, at(2), at(3), forces={11})
    groups = grouped(conflicting_pairs([a, b, c, d]))
    assert list(groups) == ["force", "location"]
    assert sorted(groups["force"]) == [10, 11]
    assert len(groups["location"][4]) == 1
    assert groups["location"][4][0] is groups["force"][10][0]
