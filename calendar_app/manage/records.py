"""What the managed lists (forces, locations) ask of the database before a record is
added: a name no other record has, whatever its case, and a force's slug. Shared by the
/manage pages and the event form, which adds a location or a force with its event."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select

from ..domain.text import N_
from ..extensions import db
from ..models import Force, Location, Official


def name_taken(
    model: type[Force] | type[Location] | type[Official], name: str, record_id: int | None
) -> bool:
    """Names are unique regardless of case, so 'CSTO Secretariat' and 'csto secretariat'
    cannot both be offered in the event form."""
    query = select(model.id).where(func.lower(model.name) == name.lower())
    if record_id is not None:
        query = query.where(model.id != record_id)
    return db.session.scalar(query) is not None


TAKEN = {
    Force: N_("Another force already has this name."),
    Location: N_("Another location already has this name."),
    Official: N_("Another official already has this name."),
}


def taken_message(model: type[Force] | type[Location] | type[Official]) -> str:
    """The English message (a msgid): the caller translates it."""
    return TAKEN[model]


def slugify(name: str) -> str:
    """A stable ASCII slug for feed filter URLs; set once, kept through renames."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48] or "force"
    slug, n = base, 2
    while db.session.scalar(select(Force.id).where(Force.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug
