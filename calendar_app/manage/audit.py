"""The audit log's reads: a page of event changes and a page of account changes, narrowed
by an AuditFilter, each in one query that also counts the rows of the whole list.

The count rides on the page's own query as a window (`count(*) OVER ()`), so a page costs
no extra round trip; only a page past the end, which returns no rows to carry it, counts
apart. Each row's event and users are loaded with it (a page of 100 in a few queries)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from ..auth.accounts import describe_account_change
from ..domain.audit_filter import AuditFilter
from ..domain.paging import Page, paginate
from ..domain.timezones import zone
from ..events.history import describe
from ..events.queries import contains, row_count
from ..extensions import db
from ..models import AccountChange, Event, EventRevision, User

PAGE_SIZE = 100


def user_id(username: str) -> int | None:
    """The user of that name (in any case); None when there is none."""
    return db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))


def deleted_events() -> list[Event]:
    """Deleted events, latest first, with who deleted them (their forces are not shown)."""
    return db.session.scalars(
        select(Event)
        .options(joinedload(Event.updated_by), lazyload(Event.forces))
        .where(Event.deleted_at.is_not(None))
        .order_by(Event.deleted_at.desc())
    ).all()


def _within_days(query: Select, column, audit_filter: AuditFilter, tzname: str) -> Select:
    """Rows whose moment falls on the filter's days, as the page shows them (in `tzname`)."""
    tz = zone(tzname)
    if audit_filter.first:
        query = query.where(column >= datetime.combine(audit_filter.first, time(), tz))
    if audit_filter.last:
        next_day = audit_filter.last + timedelta(days=1)
        query = query.where(column < datetime.combine(next_day, time(), tz))
    return query


def _page_of(query: Select, number: int) -> tuple[Page, list]:
    """The page `number` of `query` (newest first), with the whole list's count."""
    counted = query.add_columns(func.count().over().label("total"))
    offset = (number - 1) * PAGE_SIZE
    rows = db.session.execute(counted.limit(PAGE_SIZE).offset(offset)).all()
    total = rows[0].total if rows else (row_count(query) if number > 1 else 0)
    return paginate(total, PAGE_SIZE, number), [row[0] for row in rows]


def _by(column, who: int | None):
    """Rows of the filter's user; none at all when no user has that name (a missing id
    must not match the changes made from the command line, whose user is NULL)."""
    return column == who if who is not None else false()


def event_changes(audit_filter: AuditFilter, who: int | None, number: int, tzname: str):
    """A page of event changes; `who` is the id of the filter's user, if it names one."""
    query = (
        select(EventRevision)
        # The page names each row's event and user; it never shows an event's forces.
        .options(
            selectinload(EventRevision.event).lazyload(Event.forces),
            joinedload(EventRevision.user),
        )
        .order_by(EventRevision.id.desc())
    )
    if audit_filter.user:
        query = query.where(_by(EventRevision.user_id, who))
    if audit_filter.event_id is not None:
        query = query.where(EventRevision.event_id == audit_filter.event_id)
    if audit_filter.title:
        query = query.where(EventRevision.event.has(contains(Event.title, audit_filter.title)))
    query = _within_days(query, EventRevision.at, audit_filter, tzname)
    page, revisions = _page_of(query, number)
    return page, [(revision, describe(revision, revision.event.timezone)) for revision in revisions]


def account_changes(audit_filter: AuditFilter, who: int | None, number: int, tzname: str):
    """A page of account changes made by or to the filter's user."""
    query = (
        select(AccountChange)
        .options(joinedload(AccountChange.actor), joinedload(AccountChange.user))
        .order_by(AccountChange.id.desc())
    )
    if audit_filter.user:
        query = query.where(or_(_by(AccountChange.actor_id, who), _by(AccountChange.user_id, who)))
    query = _within_days(query, AccountChange.at, audit_filter, tzname)
    page, changes = _page_of(query, number)
    return page, [describe_account_change(change) for change in changes]
