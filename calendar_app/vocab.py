"""The one home of the app's vocabularies and limits.

Models (columns and CHECK constraints), validation, forms, the API and its OpenAPI
document, feeds, imports, the CLI and templates all read these names; none writes
its own copy. Pure: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from .domain.text import N_

# Event kinds out of the box; CALENDAR_KINDS may add more without a schema change.
DEFAULT_KINDS = ("meeting", "session", "training")

# planned = tentative, confirmed, cancelled (stays visible, struck through).
STATUSES = ("planned", "confirmed", "cancelled")
# The order the schedule's filter offers them in: what is going ahead first.
STATUS_FILTER_ORDER = ("confirmed", "planned", "cancelled")
VISIBILITIES = ("public", "internal")

# What pages call them (marked here, translated where shown: i18n.setup's kind_label and
# status_label). A kind CALENDAR_KINDS adds without a label shows its name capitalised.
KIND_LABELS = {"meeting": N_("Meeting"), "session": N_("Session"), "training": N_("Training")}
STATUS_LABELS = {
    "planned": N_("Planned"),
    "confirmed": N_("Confirmed"),
    "cancelled": N_("Cancelled"),
}
VISIBILITY_LABELS = {"public": N_("Public"), "internal": N_("Internal")}
ROLES = ("viewer", "editor", "admin")
# An uploaded .ics file from its preview to its import (models.ImportUpload).
UPLOAD_STATES = ("previewed", "queued", "running", "done", "failed", "changed")

# The schedule views, feeds and imports handle these years; outside them a date is a typo.
FIRST_YEAR, LAST_YEAR = 1900, 2200

# Longest text per field: the database column sizes, and sane limits for free text.
MAX_LENGTHS = {
    "title": 300,
    "title_ru": 300,
    "participants": 2000,
    "description": 10000,
    "description_ru": 10000,
    "uid": 255,
    "kind": 32,
    "timezone": 64,
    "username": 64,
    "location_name": 200,
    "city": 100,
    "address": 300,
    "force_name": 200,
    "force_slug": 64,
    "force_description": 2000,
    "password": 200,
    "search": 200,
    "token_name": 100,
    "rrule": 500,
    "plan_reference": 200,
    "official_name": 200,
    "official_position": 200,
    "official_organisation": 200,
    "conflict_reason": 500,
}


# The largest database id (PostgreSQL's integer): a bigger number names no record.
MAX_ID = 2**31 - 1


def in_year_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint's text: `column IN ('a', 'b')`."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"
