"""Query parameters of the API, checked (FilterError carries a message safe to show)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ..domain.filters import FilterError
from ..vocab import FIRST_YEAR, LAST_YEAR, in_year_range

MAX_LIMIT = 1000
MAX_PAGE = 1_000_000
DEFAULT_LIMIT = 500


def _instant(args, name: str) -> datetime | None:
    """A date (midnight UTC) or an ISO 8601 date-time; naive times are read as UTC."""
    value = args.get(name, "").strip()
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(value.replace(" ", "+"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise FilterError(
            f"'{name}' must be an ISO 8601 date or date-time, such as "
            "2024-07-19 or 2024-07-19T10:00:00+03:00"
        ) from None
    if not in_year_range(moment.year):
        raise FilterError(f"'{name}' must be between the years {FIRST_YEAR} and {LAST_YEAR}")
    return moment.astimezone(UTC)


def range_params(args) -> tuple[datetime, datetime]:
    """[start, end) to list; by default a month back and a year ahead of today."""
    start = _instant(args, "start")
    end = _instant(args, "end")
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = start or (end - timedelta(days=395) if end else now - timedelta(days=30))
    end = end or start + timedelta(days=395)
    if end <= start:
        raise FilterError("'end' must be after 'start'")
    return start, end


def page_params(args) -> tuple[int, int]:
    def number(name: str, default: int, high: int) -> int:
        value = args.get(name, "").strip()
        if not value:
            return default
        if not value.isdigit() or not 1 <= int(value) <= high:
            raise FilterError(f"'{name}' must be a whole number from 1 to {high}")
        return int(value)

    return number("page", 1, MAX_PAGE), number("limit", DEFAULT_LIMIT, MAX_LIMIT)
