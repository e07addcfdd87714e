"""Local wall-clock time <-> UTC, honest about the hours DST takes away or repeats."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class LocalTimeError(ValueError):
    """A wall-clock time that does not name exactly one instant in its zone."""


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


# Bounded: imported files can name any number of made-up zones; a miss costs a file search.
@lru_cache(maxsize=4096)
def is_timezone(name: str) -> bool:
    if not name or name != name.strip() or len(name) > 64:
        return False
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@cache
def timezone_names() -> list[str]:
    """IANA zone names offered in forms (the canonical Area/City ones)."""
    return sorted(
        n
        for n in available_timezones()
        if "/" in n and not n.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )


@cache
def _names_by_folded_case() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def spelled_timezone(name: str) -> str:
    """The zone's own spelling of a name typed in any case ("europe/minsk" ->
    "Europe/Minsk"); the name unchanged when no zone has it."""
    return _names_by_folded_case().get(name.strip().casefold(), name)


def local_to_utc(
    naive: datetime, tzname: str, *, allow_ambiguous: bool = False, fold: int | None = None
) -> datetime:
    """Interpret a naive wall-clock time in `tzname`; refuse times that do not exist.

    A time in a DST gap (02:30 on a spring-forward night) does not exist and is
    refused rather than silently shifted. A time that occurs twice (the hour after
    a fall-back) is refused unless the caller says which one it means (`fold`: 0 the
    first, 1 the second) or allow_ambiguous (the first), because calendar clients
    disagree on which of the two a bare wall time means.
    """
    tz = zone(tzname)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Round trip through UTC tells a gap (time not reached) from a repeat.
        back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if back != naive:
            raise LocalTimeError(
                f"{naive:%Y-%m-%d %H:%M} does not exist in {tzname}: the clocks skip that hour"
            )
        if fold is not None:
            return (second if fold else first).astimezone(UTC)
        if not allow_ambiguous:
            raise LocalTimeError(
                f"{naive:%Y-%m-%d %H:%M} happens twice in {tzname} (clocks go back); "
                "choose a time outside that hour"
            )
    return first.astimezone(UTC)


def utc_to_local(instant: datetime, tzname: str) -> datetime:
    return instant.astimezone(zone(tzname))


def is_repeated(local: datetime) -> bool:
    """Whether this aware local time's wall clock occurs twice (the hour after a fall-back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
