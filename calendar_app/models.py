"""The data model: events, their locations and participating forces, users, the audit log
(event revisions and account changes).

Instants are stored as UTC (naive in the database, aware in Python) next to the
event's IANA zone name; all-day events keep their calendar dates, which never
shift with a zone.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, date, datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .domain.bilingual import localized
from .extensions import db
from .vocab import MAX_LENGTHS, ROLES, STATUSES, UPLOAD_STATES, VISIBILITIES, sql_in


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def new_uid() -> str:
    return str(uuid.uuid4())


def new_token() -> str:
    return secrets.token_urlsafe(32)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in Python, naive UTC in the database (same on SQLite and PostgreSQL)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC instant is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


event_forces = Table(
    "event_forces",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    # Indexed for the conflict check: "which events does this force take part in".
    Column("force_id", ForeignKey("forces.id", ondelete="RESTRICT"), primary_key=True, index=True),
)

event_officials = Table(
    "event_officials",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "official_id", ForeignKey("officials.id", ondelete="RESTRICT"), primary_key=True, index=True
    ),
)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The interface language chosen on /account ("en", "ru"); None: the browser's.
    locale: Mapped[str | None] = mapped_column(String(8))
    username: Mapped[str] = mapped_column(String(MAX_LENGTHS["username"]), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    feed_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint(sql_in("role", ROLES), name="role"),)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def session_stamp(self) -> str:
        """Changes with the password: sessions signed in before a new password end."""
        return hashlib.sha256((self.password_hash or "").encode()).hexdigest()[:16]

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the password's stamp."""
        return f"{self.id}.{self.session_stamp}"

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated users cannot log in
        return self.active

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    def reset_feed_token(self) -> None:
        self.feed_token = new_token()


# "Walker" and "walker" are the same person: usernames are unique whatever their case.
Index("uq_users_username_lower", func.lower(User.username), unique=True)


class Location(db.Model):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["location_name"]), unique=True)
    city: Mapped[str] = mapped_column(String(MAX_LENGTHS["city"]), default="")
    # Optional Russian texts; the main fields are the English ones (domain/bilingual.py).
    name_ru: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["location_name"]))
    city_ru: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["city"]))
    country: Mapped[str] = mapped_column(String(2), default="")  # ISO 3166-1 alpha-2
    address: Mapped[str] = mapped_column(String(MAX_LENGTHS["address"]), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(MAX_LENGTHS["timezone"]))

    __table_args__ = (
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude"),
    )

    def label(self, language: str = "en") -> str:
        """Venue, city, country — how the location reads in a list or a feed, in
        `language` where the texts exist in it (domain/bilingual.py)."""
        parts = (
            self.localized_name(language)[0],
            self.localized_city(language)[0],
            self.country_name(language),
        )
        return ", ".join(part for part in parts if part)

    def localized_name(self, language: str | None) -> tuple[str, str]:
        return localized(self.name, self.name_ru, language)

    def localized_city(self, language: str | None) -> tuple[str, str]:
        return localized(self.city, self.city_ru, language)

    def country_name(self, language: str = "en") -> str:
        from .domain.countries import country_name

        return country_name(self.country, (language or "en").split("_")[0])


class Force(db.Model):
    __tablename__ = "forces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["force_name"]), unique=True)
    name_ru: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["force_name"]))
    slug: Mapped[str] = mapped_column(String(MAX_LENGTHS["force_slug"]), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    def localized_name(self, language: str | None) -> tuple[str, str]:
        """(name, its language) for a viewer reading `language` (domain/bilingual.py)."""
        return localized(self.name, self.name_ru, language)


class Official(db.Model):
    """A person whose time is booked by events (the Secretary General, a minister): a
    managed list like forces, so that a double booking can be found."""

    __tablename__ = "officials"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["official_name"]), unique=True)
    position: Mapped[str] = mapped_column(String(MAX_LENGTHS["official_position"]), default="")
    organisation: Mapped[str] = mapped_column(
        String(MAX_LENGTHS["official_organisation"]), default=""
    )
    # Optional Russian texts; the main fields are the English ones (domain/bilingual.py).
    name_ru: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["official_name"]))
    position_ru: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["official_position"]))
    organisation_ru: Mapped[str | None] = mapped_column(
        String(MAX_LENGTHS["official_organisation"])
    )

    def label(self, language: str = "en") -> str:
        """Name, position — how the official reads in a list or a conflict, in
        `language` where the texts exist in it (domain/bilingual.py)."""
        parts = (self.localized_name(language)[0], self.localized_position(language)[0])
        return ", ".join(part for part in parts if part)

    def localized_name(self, language: str | None) -> tuple[str, str]:
        return localized(self.name, self.name_ru, language)

    def localized_position(self, language: str | None) -> tuple[str, str]:
        return localized(self.position, self.position_ru, language)

    def localized_organisation(self, language: str | None) -> tuple[str, str]:
        return localized(self.organisation, self.organisation_ru, language)


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(MAX_LENGTHS["uid"]), unique=True, default=new_uid)
    title: Mapped[str] = mapped_column(String(MAX_LENGTHS["title"]))
    title_ru: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["title"]))
    kind: Mapped[str] = mapped_column(String(MAX_LENGTHS["kind"]), index=True)
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    # The span as UTC instants, end exclusive. For all-day events these are the
    # floating dates at UTC midnight: they exist so that one overlap index serves
    # every event; the dates below are what all-day events really mean.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Calendar dates, inclusive: for timed events the local dates in their zone.
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(MAX_LENGTHS["timezone"]))
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str | None] = mapped_column(Text)
    participants: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # A series: its repeat rule (RRULE text, UNTIL in UTC or a date), its excluded
    # occurrences (recurrence ids as ISO text) and where it ends (the end of its last
    # occurrence, None when it repeats for ever). starts_at..ends_at is its first
    # occurrence; `recurs` lets one short index range find the series of any window.
    rrule: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["rrule"]))
    exdates: Mapped[list] = mapped_column(JSON, default=list)
    recurs: Mapped[bool] = mapped_column(Boolean, default=False)
    series_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An override: one occurrence of `series_id`, moved or changed or cancelled, named by
    # its original start (RECURRENCE-ID; all-day: that date at UTC midnight).
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    recurrence_id: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The event's VEVENT as served in feeds, rendered by the service layer on every
    # change, so that a feed is assembled from stored text instead of re-serialized.
    ics_text: Mapped[str | None] = mapped_column(Text, deferred=True)

    location: Mapped[Location | None] = relationship(lazy="joined")
    forces: Mapped[list[Force]] = relationship(
        secondary=event_forces, order_by=Force.name, lazy="selectin"
    )
    # Loaded when asked for (the event page, the form, the conflict check): the views and
    # feeds that list many events never need them.
    officials: Mapped[list[Official]] = relationship(
        secondary=event_officials, order_by=Official.name
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    series: Mapped[Event | None] = relationship(
        remote_side=[id], foreign_keys=[series_id], back_populates="overrides"
    )
    overrides: Mapped[list[Event]] = relationship(
        foreign_keys=[series_id], back_populates="series", order_by="Event.recurrence_id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        CheckConstraint("end_date >= start_date", name="end_date_after_start"),
        CheckConstraint(sql_in("status", STATUSES), name="status"),
        CheckConstraint(sql_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint("sequence >= 0", name="sequence"),
        # "Events overlapping [a, b)" is starts_at < b AND ends_at > a.
        Index("ix_events_span", "starts_at", "ends_at"),
        Index("ix_events_live_span", "deleted_at", "starts_at"),
        Index("ix_events_series_span", "recurs", "starts_at"),
        UniqueConstraint("series_id", "recurrence_id"),  # one override per occurrence
        CheckConstraint("NOT recurs OR rrule IS NOT NULL", name="series_has_rule"),
        CheckConstraint(
            "(series_id IS NULL) = (recurrence_id IS NULL)", name="override_names_occurrence"
        ),
    )

    def span(self) -> dict:
        """When the event is, as the keyword arguments plain renderers take."""
        return {
            "all_day": self.all_day,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "timezone": self.timezone,
        }

    def localized_title(self, language: str | None) -> tuple[str, str]:
        """(title, its language) for a viewer reading `language`: the Russian title for
        "ru" when there is one, else the English, and the other way round."""
        return localized(self.title, self.title_ru, language)

    def localized_description(self, language: str | None) -> tuple[str, str]:
        return localized(self.description, self.description_ru, language)

    @property
    def is_series(self) -> bool:
        return self.rrule is not None

    @property
    def is_override(self) -> bool:
        return self.series_id is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def set_all_day(self, first: date, last: date, timezone: str) -> None:
        """Make this an all-day event covering first..last inclusive."""
        self.all_day = True
        self.start_date, self.end_date = first, last
        self.starts_at = datetime(first.year, first.month, first.day, tzinfo=UTC)
        end = last + timedelta(days=1)
        self.ends_at = datetime(end.year, end.month, end.day, tzinfo=UTC)
        self.timezone = timezone

    def set_timed(self, start: datetime, end: datetime, timezone: str) -> None:
        """Make this a timed event from aware start to aware end, shown in `timezone`."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(timezone)
        self.all_day = False
        self.starts_at, self.ends_at = start.astimezone(UTC), end.astimezone(UTC)
        self.start_date = start.astimezone(zone).date()
        # An event ending exactly at midnight does not touch the next day.
        last_instant = max(end - timedelta(microseconds=1), start)
        self.end_date = last_instant.astimezone(zone).date()
        self.timezone = timezone


class EventRevision(db.Model):
    """One change to an event: who, when, which action, and each field's before/after."""

    __tablename__ = "event_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(16))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship()


class AccountChange(db.Model):
    """One change to a user account: who made it (None: the command line), whose account,
    which action, and its details. Never a password, hash or token: only names and roles."""

    __tablename__ = "account_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    user: Mapped[User] = relationship(foreign_keys=[user_id])


# Until the longest event is measured, assume half a century (fits a 32-bit integer).
UNKNOWN_LONGEST_EVENT = 50 * 366 * 86400


class FeedState(db.Model):
    """One row: a stamp every event change renews in its own transaction.

    Feeds key their ETags and caches on it, so every app process sees a change
    made by any other at once, with one tiny read. `render_signature` names what
    the stored VEVENT texts were rendered for (base URL, format version).
    """

    __tablename__ = "feed_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    render_signature: Mapped[str] = mapped_column(String(64), default="")
    # The longest event ever stored (never shrinks): lets "events overlapping [a, b)"
    # bound starts_at from below too, so the index range stays as small as a month.
    longest_event_seconds: Mapped[int] = mapped_column(Integer, default=0)


class ApiToken(db.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["token_name"]))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        import hashlib

        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """A new token for user: (row to add, the token text to show once)."""
        token = "cal_" + secrets.token_urlsafe(32)
        return cls(user=user, name=name, token_hash=cls.digest(token)), token


class ImportUpload(db.Model):
    """An .ics file between its preview and its import, kept in the database so that any
    app process can confirm it: found by a random token, only by the user who uploaded it,
    until it expires. Its content is dropped when the import is written.

    `state`: previewed → queued (confirmed) → running → done, or failed / changed (the
    calendar changed since the preview); each step is taken by one process only."""

    __tablename__ = "import_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    visibility: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(MAX_LENGTHS["kind"]))
    fingerprint: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="previewed")
    total: Mapped[int] = mapped_column(Integer, default=0)  # events to write
    summary: Mapped[dict | None] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    user: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint(sql_in("state", UPLOAD_STATES), name="state"),)


class PlanApproval(db.Model):
    """A year's plan approved: when, by whom, under which decision, and the plan as it
    stood then (a snapshot of every event of the year, series occurrences one by one,
    as plain entries: see plan/changes.py). The newest approval of a year is the
    baseline its changes are counted from; earlier ones stay listed."""

    __tablename__ = "plan_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    approved_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(MAX_LENGTHS["plan_reference"]))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    snapshot: Mapped[list] = mapped_column(JSON, default=list)

    approved_by: Mapped[User | None] = relationship()
