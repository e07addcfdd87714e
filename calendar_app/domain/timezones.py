"""Local wall-clock time <-> UTC, honest about the hours DST takes away or repeats."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from .text import N_, Message


class LocalTimeError(ValueError):
    """A wall-clock time that does not name exactly one instant in its zone (`message`:
    a domain.text.Message, for the boundary to translate)."""

    @property
    def message(self) -> str:
        return self.args[0] if self.args else ""


class RepeatedTimeError(LocalTimeError):
    """A wall-clock time that names two instants (the hour after a fall-back): `instants`
    are both, as aware local times, the first (fold 0) and the second (fold 1)."""

    def __init__(self, message: str, instants: tuple[datetime, datetime]):
        super().__init__(message)
        self.instants = instants


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@cache
def _tz_database() -> tuple[frozenset[str], dict[str, str]]:
    """The IANA database as the `tzdata` package ships it (the same on every host, unlike
    /usr/share/zoneinfo with its `localtime`): the canonical zones, and each backward-
    compatible alias with the zone it names. Zones without an Area/ ("EST5EDT", "Factory")
    are POSIX-rule leftovers no place uses, so they are not offered; UTC is kept."""
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text()
    zones, links = set(), {}
    for line in text.splitlines():
        fields = line.split()
        if line.startswith("Z "):
            zones.add(fields[1])
        elif line.startswith("L "):
            links[fields[2]] = fields[1]
    canonical = frozenset(name for name in zones if "/" in name) | {"UTC"}
    aliases = {alias: target for alias, target in links.items() if target in canonical}
    aliases.pop("UTC", None)
    return canonical, aliases


@cache
def _names_by_folded_case() -> dict[str, str]:
    canonical, aliases = _tz_database()
    names = {alias.casefold(): target for alias, target in aliases.items()}
    names.update((name.casefold(), name) for name in canonical)
    return names


def canonical_zone(name: str | None) -> str | None:
    """The canonical IANA name for a zone named in any case or by a backward-compatible
    alias ("europe/kiev" -> "Europe/Kyiv", "US/Eastern" -> "America/New_York"); None when
    no IANA zone has that name (including host pseudo-zones such as `localtime`)."""
    if not name or len(name) > 64:
        return None
    return _names_by_folded_case().get(name.strip().casefold())


def is_timezone(name: str) -> bool:
    """Whether `name` is a canonical IANA zone, spelled as the database spells it: what
    events and locations store, and what feeds write as TZID."""
    return bool(name) and canonical_zone(name) == name


def spelled_timezone(name: str) -> str:
    """The canonical spelling of a zone typed in any case or as an alias; the name
    unchanged when no zone has it (so the caller's message can quote it)."""
    return canonical_zone(name) or name


@cache
def timezone_names() -> list[str]:
    """IANA zone names offered in forms (the canonical Area/City ones)."""
    return sorted(name for name in _tz_database()[0] if "/" in name and not name.startswith("Etc/"))


@cache
def zone_places() -> dict[str, str]:
    """Each place zone.tab names, with its country code: the canonical zones and the places
    whose zone is now another's (Europe/Stockholm keeps Europe/Berlin's clocks), as people
    look for them in a zone picker."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {fields[2]: fields[0] for fields in rows if len(fields) >= 3}


@cache
def display_zone_names() -> frozenset[str]:
    """Zones the pages may show times in: the canonical ones and zone.tab's places."""
    places = {name for name in zone_places() if canonical_zone(name)}
    return frozenset(timezone_names()) | places | {"UTC"}


def is_display_zone(name: str) -> bool:
    """Whether a page may show times in `name` (?tz=): the zones of forms, or a place
    zone.tab lists ("Europe/Stockholm"), spelled as the database spells it."""
    return name in display_zone_names()


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
                Message(
                    N_("%(time)s does not exist in %(zone)s: the clocks skip that hour"),
                    time=f"{naive:%Y-%m-%d %H:%M}",
                    zone=tzname,
                )
            )
        if fold is not None:
            return (second if fold else first).astimezone(UTC)
        if not allow_ambiguous:
            raise RepeatedTimeError(
                Message(
                    N_(
                        "%(time)s happens twice in %(zone)s (clocks go back); "
                        "choose a time outside that hour"
                    ),
                    time=f"{naive:%Y-%m-%d %H:%M}",
                    zone=tzname,
                ),
                (first, second),
            )
    return first.astimezone(UTC)


def utc_to_local(instant: datetime, tzname: str) -> datetime:
    return instant.astimezone(zone(tzname))


def is_repeated(local: datetime) -> bool:
    """Whether this aware local time's wall clock occurs twice (the hour after a fall-back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def offset_label(local: datetime) -> str:
    """'01:30 EDT (UTC−04:00)': a wall time with its zone's abbreviation and offset, what
    tells the two 01:30s of a fall-back night apart. Zones whose abbreviation is only a
    number ('+03') show the offset alone."""
    minutes = int(local.utcoffset().total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes >= 0 else "\u2212"  # a minus sign, as typography wants it
    offset = f"UTC{sign}{hours:02d}:{rest:02d}"
    name = local.tzname() or ""
    named = f" {name}" if name and name[0] not in "+-" else ""
    return f"{local:%H:%M}{named} ({offset})"
