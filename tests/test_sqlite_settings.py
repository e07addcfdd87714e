"""The SQLite settings (WAL, busy timeout, foreign keys, Unicode lower()) are the app's
own engine's: another engine in the same process keeps SQLite's defaults."""

import pytest
from sqlalchemy import create_engine, text

from calendar_app.extensions import db
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite settings")


def _settings(connection) -> tuple:
    return (
        connection.execute(text("PRAGMA journal_mode")).scalar(),
        connection.execute(text("PRAGMA foreign_keys")).scalar(),
        connection.execute(text("PRAGMA busy_timeout")).scalar(),
        connection.execute(text("SELECT lower('ВОРОНЕЖ')")).scalar(),
    )


def test_the_apps_engine_has_wal_foreign_keys_and_unicode_lower(app):
    with app.app_context(), db.engine.connect() as connection:
        assert _settings(connection) == ("wal", 1, 15000, "воронеж")


def test_another_engine_in_the_process_keeps_sqlites_defaults(app, tmp_path):
    other = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    with other.connect() as connection:
        journal, foreign_keys, _, lowered = _settings(connection)
    other.dispose()
    assert (journal, foreign_keys, lowered) == ("delete", 0, "ВОРОНЕЖ")
