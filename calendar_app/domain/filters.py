"""The filters every view and feed shares: by kind, force, country, location, status, text.

Parsed from query arguments into plain data; the query side lives in events/queries.py.
The same arguments go back into links, so a filtered view and its feed agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..vocab import FIRST_YEAR, LAST_YEAR, MAX_ID, STATUSES, in_year_range
from .countries import is_country_code
from .text import CONTROL_SINGLE_LINE, N_, Message

MAX_VALUES = 50
MAX_QUERY_LENGTH = 200
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


class FilterError(ValueError):
    """A filter argument is malformed; the message is safe to show."""


@dataclass(frozen=True)
class EventFilter:
    kinds: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()  # force slugs
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, upper case
    locations: tuple[int, ...] = ()  # location ids
    statuses: tuple[str, ...] = ()
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.kinds, self.forces, self.countries, self.locations, self.statuses, self.q))

    def to_args(self) -> dict[str, list[str] | str]:
        """Query arguments that parse back to this filter (for url_for)."""
        args: dict[str, list[str] | str] = {}
        for name, values in (
            ("kind", self.kinds),
            ("force", self.forces),
            ("country", self.countries),
            ("location", [str(v) for v in self.locations]),
            ("status", self.statuses),
        ):
            if values:
                args[name] = list(values)
        if self.q:
            args["q"] = self.q
        return args


def _values(args, name: str) -> list[str]:
    values = [v.strip() for v in args.getlist(name) if v.strip()]
    if len(values) > MAX_VALUES:
        raise FilterError(
            Message(N_("too many values for '%(name)s' (at most %(n)s)"), name=name, n=MAX_VALUES)
        )
    return list(dict.fromkeys(values))  # drop repeats, keep order


def parse_filter(args, kinds: list[str]) -> EventFilter:
    """Build an EventFilter from request arguments (a werkzeug MultiDict)."""
    wanted_kinds = _values(args, "kind")
    for kind in wanted_kinds:
        if kind not in kinds:
            raise FilterError(
                Message(
                    N_("unknown kind '%(kind)s' (one of: %(kinds)s)"),
                    kind=kind[:40],
                    kinds=", ".join(kinds),
                )
            )
    statuses = _values(args, "status")
    for status in statuses:
        if status not in STATUSES:
            raise FilterError(
                Message(
                    N_("unknown status '%(status)s' (one of: %(statuses)s)"),
                    status=status[:40],
                    statuses=", ".join(STATUSES),
                )
            )
    forces = _values(args, "force")
    for slug in forces:
        if not _SLUG.match(slug):
            raise FilterError(Message(N_("'%(value)s' is not a force identifier"), value=slug[:40]))
    countries = _values(args, "country")
    for code in countries:
        if not _COUNTRY.match(code):
            raise FilterError(
                Message(N_("'%(value)s' is not a two-letter country code"), value=code[:40])
            )
        if not is_country_code(code):
            raise FilterError(
                Message(
                    N_("unknown country code '%(code)s' (use ISO 3166-1, such as 'BY')"), code=code
                )
            )
    locations = []
    for value in _values(args, "location"):
        if not value.isdigit() or len(value) > 12 or int(value) > MAX_ID:
            raise FilterError(Message(N_("'%(value)s' is not a location number"), value=value[:40]))
        locations.append(int(value))
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise FilterError(
            Message(N_("search text is too long (at most %(n)s characters)"), n=MAX_QUERY_LENGTH)
        )
    if CONTROL_SINGLE_LINE.search(q):
        raise FilterError(Message(N_("search text contains control characters")))
    return EventFilter(
        kinds=tuple(wanted_kinds),
        forces=tuple(forces),
        countries=tuple(c.upper() for c in countries),
        locations=tuple(locations),
        statuses=tuple(statuses),
        q=q,
    )


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD argument (?from=, ?to=) within the calendar's years; None when empty."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise FilterError(
            Message(N_("'%(value)s' is not a date (use YYYY-MM-DD)"), value=text[:20])
        ) from None
    if not in_year_range(parsed.year):
        raise FilterError(
            Message(
                N_("the year must be between %(first)s and %(last)s"),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return parsed


def filter_parts(
    event_filter: EventFilter,
    force_names: dict[str, str],
    location_names: dict[int, str],
    country_names: dict[str, str],
    kind_names: dict[str, str] | None = None,
    status_names: dict[str, str] | None = None,
) -> list[str]:
    """What the filter shows only, one part a value: names as given (in the viewer's
    language, from the caller), and marked Messages for the words of this module
    ('location 7', the quoted search) that the boundary translates."""
    kind_names = kind_names or {}
    status_names = status_names or {}
    parts: list[str] = []
    parts += [kind_names.get(kind, kind) for kind in event_filter.kinds]
    parts += [force_names.get(slug, slug) for slug in event_filter.forces]
    parts += [country_names.get(code, code) for code in event_filter.countries]
    parts += [
        location_names.get(i) or Message(N_("location %(number)s"), number=i)
        for i in event_filter.locations
    ]
    parts += [status_names.get(status, status) for status in event_filter.statuses]
    if event_filter.q:
        parts.append(Message(N_("“%(text)s”"), text=event_filter.q))
    return parts


def describe_filter(
    event_filter: EventFilter,
    force_names: dict[str, str],
    location_names: dict[int, str],
    country_names: dict[str, str],
) -> str:
    """A short human description: 'training · Collective Rapid Reaction Forces · Belarus'
    (in English, as feeds name themselves; pages join filter_parts translated)."""
    return " · ".join(filter_parts(event_filter, force_names, location_names, country_names))
