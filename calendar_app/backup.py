"""Whole-database export and import as JSON, and consistent online SQLite backups.

The JSON holds every row of every table (users with their password hashes, so
treat the file as a secret), in an order that respects foreign keys, and loads
back into an empty database with the same ids: export -> wipe -> import gives
identical data. A series travels whole: its rule, excluded dates and range, and its
overrides with their series and recurrence ids (checked by the same rules as any write).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import Date, DateTime, delete, func, insert, select

from .domain.events import EventData
from .domain.recurrence import parse_exdate_text
from .events.rules import EventRules, check_event
from .extensions import db
from .feeds.store import on_events_rewritten
from .models import (
    AccountChange,
    ApiToken,
    Event,
    EventRevision,
    Force,
    Location,
    Official,
    User,
    event_forces,
    event_officials,
    utcnow,
)

FORMAT = "calendar_app/1"
TABLES = [
    User.__table__,
    ApiToken.__table__,
    AccountChange.__table__,
    Force.__table__,
    Location.__table__,
    Official.__table__,
    Event.__table__,
    event_forces,
    event_officials,
    EventRevision.__table__,
]


class BackupError(ValueError):
    """The file or the database is not fit for this operation; the message says why."""


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_data() -> dict:
    tables = {}
    for table in TABLES:
        order = [c for c in table.primary_key.columns]
        rows = db.session.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return {"format": FORMAT, "exported_at": utcnow().isoformat(), "tables": tables}


def _typed(table, row: dict) -> dict:
    values = {}
    for column in table.columns:
        if column.key not in row:
            continue
        value = row[column.key]
        if (
            value is not None
            and isinstance(column.type, DateTime | Date)
            or (value is not None and isinstance(getattr(column.type, "impl", None), DateTime))
        ):
            value = (datetime if not isinstance(column.type, Date) else date).fromisoformat(value)
        values[column.key] = value
    return values


def _check_events(tables: dict[str, list[dict]]) -> None:
    """Every event of the export meets the rules every other write path applies."""
    location_zones = {row["id"]: row["timezone"] for row in tables[Location.__table__.name]}
    force_ids = {row["id"] for row in tables[Force.__table__.name]}
    forces_of: dict[int, list[int]] = {}
    for row in tables[event_forces.name]:
        forces_of.setdefault(row["event_id"], []).append(row["force_id"])
    official_ids = {row["id"] for row in tables[Official.__table__.name]}
    officials_of: dict[int, list[int]] = {}
    for row in tables[event_officials.name]:
        officials_of.setdefault(row["event_id"], []).append(row["official_id"])
    rules = EventRules(
        kinds=current_app.config["CALENDAR_KINDS"],
        default_timezone=current_app.config["CALENDAR_TIMEZONE"],
        location_zones=location_zones,
        force_ids=force_ids,
        official_ids=official_ids,
    )
    event_ids = {row["id"] for row in tables[Event.__table__.name]}
    for row in tables[Event.__table__.name]:
        if row.get("series_id") is not None and row["series_id"] not in event_ids:
            raise BackupError(
                f"event {row['id']} ({row['uid']}) is an occurrence of event "
                f"{row['series_id']}, which the export does not hold"
            )
        data = EventData(
            title=row["title"],
            title_ru=row.get("title_ru") or "",
            description_ru=row.get("description_ru") or "",
            kind=row["kind"],
            all_day=row["all_day"],
            start=row["start_date"] if row["all_day"] else row["starts_at"],
            end=row["end_date"] if row["all_day"] else row["ends_at"],
            timezone=row["timezone"],
            status=row["status"],
            location_id=row["location_id"],
            force_ids=forces_of.get(row["id"], []),
            official_ids=officials_of.get(row["id"], []),
            description=row["description"],
            participants=row["participants"],
            visibility=row["visibility"],
            rrule=row.get("rrule"),
            exdates=tuple(parse_exdate_text(text) for text in row.get("exdates") or ()),
        )
        problems = check_event(data, rules)
        if problems:
            said = "; ".join(f"{name}: {message}" for name, message in problems.items())
            raise BackupError(f"event {row['id']} ({row['uid']}) breaks the event rules: {said}")


def import_data(data: dict, *, replace: bool = False) -> dict[str, int]:
    """Load an export into this database (which must be empty unless replace=True).
    Flushes only: the caller commits, or rolls back on BackupError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"not a {FORMAT} export")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise BackupError("the export has no tables")
    if db.session.scalar(select(func.count()).select_from(Event.__table__)) and not replace:
        raise BackupError("the database already has events; use --replace to wipe it first")
    try:
        typed = {
            table.name: [_typed(table, row) for row in tables.get(table.name, [])]
            for table in TABLES
        }
        _check_events(typed)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, BackupError):
            raise
        raise BackupError(f"the export is malformed: {error}") from None
    for table in reversed(TABLES):
        db.session.execute(delete(table))
    for table in TABLES:
        for rows in _in_insert_order(table, typed[table.name]):
            db.session.execute(insert(table), rows)
    _reset_sequences()
    on_events_rewritten()
    return {name: len(rows) for name, rows in typed.items()}


def _in_insert_order(table, rows: list[dict]) -> list[list[dict]]:
    """The rows in batches their foreign keys allow: events before the overrides that
    name them (a split series is newer than the overrides it took over)."""
    if table is not Event.__table__:
        return [rows] if rows else []
    series = [row for row in rows if row.get("series_id") is None]
    overrides = [row for row in rows if row.get("series_id") is not None]
    return [batch for batch in (series, overrides) if batch]


def _reset_sequences() -> None:
    """PostgreSQL: continue ids after the imported ones."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in TABLES:
        if "id" in table.columns:
            after = select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery()
            sequence = func.pg_get_serial_sequence(table.name, "id")
            db.session.execute(select(func.setval(sequence, after, False)))


def backup_sqlite(destination: Path) -> None:
    """A consistent copy of the live SQLite database (sqlite3 backup API, online) into
    `destination`, a new or empty file (the caller decides whether one may be replaced)."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "backup copies SQLite databases; for PostgreSQL use pg_dump (see the README)"
        )
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
