"""Command line: `calendar-app` (the same commands as `flask --app calendar_app`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from .auth.users import username_taken
from .extensions import db
from .models import ROLES, Event, User


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(users)
    app.cli.add_command(feeds)
    app.cli.add_command(import_ics_command)
    app.cli.add_command(export_ics_command)
    app.cli.add_command(export_json_command)
    app.cli.add_command(import_json_command)
    app.cli.add_command(backup_command)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no events.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo events from the CSTO news text (idempotent)."""
    from .demo import seed_demo

    if if_empty and db.session.scalar(select(func.count(Event.id))):
        click.echo("Database already has events; demo data not loaded.")
        return
    created = seed_demo()
    click.echo(f"Demo data loaded: {created} new events.")


@click.group()
def users() -> None:
    """Manage staff accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_create(username: str, role: str, password_stdin: bool) -> None:
    """Create a user; the password is prompted for unless --password-stdin."""
    username = username.strip()
    if not username or len(username) > 64:
        raise click.UsageError("username must be 1 to 64 characters")
    if username_taken(username):
        raise click.UsageError(f"user {username!r} already exists (names ignore case)")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.UsageError("password must be at least 8 characters")
    user = User(username=username, role=role, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {username!r}.")


@users.command("list")
@with_appcontext
def users_list() -> None:
    """List users with their roles."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.username}\t{user.role}\t{state}")


@click.group()
def feeds() -> None:
    """iCalendar feed maintenance."""


@feeds.command("rebuild")
@with_appcontext
def feeds_rebuild() -> None:
    """Re-render every event's stored feed text (after an upgrade or a base-URL change)."""
    from .feed_store import rebuild_all_texts

    click.echo(f"Rendered {rebuild_all_texts()} events.")


@click.command("import-ics")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show the preview only; write nothing.")
@click.option(
    "--visibility",
    type=click.Choice(["internal", "public"]),
    default="internal",
    show_default=True,
    help="For new events without CLASS or with CLASS:PUBLIC; "
    "CLASS:PRIVATE and CONFIDENTIAL are always internal.",
)
@click.option("--kind", help="Kind for events whose categories and title name none.")
@with_appcontext
def import_ics_command(path: Path, dry_run: bool, visibility: str, kind: str | None) -> None:
    """Import events from an .ics file (idempotent by UID); prints a preview first."""
    from .domain.ics_import import IcsError
    from .events.importer import ImportOptions, commit_import, plan_import

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
        for warning in change.warnings:
            click.echo(f"          warning: {warning}")
    summary = ", ".join(f"{count} {action}" for action, count in plan.summary.items())
    if dry_run:
        click.echo(f"Preview only: {summary}. Nothing written.")
        return
    commit_import(plan, None)
    click.echo(f"Imported: {summary}.")


@click.command("export-ics")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_ics_command(path: Path) -> None:
    """Write every live event (internal and cancelled too) to an .ics file."""
    from datetime import UTC, datetime

    from .domain.filters import EventFilter
    from .domain.ical import FeedOptions
    from .feeds.build import FeedRequest, assemble_feed

    request = FeedRequest(True, EventFilter(), datetime(1900, 1, 1, tzinfo=UTC), None)
    body = assemble_feed(request, FeedOptions(name=current_app.config["CALENDAR_NAME"]))
    path.write_bytes(body)
    click.echo(f"Wrote {body.count(b'BEGIN:VEVENT')} events to {path}.")


@click.command("export-json")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_json_command(path: Path) -> None:
    """Write the whole database (events, forces, locations, revisions, users) as JSON."""
    from .backup import export_data

    data = export_data()
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in data["tables"].items())
    click.echo(f"Exported {counts} to {path}.")


@click.command("import-json")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Wipe this database first.")
@with_appcontext
def import_json_command(path: Path, replace: bool) -> None:
    """Load an export-json file into this (empty) database."""
    from .backup import BackupError, import_data

    try:
        counts = import_data(json.loads(path.read_text()), replace=replace)
    except (BackupError, json.JSONDecodeError) as error:
        raise click.ClickException(str(error)) from None
    click.echo("Imported " + ", ".join(f"{n} {name}" for name, n in counts.items()) + ".")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """A consistent online copy of the SQLite database (PostgreSQL: use pg_dump)."""
    from .backup import BackupError, backup_sqlite

    try:
        backup_sqlite(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path}.")


def _create_app():
    from . import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help="calendar_app administration.")


def main() -> None:
    from .config import ConfigError

    try:
        cli.main(prog_name="calendar-app")
    except ConfigError as error:
        click.echo(f"calendar-app: configuration error: {error}", err=True)
        sys.exit(2)
