"""The year plan: `/plan/<year>` (and its PDF and Excel table), its approval and what
changed since. Thin: data.py reads, layout.py and changes.py compute, view.py words the
bars, printing.py renders the PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, gettext
from flask_login import current_user

from ..auth.access import role_required
from ..domain.filters import FilterError
from ..domain.text import N_, Message
from ..events.policy import sees_internal, visible_events
from ..events.queries import filtered
from ..extensions import db
from ..i18n.dates import date_text
from ..i18n.locales import LOCALES
from ..i18n.setup import current_language
from ..schedule.errors import bad_arguments
from ..schedule.view_state import filter_panel, marked_conflicts, read_view_state
from ..vocab import FIRST_YEAR, LAST_YEAR, in_year_range
from . import export
from .approvals import approvals_of, approve, changes_since, events_by_id, revisions_since
from .changes import counts, field_changes, mark_of, span_parts, when_parts
from .data import force_records, forces_in_order, plan_event, plan_items, year_window
from .forms import ApprovalForm
from .layout import by_month, plan_layout
from .view import event_views, force_heading, lanes_html, rows_html, week_lines
from .words import page_counter

bp = Blueprint("plan", __name__)
bp.register_error_handler(FilterError, bad_arguments)
PAPERS = {"a3": "A3", "a4": "A4"}
DEFAULT_KIND = "training"
LANGS = ", ".join(LOCALES)
ICONS = ("new", "moved", "changed", "cancelled", "conflict")  # the marks' drawings


def url_with(endpoint: str, args: dict, **values) -> str:
    return url_for(endpoint, **values, **args)


@bp.context_processor
def helpers():
    # Only what the i18n layer does not give: its date helpers take the request's language.
    return {
        "url_with": url_with,
        "page_counter": page_counter,
    }


def plan_title(year: int, language: str | None = None) -> str:
    """The configured title in `language` (CALENDAR_PLAN_TITLE_RU for Russian)."""
    language = language or current_language()
    setting = "CALENDAR_PLAN_TITLE_RU" if language == "ru" else "CALENDAR_PLAN_TITLE"
    return current_app.config[setting].replace("{year}", str(year))


def asked_language() -> str | None:
    """`?lang=ru|en` of a PDF or Excel link (None: the request's language); 400 otherwise."""
    asked = request.args.get("lang")
    if asked is None:
        return None
    if asked not in LOCALES:
        raise FilterError(Message(N_("lang must be one of: %(languages)s"), languages=LANGS))
    return asked


def _check_year(year: int) -> None:
    if not in_year_range(year):
        abort(404)


def _baseline_zone():
    from ..domain.timezones import zone

    return zone(current_app.config["CALENDAR_TIMEZONE"])


def _all_kinds() -> bool:
    return request.args.get("kinds") == "all"


def _plan_filter(state):
    """The visitor's filter; with no kind chosen, trainings only (unless ?kinds=all)."""
    chosen = state.event_filter
    if chosen.kinds or _all_kinds() or DEFAULT_KIND not in current_app.config["CALENDAR_KINDS"]:
        return chosen
    return replace(chosen, kinds=(DEFAULT_KIND,))


def build_plan(year: int, printing: bool = False) -> dict:
    """Everything the plan's template needs: the page, the PDF and the Excel table."""
    _check_year(year)
    state = read_view_state()
    plan_filter = _plan_filter(state)
    items = plan_items(filtered(visible_events(current_user), plan_filter), year, state.tz)
    if current_user.is_authenticated and current_user.can("editor"):  # planners see overlaps
        marked = marked_conflicts([item.event for item in items], *year_window(year))
        items = [replace(item, event=event) for item, event in zip(items, marked, strict=True)]
    approvals = approvals_of(year)
    latest = approvals[0] if approvals else None
    baseline = {entry["key"]: entry for entry in (latest.snapshot if latest else [])}
    forces = forces_in_order(plan_filter.forces, current_language())
    force_ids = {name: force_id for force_id, name in forces}
    events = []
    for item in items:
        before = baseline.get(item.key)
        mark = ""
        if latest is not None:
            mark = mark_of(before, item.entry, field_changes(before, item.entry) if before else ())
        events.append(plan_event(item, force_ids, mark))
    plan = plan_layout(year, forces, events, state.today(), unassigned_row=not plan_filter.forces)
    return {
        "state": state,
        "year": year,
        "plan": plan,
        "groups": [] if printing else by_month(plan),
        "items": items,
        "approvals": approvals,
        "latest": latest,
        "mark_counts": counts_of(events),
        "double_booked": any(item.event.conflict for item in items),  # the legend says why
        "all_kinds": _all_kinds(),
        "default_kinds": plan_filter.kinds != state.event_filter.kinds,
        "plan_title": plan_title(year),
        "force_records": force_records(),
        "generated": datetime.now(state.tz),
        "prev_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
    }


def counts_of(events) -> dict[str, int]:
    found: dict[str, int] = {}
    for event in events:
        if event.mark:
            found[event.mark] = found.get(event.mark, 0) + 1
    return found


def _kinds_args() -> dict:
    return {"kinds": "all"} if _all_kinds() else {}


def _page(year: int, printing: bool = False, **extra):
    context = build_plan(year, printing)
    state = context["state"]
    language = current_language()
    plan, records = context["plan"], context["force_records"]
    icon = get_template_attribute("plan/_macros.html", "icon")
    icons = {name: icon(name) for name in ICONS}
    return render_template(
        "plan/page.html",
        printing=printing,
        icons=icons,
        views=event_views(
            plan, records, state.tz_name if state.tz_chosen else None, icons, printing
        ),
        lanes_html=lanes_html,
        rows_html=rows_html,
        force_headings={row.name: force_heading(row.name, records) for row in plan.rows},
        week_lines=week_lines(plan),
        panel=filter_panel(state),
        filter_home=url_for("plan.year", year=year, **_kinds_args()),
        kinds_args=_kinds_args(),
        form=ApprovalForm(),
        other_languages={code: name for code, name in LOCALES.items() if code != language},
        **context,
        **extra,
    )


@bp.get("/plan")
def index():
    state = read_view_state()
    return redirect(url_for("plan.year", year=state.today().year, **state.args, **_kinds_args()))


@bp.get("/plan/<int:year>")
def year(year: int):
    return _page(year)


@bp.get("/plan/print-<lang>.css")
def print_words(lang: str):
    """The browser's printed plan footer ("Page X of Y") in `lang`: a stylesheet, not a
    <style> in the page, which the content security policy refuses."""
    if lang not in LOCALES:
        abort(404)
    with force_locale(lang):
        css = f"@media print {{ @page {{ @bottom-right {{ content: {page_counter()}; }} }} }}\n"
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.get("/plan/<int:year>.pdf")
def pdf(year: int):
    from .printing import render_pdf

    paper = request.args.get("paper", "a3").lower()
    if paper not in PAPERS:
        raise FilterError(Message(N_("paper must be a3 or a4")))
    language = asked_language() or current_language()
    with force_locale(language):
        html = _page(year, printing=True, pdf_paper=PAPERS[paper])
    body = render_pdf(
        html,
        current_app.static_folder,
        current_app.config["CALENDAR_BASE_URL"],
        url_for("static", filename=""),
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="plan-{year}-{language}.pdf"'},
    )


@bp.get("/plan/<int:year>.xlsx")
def xlsx(year: int):
    language = asked_language() or current_language()
    with force_locale(language):
        context = build_plan(year)
        body = export.workbook(
            plan_title(year, language),
            export.rows(context["items"], language, gettext),
            language,
            gettext,
        )
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="plan-{year}-{language}.xlsx"'},
    )


@bp.get("/plan/<int:year>/changes")
def changes(year: int):
    """What changed since the newest approval: each event's before → after, and the
    revisions since, from its history."""
    _check_year(year)
    state = read_view_state()
    approvals = approvals_of(year)
    latest = approvals[0] if approvals else None
    found = (
        changes_since(latest, _baseline_zone(), internal=sees_internal(current_user))
        if latest
        else []
    )
    language = current_language()
    staff = latest is not None and current_user.is_authenticated
    return render_template(
        "plan/changes.html",
        state=state,
        year=year,
        approvals=approvals,
        latest=latest,
        changes=found,
        change_counts=counts(found),
        # Who changed what is staff business (as on the event's page).
        revisions=revisions_since(latest, found) if staff else {},
        records=events_by_id(change.entry.get("event_id") for change in found),
        force_name=partial(force_heading, force_records=force_records()),
        when_parts=lambda value: when_parts(value, language),
        span_parts=lambda entry: span_parts(entry, language),
        plan_title=plan_title(year),
    )


@bp.post("/plan/<int:year>/approve")
@role_required("admin")
def approve_year(year: int):
    _check_year(year)
    form = ApprovalForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for("plan.year", year=year)), 303
    approval = approve(
        year, form.approved_on.data, form.reference.data, current_user, _baseline_zone()
    )
    db.session.commit()
    flash(
        gettext(
            "The %(year)s plan is approved (%(reference)s, %(date)s): "
            "changes are now counted from it.",
            year=year,
            reference=approval.reference,
            date=date_text(approval.approved_on, current_language()),
        ),
        "success",
    )
    return redirect(url_for("plan.year", year=year)), 303
