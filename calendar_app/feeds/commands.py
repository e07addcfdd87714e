"""`calendar-app feeds rebuild` and `export-ics`: the feed texts and the whole calendar as a file."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from ..extensions import db
from ..output_files import force_option, output_file
from ..schema import needs_current_schema


@click.group()
def feeds() -> None:
    """iCalendar feed maintenance."""


@feeds.command("rebuild")
@needs_current_schema
def feeds_rebuild() -> None:
    """Re-render every event's stored feed text (after an upgrade or a base-URL change)."""
    from .store import rebuild_all_texts

    count = rebuild_all_texts()
    db.session.commit()
    click.echo(f"Rendered {count} events.")


@click.command("export-ics")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@force_option
@needs_current_schema
def export_ics_command(path: Path, force: bool) -> None:
    """Write every live event (internal and cancelled too) to an .ics file."""
    from datetime import UTC, datetime

    from ..domain.filters import EventFilter
    from ..vocab import FIRST_YEAR
    from .build import FeedRequest, assemble_feed
    from .ical import FeedOptions

    request = FeedRequest(True, EventFilter(), datetime(FIRST_YEAR, 1, 1, tzinfo=UTC), None)
    with output_file(path, force) as part:
        body = assemble_feed(request, FeedOptions(name=current_app.config["CALENDAR_NAME"]))
        part.write_bytes(body)
    click.echo(f"Wrote {body.count(b'BEGIN:VEVENT')} events to {path}.")


def upgrade_then_render(app) -> None:
    """Make `db upgrade` also bring the stored feed texts up to date, so the first
    subscriber after a release is served from stored texts and no request writes."""
    from flask_migrate.cli import db as db_group
    from flask_migrate.cli import upgrade as alembic_upgrade

    @click.command("upgrade", params=alembic_upgrade.params, help=alembic_upgrade.help)
    @click.pass_context
    def upgrade(ctx: click.Context, **options) -> None:
        ctx.invoke(alembic_upgrade, **options)
        if options.get("sql"):
            return  # offline SQL only: there is no database to render into
        with app.app_context():
            from .store import ensure_texts_current

            if ensure_texts_current():
                click.echo("Feed texts re-rendered for this version and base URL.")
            db.session.commit()

    db_group.add_command(upgrade)
