"""`calendar-app feeds rebuild` and `export-ics`: the feed texts and the whole calendar as a file."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group()
def feeds() -> None:
    """iCalendar feed maintenance."""


@feeds.command("rebuild")
@with_appcontext
def feeds_rebuild() -> None:
    """Re-render every event's stored feed text (after an upgrade or a base-URL change)."""
    from .store import rebuild_all_texts

    click.echo(f"Rendered {rebuild_all_texts()} events.")


@click.command("export-ics")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_ics_command(path: Path) -> None:
    """Write every live event (internal and cancelled too) to an .ics file."""
    from datetime import UTC, datetime

    from ..domain.filters import EventFilter
    from ..vocab import FIRST_YEAR
    from .build import FeedRequest, assemble_feed
    from .ical import FeedOptions

    request = FeedRequest(True, EventFilter(), datetime(FIRST_YEAR, 1, 1, tzinfo=UTC), None)
    body = assemble_feed(request, FeedOptions(name=current_app.config["CALENDAR_NAME"]))
    path.write_bytes(body)
    click.echo(f"Wrote {body.count(b'BEGIN:VEVENT')} events to {path}.")
