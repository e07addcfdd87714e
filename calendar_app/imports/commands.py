"""`calendar-app import-ics`: the same preview and write as the /import page."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from ..extensions import db
from ..schema import needs_current_schema
from ..vocab import VISIBILITIES


@click.command("import-ics")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show the preview only; write nothing.")
@click.option(
    "--visibility",
    type=click.Choice(VISIBILITIES),
    default="internal",
    show_default=True,
    help="For new events without CLASS or with CLASS:PUBLIC; "
    "CLASS:PRIVATE and CONFIDENTIAL are always internal.",
)
@click.option("--kind", help="Kind for events whose categories and title name none.")
@needs_current_schema
def import_ics_command(path: Path, dry_run: bool, visibility: str, kind: str | None) -> None:
    """Import events from an .ics file (idempotent by UID); prints a preview first."""
    from .importer import commit_import, plan_import
    from .parse import IcsError
    from .plan import ImportOptions

    kinds = current_app.config["CALENDAR_KINDS"]
    if kind is not None and kind not in kinds:
        raise click.BadParameter(f"choose one of {', '.join(kinds)}", param_hint="--kind")

    limit = current_app.config["CALENDAR_MAX_IMPORT_BYTES"]
    if path.stat().st_size > limit:
        raise click.ClickException(
            f"the file is larger than {limit} bytes (CALENDAR_MAX_IMPORT_BYTES)"
        )
    try:
        plan = plan_import(path.read_bytes(), options=ImportOptions(visibility, kind))
    except IcsError as error:
        raise click.ClickException(str(error)) from None
    for change in plan.changes:
        detail = f" — {change.reason}" if change.reason else ""
        if change.changes:
            detail += f" ({', '.join(change.changes)})"
        if change.visibility:
            detail += f" [{change.kind}, {change.visibility}: {change.visibility_reason}]"
        click.echo(f"{change.action:9} {change.title or change.uid}{detail}")
        if change.rule_words:
            click.echo(
                f"          repeats: {change.rule_words} ({change.next_year} in the next year)"
            )
        for warning in change.warnings:
            click.echo(f"          warning: {warning}")
    summary = ", ".join(f"{count} {action}" for action, count in plan.summary.items())
    if dry_run:
        click.echo(f"Preview only: {summary}. Nothing written.")
        return
    commit_import(plan, None, _progress_line())
    db.session.commit()
    click.echo(f"Imported: {summary}.")


def _progress_line():
    """A progress line on stderr as batches are written: redrawn in place on a terminal,
    one line per batch when the output goes to a file or a log."""
    in_place = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        line = f"Writing events: {done:,} of {total:,}"
        if in_place:
            click.echo(f"\r{line}", err=True, nl=done == total)
        else:
            click.echo(line, err=True)

    return show
