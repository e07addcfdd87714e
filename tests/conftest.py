"""Fixtures in the flaskr style: every test builds its own app with its own fresh database.

SQLite by default (a real file per test); PostgreSQL when CALENDAR_TEST_DATABASE_URL
is set, where the schema is created once and every table emptied before each test.
The schema is the models' tables recorded as the migrations' head, so the app's schema
check (calendar_app/schema.py) sees what it sees after `db upgrade`, with no test switch.
"""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import create_engine, text

from calendar_app import create_app
from calendar_app.extensions import db
from calendar_app.schema import check_schema, create_all_at_head

from .helpers import AuthActions, make_reference_data

PG_URL = os.environ.get("CALENDAR_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def pg_schema_ready():
    """Create the schema on the PostgreSQL test database once per run."""
    if not PG_URL:
        return None
    app = create_app(_base_config(PG_URL))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        create_all_at_head()
        db.engine.dispose()
    return PG_URL


def _base_config(url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key",
        "CALENDAR_BASE_URL": "https://calendar.test",
        "CALENDAR_TIMEZONE": "Europe/Moscow",
    }


@pytest.fixture
def database_url(tmp_path, pg_schema_ready):
    return PG_URL or f"sqlite:///{tmp_path / 'calendar.sqlite3'}"


@pytest.fixture
def app_config(database_url):
    """Override in a test module to change configuration before the app is built."""
    return _base_config(database_url)


@pytest.fixture
def app(app_config, tmp_path, monkeypatch):
    monkeypatch.setenv("CALENDAR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    with app.app_context():
        if PG_URL:
            tables = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            create_all_at_head()
        check_schema()  # as wsgi.py does at start-up: no request pays for the first look
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(app, client):
    """Sign in and out through the real forms: `auth.login("editor")` returns the user's
    id, `auth.logout()`; see tests/helpers.py `AuthActions`."""
    return AuthActions(app, client)


@pytest.fixture
def ids(app):
    """The reference data: Belarus training grounds, the Palace of Independence, the
    Collective Rapid Reaction Forces and the Collective Peacekeeping Forces, by key."""
    return make_reference_data(app)


@pytest.fixture
def editor(auth, client):
    """The test client, signed in as the editor "erin"."""
    auth.login("editor")
    return client


@pytest.fixture
def admin(app, auth):
    """A second client, signed in as the admin "ada" (beside `client`/`editor`)."""
    other = app.test_client()
    auth.login("admin", client=other)
    return other


@pytest.fixture
def demo(runner):
    """The demo data (`flask seed-demo`)."""
    runner.invoke(args=["seed-demo"])


@pytest.fixture
def empty_feed_cache(app):
    """No feed file kept from before the test, none left after it."""
    app.extensions["feed_files"].clear()
    yield
    app.extensions["feed_files"].clear()


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database nobody else uses (for migration tests): a new SQLite file, or a
    throw-away PostgreSQL database beside the test one."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"calendar_mig_{os.getpid()}"
    admin = create_engine(re.sub(r"/[^/]+$", "/postgres", PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield re.sub(r"/[^/]+$", f"/{name}", PG_URL)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()
