"""The plan's events as the page and the PDF draw them: every word, class and address of
a bar and of a row of the list by month worked out once per event (an event shows in a
row per force and in the list under every month it touches), so that the template is a
lean loop with no macro calls and no translation per bar. Dates read as on the other
pages (schedule/formatting), each day's words formatted once."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from ..domain.text import N_
from ..i18n import dates
from ..i18n.setup import current_language, kind_label, shown, shown_text, status_label
from .layout import Bar, Plan, PlanEvent

MARK_WORDS = {
    "new": N_("new since approval"),
    "moved": N_("moved since approval"),
    "changed": N_("changed since approval"),
    "cancelled": N_("cancelled since approval"),
}


@dataclass(frozen=True, slots=True)
class EventView:
    """One event of the plan, ready to draw."""

    key: str
    href: str
    kind: str
    status: str
    mark: str  # "" or new, moved, changed, cancelled
    conflict: bool
    title: Markup  # in the reader's language, marked lang="en" where it fell back
    tooltip: str  # "" when a part of it does not read in the page's language
    short_dates: str  # '4 – 6 Sep'
    spoken: Markup  # the rest of its text for screen readers: ', training, planned, …'
    kind_label: str
    status_label: str
    mark_words: str
    place: Markup
    long_dates: str
    bar_class: str  # kind, status, mark, and where it lies: 'kind-training … at245 len5'


class _Days:
    """A locale's day words, each formatted once (Babel is slow, days repeat)."""

    def __init__(self, locale: str):
        self.locale = locale
        self.cache: dict = {}

    def _get(self, fn, day):
        key = (fn, day)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = fn(day, self.locale)
        return found

    def date_range(self, first, last) -> str:  # as schedule.formatting.date_range
        g = self._get
        if first == last:
            return g(dates.date_text, first)
        if (first.year, first.month) == (last.year, last.month):
            return f"{g(dates.day_number, first)} – {g(dates.date_text, last)}"
        if first.year == last.year:
            return f"{g(dates.day_month, first)} – {g(dates.date_text, last)}"
        return f"{g(dates.date_text, first)} – {g(dates.date_text, last)}"

    def short_range(self, first, last) -> str:  # as schedule.formatting.short_range
        g = self._get
        if first == last:
            return g(dates.short_day_month, first)
        if (first.year, first.month) == (last.year, last.month):
            return f"{g(dates.day_number, first)} – {g(dates.short_day_month, last)}"
        return f"{g(dates.short_day_month, first)} – {g(dates.short_day_month, last)}"


class _Words:
    """Labels and names looked up once per request."""

    def __init__(self, force_records: dict, language: str):
        self.language = language
        self.forces = force_records
        self.kinds: dict[str, str] = {}
        self.statuses: dict[str, str] = {}
        self.force_texts: dict[str, str] = {}
        self.marks = {mark: gettext(words) for mark, words in MARK_WORDS.items()}
        self.double_booked = gettext("double-booked")

    def kind(self, kind: str) -> str:
        if kind not in self.kinds:
            self.kinds[kind] = kind_label(kind)
        return self.kinds[kind]

    def status(self, status: str) -> str:
        if status not in self.statuses:
            self.statuses[status] = status_label(status)
        return self.statuses[status]

    def force_text(self, name: str) -> str:
        if name not in self.force_texts:
            record = self.forces.get(name)
            self.force_texts[name] = shown_text(record, "name") if record else gettext(name)
        return self.force_texts[name]


def force_heading(name: str, force_records: dict) -> Markup:
    """A row's force in the reader's language (the plan's data names forces in English)."""
    record = force_records.get(name)
    return shown(record, "name") if record else escape(gettext(name))


def _place(item, language: str) -> tuple[Markup, str]:
    """Where it is, as the page shows it (a name that fell back marked lang="en") and as
    plain text (a tooltip)."""
    location = item.record.location if item.record else None
    if location is None:
        return escape(item.entry["place"]), item.entry["place"]
    parts = [shown(location, "name")]
    if location.city:
        parts.append(shown(location, "city"))
    if location.country:
        parts.append(escape(location.country_name(language)))
    return Markup(", ").join(parts), location.label(language)


def _reads_in(item, language: str) -> bool:
    """As plan.words.in_page_language, with the request's language given."""
    record = item.record
    if record is None:
        return language == "en"
    texts = [record.localized_title(language)]
    texts += [force.localized_name(language) for force in record.forces]
    if record.location is not None:
        texts.append(record.location.localized_name(language))
    return all(lang == language for _, lang in texts)


def _event_view(pe: PlanEvent, bar: Bar, days: _Days, words: _Words, tz) -> EventView:
    item = pe.item
    event = item.event
    language = words.language
    if event.occurrence:
        href = url_for(
            "events.occurrence", event_id=event.series_id, occurrence=event.occurrence, tz=tz
        )
    else:
        href = url_for("events.detail", event_id=event.id, tz=tz)
    title = shown(item.record) if item.record else escape(pe.title)
    kind, status = words.kind(event.kind), words.status(event.status)
    kind_word, status_word = kind.lower(), status.lower()
    short_dates = days.short_range(pe.first_day, pe.last_day)
    long_dates = days.date_range(pe.first_day, pe.last_day)
    place, place_plain = _place(item, language) if item.entry["place"] else (Markup(""), "")
    mark_words = words.marks.get(pe.mark, "")
    tooltip = ""
    if _reads_in(item, language):
        parts = [
            shown_text(item.record) if item.record else pe.title,
            kind_word,
            status_word,
            f"{short_dates} {pe.last_day.year}",
        ]
        if place_plain:
            parts.append(place_plain)
        if event.forces:
            parts.append(", ".join(words.force_text(name) for name in event.forces))
        if mark_words:
            parts.append(mark_words)
        tooltip = " · ".join(parts)
    spoken = [escape(kind_word), escape(status_word), escape(long_dates)]
    if place:
        spoken.append(place)
    if mark_words:
        spoken.append(escape(mark_words))
    if event.conflict:
        spoken.append(escape(words.double_booked))
    classes = [f"kind-{event.kind}", f"status-{event.status}"]
    if pe.mark:
        classes.append(f"mark-{pe.mark}")
    if bar.continues_before:
        classes.append("cont-before")
    if bar.continues_after:
        classes.append("cont-after")
    if bar.days < 12:
        classes.append("short")
    classes += [f"at{bar.start}", f"len{bar.days}"]
    return EventView(
        key=pe.key,
        href=href,
        kind=event.kind,
        status=event.status,
        mark=pe.mark,
        conflict=bool(event.conflict),
        title=title,
        tooltip=tooltip,
        short_dates=short_dates,
        spoken=Markup(", ") + Markup(", ").join(spoken),
        kind_label=kind,
        status_label=status,
        mark_words=mark_words,
        place=place,
        long_dates=long_dates,
        bar_class=" ".join(classes),
    )


def event_views(plan: Plan, force_records: dict, tz_chosen: str | None) -> dict[str, EventView]:
    """Every event of the plan by its key. `tz_chosen`: the zone its links keep (None: the
    reader's default)."""
    language = current_language()
    days, words = _Days(language), _Words(force_records, language)
    views: dict[str, EventView] = {}
    for row in plan.rows:
        for bar in row.bars:
            if bar.event.key not in views:
                views[bar.event.key] = _event_view(bar.event, bar, days, words, tz_chosen)
    return views


def week_lines(plan: Plan) -> str:
    """The background of every row: a line at each week's edge, stronger at a month's,
    and today's in red, as an SVG data address (an <img>: no inline style)."""
    weeks = "".join(f"M{week.start} 0v1" for week in plan.weeks if week.start and week.first.day != 1)
    months = "".join(f"M{month.start} 0v1" for month in plan.months if month.start)
    today = (
        f"%3Cpath d='M{plan.today + 0.1} 0v1' stroke='%23d93025' stroke-width='.35'/%3E"
        if plan.today is not None
        else ""
    )
    return (
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' "
        f"viewBox='0 0 {plan.days} 1' preserveAspectRatio='none'%3E"
        f"%3Cpath d='{weeks}' stroke='%23eceff2' stroke-width='.25'/%3E"
        f"%3Cpath d='{months}' stroke='%23cfd5db' stroke-width='.3'/%3E"
        f"{today}%3C/svg%3E"
    )
