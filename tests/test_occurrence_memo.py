"""The expansion memo of events.occurrences: kept by every input of a series, so an edited
series (rule, exclusions, start) expands afresh, and bounded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from calendar_app.domain.events import EventData
from calendar_app.domain.recurrence import exdate_text
from calendar_app.events import occurrences, service
from calendar_app.extensions import db

FIRST = datetime(2026, 1, 5, 9, tzinfo=UTC)  # a Monday
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))


def _series(rrule: str = "FREQ=WEEKLY"):
    data = EventData(title="Standing meeting", kind="meeting", start=FIRST,
                     end=FIRST + timedelta(hours=1), timezone="UTC", rrule=rrule)  # fmt: skip
    event = service.create_event(data)
    db.session.flush()
    return event


def _days(event) -> list[date]:
    return [o.span()["start_date"] for o in occurrences.expand([event], *WINDOW)]


def test_an_edited_rule_or_exclusion_expands_afresh(app):
    with app.app_context():
        event = _series()
        mondays = [date(2026, 1, d) for d in (5, 12, 19, 26)]
        assert _days(event) == mondays
        assert _days(event) == mondays  # from the memo, the same
        event.exdates = [exdate_text(datetime(2026, 1, 12, 9, tzinfo=UTC))]
        assert _days(event) == [mondays[0], *mondays[2:]]
        event.rrule = "FREQ=WEEKLY;COUNT=2"
        assert _days(event) == mondays[:1]  # the 12th stays excluded
        event.exdates = []
        assert _days(event) == mondays[:2]
        event.starts_at += timedelta(days=1)
        event.ends_at += timedelta(days=1)
        event.rrule = "FREQ=WEEKLY"
        assert _days(event) == [day + timedelta(days=1) for day in mondays]


def test_memo_spans_are_copies_for_each_occurrence(app):
    with app.app_context():
        event = _series()
        first = occurrences.expand([event], *WINDOW)[0]
        first.span()["title"] = "changed by one caller"
        again = occurrences.expand([event], *WINDOW)[0]
        assert "title" not in again.span() and again.key == "20260105T090000Z"


def test_the_memo_is_bounded(app):
    with app.app_context():
        event = _series()
        for days in range(occurrences.EXPANSIONS + 10):
            start = WINDOW[0] + timedelta(days=days)
            occurrences.expand([event], start, start + timedelta(days=7))
        info = occurrences._expansion.cache_info()
        assert info.maxsize == occurrences.EXPANSIONS
        assert info.currsize <= occurrences.EXPANSIONS


def test_long_windows_are_expanded_afresh_not_kept(app):
    with app.app_context():
        event = _series()
        occurrences._expansion.cache_clear()
        start = WINDOW[0]
        year = occurrences.expand([event], start, start + timedelta(days=365))
        assert len(year) == 52 and occurrences._expansion.cache_info().currsize == 0
        occurrences.expand([event], start, start + occurrences.KEPT_WINDOW)
        assert occurrences._expansion.cache_info().currsize == 1
