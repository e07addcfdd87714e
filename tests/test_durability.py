"""Nothing lost across a backup and restore, or an upgrade from the first migration."""

from __future__ import annotations

import shutil

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from calendar_app import create_app
from calendar_app.demo import seed_demo
from calendar_app.extensions import db

from .conftest import PG_URL
from .reliability import INTERNAL_TITLE, build_world, snapshot_database


@pytest.mark.skipif(bool(PG_URL), reason="`backup` copies SQLite; PostgreSQL uses pg_dump")
def test_backup_file_copied_back_restores_equal_data(app, runner, app_config, tmp_path):
    build_world(app)
    with app.app_context():
        seed_demo()
        db.session.commit()
        before = snapshot_database()
    backup = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    with app.app_context():  # damage after the backup: all of it must be undone
        db.session.execute(text("DELETE FROM event_revisions"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    live = app_config["SQLALCHEMY_DATABASE_URI"].split("///", 1)[1]
    shutil.copyfile(backup, live)
    for suffix in ("-wal", "-shm"):  # a stale WAL must not be replayed over the copy
        path = tmp_path / (live.rsplit("/", 1)[1] + suffix)
        if path.exists():
            path.unlink()

    restored = create_app(app_config)
    with restored.app_context():
        assert snapshot_database() == before
        db.session.remove()
    client = restored.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/calendar.ics").status_code == 200
    with restored.app_context():
        db.engine.dispose()


def _rows(tables) -> dict[str, list]:
    """Rows of the 0001 tables, columns as 0001 made them (later columns left out)."""
    out = {}
    for name, columns in tables.items():
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = db.session.execute(text(f'SELECT {quoted} FROM "{name}"')).all()  # noqa: S608
        out[name] = sorted((tuple(map(str, row)) for row in rows), key=repr)
    return out


def test_upgrade_from_the_first_migration_keeps_every_row(
    fresh_database_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("CALENDAR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": fresh_database_url, "SECRET_KEY": "x", "TESTING": True}
    )
    with app.app_context():
        # Seed at revision 0001 with the demo data: seed at head, then walk back to 0001
        # (the later migrations only add a cache column and tables of their own).
        upgrade(revision="0001")
        first = {
            name: [c["name"] for c in inspect(db.engine).get_columns(name)]
            for name in inspect(db.engine).get_table_names()
            if name != "alembic_version"
        }
        db.engine.dispose()
        upgrade()
        world = build_world(app)
        seed_demo()
        db.session.commit()
        at_head = _rows(first)
        db.session.remove()
        downgrade(revision="0001")
        db.engine.dispose()
        assert _rows(first) == at_head  # nothing lost walking down
        db.session.remove()
        upgrade()
        db.engine.dispose()
        assert _rows(first) == at_head  # nor walking up again
        events = db.session.scalar(text("SELECT count(*) FROM events WHERE deleted_at IS NULL"))
        db.session.remove()

    # the upgraded database serves every live event (the feed cache is rebuilt on demand)
    client = app.test_client()
    feed = client.get(f"/feeds/{world.feed_tokens['viewer']}/calendar.ics?from=2000-01-01")
    assert feed.status_code == 200
    body = feed.get_data(as_text=True)
    assert INTERNAL_TITLE in body
    assert body.count("BEGIN:VEVENT") == events
    with app.app_context():
        assert db.session.scalar(select(text("1")))
        db.session.remove()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
