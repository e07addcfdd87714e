"""calendar_app: events-and-exercises calendar. `create_app` is the one application factory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import event as sa_event
from werkzeug.routing import IntegerConverter

from . import schema
from .config import ConfigError, load_config, secret_key_from_instance
from .extensions import csrf, db, migrate
from .vocab import MAX_ID

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent


def _shipped(name: str) -> Path:
    """templates/ and migrations/ live at the top of a checkout, inside an installed wheel."""
    in_checkout = PROJECT_ROOT / name
    return in_checkout if in_checkout.is_dir() else PACKAGE / name


TEMPLATES = _shipped("templates")
MIGRATIONS = _shipped("migrations")

__all__ = ["ConfigError", "create_app"]


def create_app(config: dict | None = None) -> Flask:
    """Build the app from CALENDAR_* environment variables, then `config` on top (tests)."""
    instance_path = os.environ.get("CALENDAR_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES),
        instance_path=instance_path,
        instance_relative_config=True,
    )
    app.url_map.converters["id"] = RecordId
    try:
        app.config.update(load_config(Path(app.instance_path)))
    except ConfigError as error:
        _stop_command_line(error)
        raise
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key_from_instance(Path(app.instance_path))
    _configure_cookies(app)
    _configure_database(app)
    schema.init_app(app, MIGRATIONS)  # before every other request hook (CSRF, login)

    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)

    from . import cli, jobs, security, vocab
    from .account.routes import bp as account_bp
    from .api.routes import bp as api_bp
    from .auth.limits import limiter
    from .auth.routes import bp as auth_bp
    from .auth.session import init_app as init_sessions
    from .domain.timezones import utc_to_local
    from .events.conflict_routes import bp as conflicts_bp
    from .events.routes import bp as events_bp
    from .feeds.files import FeedFiles
    from .feeds.routes import bp as feeds_bp
    from .i18n import setup as i18n
    from .i18n.routes import bp as i18n_bp
    from .imports.routes import bp as imports_bp
    from .main.routes import bp as main_bp
    from .manage.routes import bp as manage_bp
    from .plan.routes import bp as plan_bp
    from .schedule.page_cache import anonymous_pages
    from .schedule.routes import bp as schedule_bp

    init_sessions(app)
    i18n.init_app(app)
    app.register_blueprint(i18n_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(schedule_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(imports_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(conflicts_bp)
    limiter.init_app(app)
    app.add_template_filter(utc_to_local, "in_zone")
    cli.register(app)
    jobs.init_app(app)
    security.init_app(app)
    app.jinja_env.globals["vocab"] = vocab
    app.extensions["page_cache"] = anonymous_pages()
    app.extensions["feed_files"] = FeedFiles(Path(app.config["CALENDAR_FEED_CACHE_DIR"]))
    return app


def _stop_command_line(error: ConfigError) -> None:
    """Under a command line, the one line and exit status 2. That covers `flask --app
    calendar_app` too, whose app lookup calls create_app() and shows any exception it
    raises as a traceback. Elsewhere (gunicorn's wsgi.py, tests) the caller gets it."""
    if click.get_current_context(silent=True) is not None:
        click.echo(error.report(), err=True)
        sys.exit(2)


class RecordId(IntegerConverter):
    """A database id in a URL: 1 to 2**31-1, so a huge number is a 404, not an overflow."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def _configure_cookies(app: Flask) -> None:
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    https = app.config["CALENDAR_BASE_URL"].startswith("https://")
    app.config["SESSION_COOKIE_SECURE"] = https
    app.config["REMEMBER_COOKIE_SECURE"] = https


def _configure_database(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("sqlite"):
        # Several gunicorn workers share the file: wait for a lock instead of failing.
        options.setdefault("connect_args", {"timeout": 15})
        db_file = uri.split("///", 1)[-1]
        if db_file and db_file != ":memory:":
            Path(db_file).parent.mkdir(parents=True, exist_ok=True)
    else:
        options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    if uri.startswith("sqlite"):
        # On this app's engine only: other engines in the process (tools, other apps,
        # a test's own) keep SQLite's defaults.
        with app.app_context():
            sa_event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL lets readers run beside a writer; foreign keys are off in SQLite by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # SQLite's own lower() knows only ASCII; searches must fold Cyrillic too.
    dbapi_connection.create_function(
        "lower", 1, lambda s: s.lower() if isinstance(s, str) else s, deterministic=True
    )
