"""The year plan: `/plan/<year>` (and its PDF and Excel table), its approval and what
changed since. Thin: data.py reads, layout.py and changes.py compute, print.py renders."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ..auth.access import role_required
from ..domain.filters import FilterError
from ..events.policy import sees_internal, visible_events
from ..events.queries import filtered
from ..extensions import db
from ..schedule.errors import bad_arguments
from ..schedule.formatting import HELPERS
from ..schedule.view_state import filter_panel, marked_conflicts, read_view_state
from ..vocab import FIRST_YEAR, LAST_YEAR, in_year_range
from . import export
from .approvals import approvals_of, approve, changes_since
from .changes import counts, field_changes, mark_of
from .data import forces_in_order, plan_event, plan_items, year_window
from .forms import ApprovalForm
from .layout import by_month, plan_layout

bp = Blueprint("plan", __name__)
bp.register_error_handler(FilterError, bad_arguments)
PAPERS = {"a3": "A3", "a4": "A4"}
DEFAULT_KIND = "training"


def url_with(endpoint: str, args: dict, **values) -> str:
    return url_for(endpoint, **values, **args)


@bp.context_processor
def helpers():
    return {**HELPERS, "url_with": url_with, "month_names": calendar.month_name}


def plan_title(year: int) -> str:
    return current_app.config["CALENDAR_PLAN_TITLE"].replace("{year}", str(year))


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


def build_plan(year: int) -> dict:
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
    forces = forces_in_order(plan_filter.forces)
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
        "groups": by_month(plan),
        "items": items,
        "approvals": approvals,
        "latest": latest,
        "mark_counts": counts_of(events),
        "all_kinds": _all_kinds(),
        "default_kinds": plan_filter.kinds != state.event_filter.kinds,
        "plan_title": plan_title(year),
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


def _page(year: int, **extra):
    context = build_plan(year)
    state = context["state"]
    return render_template(
        "plan/page.html",
        panel=filter_panel(state),
        filter_home=url_for("plan.year", year=year, **_kinds_args()),
        kinds_args=_kinds_args(),
        form=ApprovalForm(),
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


@bp.get("/plan/<int:year>.pdf")
def pdf(year: int):
    from .printing import render_pdf

    paper = request.args.get("paper", "a3").lower()
    if paper not in PAPERS:
        raise FilterError("paper must be a3 or a4")
    html = _page(year, pdf_paper=PAPERS[paper])
    body = render_pdf(
        html,
        current_app.static_folder,
        current_app.config["CALENDAR_BASE_URL"],
        url_for("static", filename=""),
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="plan-{year}.pdf"'},
    )


@bp.get("/plan/<int:year>.xlsx")
def xlsx(year: int):
    context = build_plan(year)
    body = export.workbook(context["plan_title"], export.rows(context["items"]))
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="plan-{year}.xlsx"'},
    )


@bp.get("/plan/<int:year>/changes")
def changes(year: int):
    _check_year(year)
    state = read_view_state()
    approvals = approvals_of(year)
    latest = approvals[0] if approvals else None
    found = (
        changes_since(latest, _baseline_zone(), internal=sees_internal(current_user))
        if latest
        else []
    )
    return render_template(
        "plan/changes.html",
        state=state,
        year=year,
        approvals=approvals,
        latest=latest,
        changes=found,
        change_counts=counts(found),
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
        f"The {year} plan is approved ({approval.reference}, {approval.approved_on:%d %B %Y}): "
        "changes are now counted from it.",
        "success",
    )
    return redirect(url_for("plan.year", year=year)), 303
