"""Configuration: defaults, overridden by CALENDAR_* environment variables.

Every value is checked here once, at start-up, so that a typo in the
environment stops the app with one clear line instead of a traceback later.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from .domain.timezones import canonical_zone
from .vocab import DEFAULT_KINDS


class ConfigError(Exception):
    """A configuration value is unusable; the message names it."""

    def report(self) -> str:
        """The one line an operator sees, in a terminal or a server log."""
        return f"calendar-app: configuration error: {self}"


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {value!r}") from None
    if not low <= number <= high:
        raise ConfigError(f"{name}: must be between {low} and {high}, got {number}")
    return number


def check_timezone(name: str, value: str) -> str:
    """A canonical IANA zone (an alias is taken in its canonical spelling); nothing that
    depends on the host, such as `localtime`."""
    canonical = canonical_zone(value)
    if canonical is None:
        raise ConfigError(
            f"{name}: unknown time zone {value!r} (use an IANA name such as 'Europe/Moscow')"
        )
    return canonical


def check_locale(name: str, value: str) -> str:
    """One of the interface's languages, as its code."""
    from .i18n.locales import LOCALES

    code = value.strip().lower()
    if code not in LOCALES:
        raise ConfigError(f"{name}: expected one of {', '.join(LOCALES)}, got {value!r}")
    return code


def check_base_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(
            f"{name}: expected an http(s) URL such as 'https://calendar.example.org', got {value!r}"
        )
    return value.rstrip("/")


def check_database_url(name: str, value: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigError(f"{name}: not a database URL: {value!r}") from None
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(f"{name}: only sqlite and postgresql are supported, got {value!r}")
    return value


def check_rate_limit(name: str, value: str) -> str:
    from limits import parse_many

    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(
            f"{name}: expected a limit such as '10 per 15 minutes', got {value!r}"
        ) from None
    return value


def check_jobs_url(name: str, value: str) -> str:
    """Where background jobs queue: '' (a SQLite file in the instance folder), 'immediate'
    (run inside the request), sqlite:///path or redis://host:port/db."""
    value = value.strip()
    if value in ("", "immediate") or value.startswith(("sqlite:///", "redis://", "rediss://")):
        return value
    raise ConfigError(
        f"{name}: expected 'immediate', sqlite:///path or redis://host:6379/0, got {value!r}"
    )


DEFAULT_PLAN_TITLE = (
    "Plan of joint training of formations of forces and means of the collective security "
    "system for {year}"
)
DEFAULT_PLAN_TITLE_RU = (
    "План совместной подготовки органов управления и формирований сил и средств системы "
    "коллективной безопасности на {year} год"
)


def check_plan_title(name: str, value: str) -> str:
    """The year plan's title; `{year}` stands for the year (the only placeholder)."""
    text = " ".join(value.split())
    if not text:
        raise ConfigError(f"{name}: must not be empty")
    if len(text) > 300:
        raise ConfigError(f"{name}: at most 300 characters, got {len(text)}")
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise ConfigError(f"{name}: contains control characters")
    rest = text.replace("{year}", "")
    if "{" in rest or "}" in rest:
        raise ConfigError(f"{name}: only '{{year}}' may stand in braces, got {value!r}")
    return text


def secret_key_from_instance(instance_path: Path) -> str:
    """Generate the secret key once and keep it in the instance folder (never in the repo)."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load_config(instance_path: Path, environ: dict[str, str] | None = None) -> dict:
    """Return Flask config values from the environment, checked."""
    env = os.environ if environ is None else environ
    get = env.get
    config: dict = {}
    config["SQLALCHEMY_DATABASE_URI"] = check_database_url(
        "CALENDAR_DATABASE_URL",
        get("CALENDAR_DATABASE_URL") or f"sqlite:///{instance_path / 'calendar.sqlite3'}",
    )
    config["SECRET_KEY"] = get("CALENDAR_SECRET_KEY") or None
    config["CALENDAR_TIMEZONE"] = check_timezone(
        "CALENDAR_TIMEZONE", get("CALENDAR_TIMEZONE", "Europe/Moscow")
    )
    config["CALENDAR_BASE_URL"] = check_base_url(
        "CALENDAR_BASE_URL", get("CALENDAR_BASE_URL", "http://127.0.0.1:5000")
    )
    config["CALENDAR_NAME"] = get("CALENDAR_NAME", "CSTO Secretariat calendar").strip() or (
        "Calendar"
    )
    # The same name in Russian, for the Russian interface (and later the Russian feed).
    config["CALENDAR_NAME_RU"] = (
        get("CALENDAR_NAME_RU", "Календарь Секретариата ОДКБ").strip() or config["CALENDAR_NAME"]
    )
    config["CALENDAR_FIRST_WEEKDAY"] = _int(
        "CALENDAR_FIRST_WEEKDAY", get("CALENDAR_FIRST_WEEKDAY", "0"), 0, 6
    )
    config["CALENDAR_DEFAULT_LOCALE"] = check_locale(
        "CALENDAR_DEFAULT_LOCALE", get("CALENDAR_DEFAULT_LOCALE", "en")
    )
    kinds = [k.strip() for k in get("CALENDAR_KINDS", ",".join(DEFAULT_KINDS)).split(",")]
    config["CALENDAR_KINDS"] = [k for k in kinds if k] or list(DEFAULT_KINDS)
    config["CALENDAR_FEED_PAST_DAYS"] = _int(
        "CALENDAR_FEED_PAST_DAYS", get("CALENDAR_FEED_PAST_DAYS", "365"), 0, 36500
    )
    # Built feeds as files shared by the host's worker processes (see feeds/files.py).
    config["CALENDAR_FEED_CACHE_DIR"] = get("CALENDAR_FEED_CACHE_DIR") or str(
        instance_path / "feed-cache"
    )
    config["CALENDAR_REQUIRE_LOGIN"] = _flag(get("CALENDAR_REQUIRE_LOGIN", "0"))
    # Failed logins per username + address; counters in memory unless a shared store is named.
    config["RATELIMIT_STORAGE_URI"] = get("CALENDAR_RATELIMIT_STORAGE_URL", "memory://")
    config["CALENDAR_LOGIN_RATE_LIMIT"] = check_rate_limit(
        "CALENDAR_LOGIN_RATE_LIMIT", get("CALENDAR_LOGIN_RATE_LIMIT", "10 per 15 minutes")
    )
    # A form's CSRF token holds for the whole browser session, not Flask-WTF's default
    # hour: an editor who leaves a form open over lunch must still be able to save it.
    config["WTF_CSRF_TIME_LIMIT"] = None
    config["DEBUG"] = _flag(get("CALENDAR_DEBUG", "0"))
    config["MAX_CONTENT_LENGTH"] = _int(
        "CALENDAR_MAX_UPLOAD_BYTES",
        get("CALENDAR_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)),
        1024,
        1024**3,
    )
    config["CALENDAR_MAX_IMPORT_BYTES"] = _int(
        "CALENDAR_MAX_IMPORT_BYTES",
        get("CALENDAR_MAX_IMPORT_BYTES", str(5 * 1024 * 1024)),
        1024,
        1024**3,
    )
    # Background jobs (large imports): unset means a SQLite queue file in the instance
    # folder, served by `calendar-app worker` (tests without it run jobs in the request).
    config["CALENDAR_JOBS_URL"] = check_jobs_url("CALENDAR_JOBS_URL", get("CALENDAR_JOBS_URL", ""))
    config["CALENDAR_PLAN_TITLE"] = check_plan_title(
        "CALENDAR_PLAN_TITLE", get("CALENDAR_PLAN_TITLE", DEFAULT_PLAN_TITLE)
    )
    # The same title in Russian, for the Russian pages, PDF and Excel table.
    config["CALENDAR_PLAN_TITLE_RU"] = check_plan_title(
        "CALENDAR_PLAN_TITLE_RU", get("CALENDAR_PLAN_TITLE_RU", DEFAULT_PLAN_TITLE_RU)
    )
    return config
