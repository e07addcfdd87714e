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
from ..i18n.setup import current_language, kind_label, marked, shown, status_label
from ..schedule import formatting
from .layout import Bar, Plan, PlanEvent

esc = escape  # a str → Markup (C speedups); in an f-string it reads as its escaped text

MARK_WORDS = {
    "new": N_("new since approval"),
    "moved": N_("moved since approval"),
    "changed": N_("changed since approval"),
    "cancelled": N_("cancelled since approval"),
}


@dataclass(frozen=True, slots=True)
class EventView:
    """One event of the plan, drawn: its bar (a link placed by class at its days) and its
    row of the list by month. Both the same in every row and month it shows in."""

    bar: Markup
    row: Markup


_DAY_WORDS: dict = {}  # (fn, day, locale) → its words: the same every request
_DAY_WORDS_MAX = 50_000  # a few years of days in each language and form


class _Days:
    """A locale's day words, each formatted once (Babel is slow, days repeat), kept
    between requests; and each range (many events share their days) once a request."""

    def __init__(self, locale: str):
        self.locale = locale
        self.ranges: dict = {}

    def _get(self, fn, day):
        key = (fn, day, self.locale)
        found = _DAY_WORDS.get(key)
        if found is None:
            if len(_DAY_WORDS) >= _DAY_WORDS_MAX:
                _DAY_WORDS.clear()
            found = _DAY_WORDS[key] = fn(day, self.locale)
        return found

    def ranges_of(self, first, last) -> tuple[str, str, str, str]:
        """The short range of `first`–`last` and the long one, each plain and escaped."""
        key = (first, last)
        found = self.ranges.get(key)
        if found is None:
            short = formatting.short_range(first, last, self.locale, self._get)
            long = formatting.date_range(first, last, self.locale, self._get)
            found = self.ranges[key] = (short, long, str(esc(short)), str(esc(long)))
        return found


class _Links:
    """The events' addresses, as url_for makes them, built once and filled in per event
    (url_for per bar is a large part of the page's time)."""

    ID, KEY = "987654321", "20000101T000000Z"

    def __init__(self, tz: str | None):
        self._detail = url_for("events.detail", event_id=int(self.ID), tz=tz)
        self._occurrence = url_for(
            "events.occurrence", event_id=int(self.ID), occurrence=self.KEY, tz=tz
        )

    def detail(self, event) -> str:
        return self._detail.replace(self.ID, str(event.id), 1)

    def occurrence(self, event) -> str:
        return self._occurrence.replace(self.ID, str(event.series_id), 1).replace(
            self.KEY, event.occurrence, 1
        )


@dataclass(frozen=True, slots=True)
class _KindWords:
    """A kind and status as every bar and row of them says it (escaped where HTML)."""

    kind: str
    status: str
    kind_word: str  # lower case, in running text
    status_word: str
    classes: str  # "kind-x status-y"
    chips: str  # the row's chips for them
    spoken: str  # ", kind, status, " for screen readers, before the dates


class _Words:
    """Labels, names and places looked up once per request."""

    def __init__(self, force_records: dict, language: str, icons: dict[str, Markup]):
        self.language = language
        self.forces = force_records
        self.icons = icons
        self.kinds: dict[str, str] = {}
        self.statuses: dict[str, str] = {}
        self.kind_words: dict[tuple[str, str], _KindWords] = {}
        self.force_names: dict[str, tuple[str, bool]] = {}
        self.places: dict[int, tuple[Markup, str, bool]] = {}
        self.marks = {mark: gettext(words) for mark, words in MARK_WORDS.items()}
        self.double_booked = escape(gettext("double-booked"))

    def kind(self, kind: str) -> str:
        if kind not in self.kinds:
            self.kinds[kind] = kind_label(kind)
        return self.kinds[kind]

    def status(self, status: str) -> str:
        if status not in self.statuses:
            self.statuses[status] = status_label(status)
        return self.statuses[status]

    def of_kind(self, kind: str, status: str) -> _KindWords:
        found = self.kind_words.get((kind, status))
        if found is None:
            kind_text, status_text = self.kind(kind), self.status(status)
            kind_word, status_word = kind_text.lower(), status_text.lower()
            chips = f'<span class="chip">{esc(kind_text)}</span>'
            if status != "confirmed":
                chips += f' <span class="chip chip-{esc(status)}">{esc(status_text)}</span>'
            found = self.kind_words[(kind, status)] = _KindWords(
                kind=kind_text,
                status=status_text,
                kind_word=kind_word,
                status_word=status_word,
                classes=f"kind-{esc(kind)} status-{esc(status)}",
                chips=chips,
                spoken=str(esc(f", {kind_word}, {status_word}, ")),
            )
        return found

    def force(self, name: str) -> tuple[str, bool]:
        """(its name as a tooltip says it, whether that is in the page's language)."""
        found = self.force_names.get(name)
        if found is None:
            record = self.forces.get(name)
            if record is None:
                found = (gettext(name), True)
            else:
                text, lang = record.localized_name(self.language)
                found = (text, lang == self.language)
            self.force_names[name] = found
        return found

    def place(self, location) -> tuple[Markup, str, bool]:
        """Where it is as the page shows it (a name that fell back marked lang="en"), as
        plain text (a tooltip), and whether its name reads in the page's language."""
        found = self.places.get(location.id)
        if found is None:
            language = self.language
            name, name_lang = location.localized_name(language)
            parts = [marked(name, name_lang, language)]
            if location.city:
                parts.append(marked(*location.localized_city(language), language))
            if location.country:
                parts.append(escape(location.country_name(language)))
            found = (Markup(", ").join(parts), location.label(language), name_lang == language)
            self.places[location.id] = found
        return found


def force_heading(name: str, force_records: dict) -> Markup:
    """A row's force in the reader's language (the plan's data names forces in English)."""
    record = force_records.get(name)
    return shown(record, "name") if record else escape(gettext(name))


def _event_view(
    pe: PlanEvent, bar: Bar, days: _Days, words: _Words, tz: _Links, printing: bool, year_days: int
) -> EventView:
    item, record = pe.item, pe.item.record
    event = item.event
    language = words.language
    href = tz.occurrence(event) if event.occurrence else tz.detail(event)
    if record is not None:
        title_text, title_lang = record.localized_title(language)
    else:
        title_text, title_lang = pe.title, language
    title = marked(title_text, title_lang, language)
    kinds = words.of_kind(event.kind, event.status)
    short_dates, _, short, long = days.ranges_of(pe.first_day, pe.last_day)
    location = record.location if record is not None else None
    if not item.entry["place"]:
        place, place_plain, place_reads = Markup(""), "", True
    elif location is None:
        place, place_plain, place_reads = escape(item.entry["place"]), item.entry["place"], True
    else:
        place, place_plain, place_reads = words.place(location)
    mark_words = words.marks.get(pe.mark, "")
    forces = [words.force(name) for name in event.forces]
    # A tooltip (an attribute: it cannot mark a part as another language) only when the
    # title, forces and place all read in the page's language (as plan.words says).
    if record is None:
        reads = language == "en"
    else:
        forces_of_record = [words.force(force.name) for force in record.forces]
        reads = title_lang == language and place_reads and all(ok for _, ok in forces_of_record)
    tooltip = ""
    if reads:
        parts = [
            title_text,
            kinds.kind_word,
            kinds.status_word,
            f"{short_dates} {pe.last_day.year}",
        ]
        if place_plain:
            parts.append(place_plain)
        if forces:
            parts.append(", ".join(text for text, _ in forces))
        if mark_words:
            parts.append(mark_words)
        tooltip = " · ".join(parts)
    # Built as plain strings (Markup's % is slow per piece): every text escaped here.
    spoken = kinds.spoken + long  # plain str from here: Markup + str would escape the str
    said = spoken
    if place:
        said += f", {place}"
    if mark_words:
        said += f", {esc(mark_words)}"
    if event.conflict:
        said += f", {words.double_booked}"
    classes = kinds.classes
    if pe.mark:
        classes += f" mark-{pe.mark}"
    if bar.continues_before:
        classes += " cont-before"
    if bar.continues_after:
        classes += " cont-after"
    if bar.days < 12:
        classes += " short"
    classes += f" at{bar.start} len{bar.days}"
    icons = words.icons
    mark = f'<span class="plan-mark">{icons[pe.mark]}</span>' if pe.mark else ""
    conflict = f'<span class="conflict-mark">{icons["conflict"]}</span>' if event.conflict else ""
    tip = f' title="{esc(tooltip)}"' if tooltip else ""
    href = esc(href)
    if printing:
        # The PDF's bar: what shows, placed by an inline style (WeasyPrint has no
        # Content-Security-Policy and lays out plain lengths faster than calc(var())); no
        # text for screen readers nor tooltip, which a printed page cannot give.
        place_at = (
            f"left:{bar.start * 100 / year_days:.4f}%;width:{bar.days * 100 / year_days:.4f}%"
        )
        classes = classes.rsplit(" at", 1)[0]
        bar_html = (
            f'<a class="plan-bar {classes}" href="{href}" style="{place_at}">{mark}{conflict}'
            f'<span class="plan-bar-title">{title}</span> {short}</a>'
        )
        return EventView(bar=Markup(bar_html), row=Markup(""))  # noqa: S704 (escaped above)
    bar_html = (
        f'<a class="plan-bar {classes}" href="{href}"{tip} data-key="{esc(pe.key)}">'
        f'<span class="plan-bar-label">{mark}{conflict}<span class="plan-bar-title">{title}'
        f'</span> <span class="plan-bar-dates">{short}</span></span>'
        f'<span class="visually-hidden">{said}</span></a>'
    )
    chips = kinds.chips
    if pe.mark:
        chips += f' <span class="chip chip-mark">{mark} {esc(mark_words)}</span>'
    if event.conflict:
        chips += (
            f' <span class="chip chip-conflict">{icons["conflict"]} {words.double_booked}</span>'
        )
    if place:
        chips += f" <span>{place}</span>"
    row_mark = f" mark-{pe.mark}" if pe.mark else ""
    row_html = (
        f'<li class="event-row {kinds.classes}{row_mark}">'
        f'<span class="row-time">{short}</span> <span class="row-main">'
        f'<a class="row-title" href="{href}"><span class="title">{title}</span>'
        f'<span class="visually-hidden">{spoken}</span></a> '
        f'<span class="row-meta">{chips}</span></span></li>'
    )
    return EventView(bar=Markup(bar_html), row=Markup(row_html))  # noqa: S704 (escaped above)


def event_views(
    plan: Plan,
    force_records: dict,
    tz_chosen: str | None,
    icons: dict[str, Markup],
    printing: bool = False,
) -> dict[str, EventView]:
    """Every event of the plan by its key. `tz_chosen`: the zone its links keep (None: the
    reader's default); `icons`: the marks' drawings (templates/plan/_macros.html);
    `printing`: the PDF's lean bars (no list rows: the PDF's list is drawn apart)."""
    language = current_language()
    days, words = _Days(language), _Words(force_records, language, icons)
    links = _Links(tz_chosen)
    views: dict[str, EventView] = {}
    for row in plan.rows:
        for bar in row.bars:
            if bar.event.key not in views:
                views[bar.event.key] = _event_view(
                    bar.event, bar, days, words, links, printing, plan.days
                )
    return views


def lanes_html(row, views: dict[str, EventView]) -> Markup:
    """A row's lanes: a line each, its bars in it."""
    return Markup(  # noqa: S704 (the bars are Markup already)
        "".join(
            '<div class="plan-lane">' + "".join(views[bar.event.key].bar for bar in lane) + "</div>"
            for lane in row.lanes
        )
    )


def rows_html(events, views: dict[str, EventView]) -> Markup:
    """A force's rows in a month of the list (one join, not a template loop per row)."""
    return Markup("".join(views[pe.key].row for pe in events))  # noqa: S704 (Markup already)


def week_lines(plan: Plan) -> str:
    """The background of every row: a line at each week's edge, stronger at a month's,
    and today's in red, as an SVG data address (an <img>: no inline style)."""
    weeks = "".join(
        f"M{week.start} 0v1" for week in plan.weeks if week.start and week.first.day != 1
    )
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
