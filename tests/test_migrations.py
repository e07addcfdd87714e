"""The Alembic history creates exactly the models' schema, and can be walked back to empty."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from calendar_app import create_app
from calendar_app.demo import seed_demo
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, Force, Location


def _app(url, tmp_path, monkeypatch):
    monkeypatch.setenv("CALENDAR_INSTANCE_PATH", str(tmp_path / "instance"))
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})


def test_upgrade_from_empty_matches_the_models(fresh_database_url, tmp_path, monkeypatch):
    app = _app(fresh_database_url, tmp_path, monkeypatch)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    assert differences == []


def test_upgrade_keeps_demo_rows_and_downgrade_empties(fresh_database_url, tmp_path, monkeypatch):
    app = _app(fresh_database_url, tmp_path, monkeypatch)
    with app.app_context():
        upgrade()
        assert seed_demo() >= 8
        db.session.commit()
        counts = [
            db.session.query(model).count() for model in (Event, Force, Location, EventRevision)
        ]
        db.session.remove()
        upgrade()  # already at head: a no-op that keeps every row
        assert [
            db.session.query(model).count() for model in (Event, Force, Location, EventRevision)
        ] == counts
        assert db.session.scalar(select(Event.title).where(Event.title == "Echelon-2023"))
        db.session.remove()
        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert remaining == set()
