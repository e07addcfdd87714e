"""Command line: `calendar-app` (the same commands as `flask --app calendar_app`)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from .extensions import db
from .models import Event
from .output_files import force_option, output_file
from .schema import needs_current_schema


def register(app: Flask) -> None:
    """Each capability's commands, and the whole-database ones defined here."""
    from .auth.commands import users
    from .feeds.commands import export_ics_command, feeds, upgrade_then_render
    from .imports.commands import import_ics_command

    upgrade_then_render(app)
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
@needs_current_schema
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo events from the CSTO news text (idempotent)."""
    from .demo import seed_demo

    if if_empty and db.session.scalar(select(func.count(Event.id))):
        click.echo("Database already has events; demo data not loaded.")
        return
    created = seed_demo()
    click.echo(f"Demo data loaded: {created} new events.")


@click.command("export-json")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@force_option
@needs_current_schema
def export_json_command(path: Path, force: bool) -> None:
    """Write the whole database (events, forces, locations, revisions, users) as JSON."""
    from .backup import export_data

    with output_file(path, force) as part:
        data = export_data()
        part.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in data["tables"].items())
    click.echo(f"Exported {counts} to {path}.")


@click.command("import-json")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Wipe this database first.")
@needs_current_schema
def import_json_command(path: Path, replace: bool) -> None:
    """Load an export-json file into this (empty) database."""
    from .backup import BackupError, import_data

    try:
        counts = import_data(json.loads(path.read_text()), replace=replace)
    except (BackupError, json.JSONDecodeError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo("Imported " + ", ".join(f"{n} {name}" for name, n in counts.items()) + ".")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@force_option
@with_appcontext  # any schema: a copy before an upgrade is wise
def backup_command(path: Path, force: bool) -> None:
    """A consistent online copy of the SQLite database (PostgreSQL: use pg_dump)."""
    from .backup import BackupError, backup_sqlite

    try:
        with output_file(path, force) as part:
            backup_sqlite(part)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path}.")


def _create_app():
    from . import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help="calendar_app administration.")


def main() -> None:
    # A bad setting is one line and exit status 2: create_app says it under any command line.
    cli.main(prog_name="calendar-app")
