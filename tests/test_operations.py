"""Operations: how the server and the command line start, refuse and stop (issue 13)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from calendar_app import MIGRATIONS, create_app
from calendar_app.extensions import db

from .helpers import count_queries
from .reliability import (
    ROOT,
    free_port,
    gunicorn,
    server_env,
    server_log,
    start_gunicorn,
    stop_server,
)

BAD_ZONE_LINE = (
    "calendar-app: configuration error: CALENDAR_TIMEZONE: unknown time zone "
    "'Nowhere/Land' (use an IANA name such as 'Europe/Moscow')"
)


def _own_lines(output: str) -> list[str]:
    """What the app printed: the output without gunicorn's own timestamped log lines."""
    return [line for line in output.splitlines() if line and not line.startswith("[")]


@pytest.mark.parametrize(
    ("workers", "options"),
    [(1, ()), (2, ("--preload",))],
    ids=["one worker (gunicorn's default)", "--preload: the master loads the app"],
)
def test_a_bad_setting_stops_gunicorn_with_one_line(tmp_path, workers, options):
    port = free_port()
    env = server_env(tmp_path, port) | {"CALENDAR_TIMEZONE": "Nowhere/Land"}
    started = time.monotonic()
    process = start_gunicorn(port, workers, env, subprocess.PIPE, *options)
    try:
        output, _ = process.communicate(timeout=30)
    finally:
        stop_server(process)
    elapsed = time.monotonic() - started
    text = output.decode(errors="replace")
    assert process.returncode != 0, text
    assert elapsed < 20, text
    assert "Traceback" not in text
    assert _own_lines(text) == [BAD_ZONE_LINE], text


# ------------------------------------------- a database whose schema is not this release's
UPGRADE = "run `calendar-app db upgrade`"
MISSING = f"the database has no schema yet; {UPGRADE}"
PAGES = ["/", "/calendar/2024/3", "/week", "/agenda", "/events/1", "/calendar.ics", "/login"]


def _revisions() -> tuple[str, str]:
    """(this release's head, the revision before it), from the shipped migrations."""
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    return head, script.get_revision(head).down_revision


@pytest.fixture
def bare_app(app_config, fresh_database_url, tmp_path, monkeypatch):
    """An app on a database nobody has upgraded: a new empty file (or PostgreSQL database)."""
    monkeypatch.setenv("CALENDAR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": fresh_database_url})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _refused(response, message: str) -> None:
    assert response.status_code == 503, (response.request.path, response.status_code)
    if response.is_json:
        assert response.json["error"] == f"The calendar is not available: {message}."
    else:
        body = response.get_data(as_text=True)
        assert "Service Unavailable" in body and message in body, body


def test_a_database_never_upgraded_fails_healthz_and_every_page_says_what_to_run(bare_app):
    client = bare_app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json == {"status": "error", "database": "missing", "message": MISSING}
    for url in PAGES:
        _refused(client.get(url), MISSING)
    _refused(client.get("/api/v1/events"), MISSING)
    _refused(client.post("/login", data={"username": "x", "password": "y"}), MISSING)
    assert client.get("/static/css/app.css").status_code == 200  # the 503 page has its style


def test_the_refusal_page_reads_nothing_from_the_database(bare_app):
    """A browser still signed in from before (a session naming a user) gets the 503 page,
    not a 500 from looking the user up in a table that is not there."""
    client = bare_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1.stamp"
    _refused(client.get("/calendar/2024/3"), MISSING)


def test_a_schema_behind_this_release_is_refused_and_served_once_upgraded(bare_app):
    head, previous = _revisions()
    behind = f"the database schema is at revision {previous}, this release needs {head}; {UPGRADE}"
    with bare_app.app_context():
        upgrade(revision=previous)
    client = bare_app.test_client()
    _refused(client.get("/calendar/2024/3"), behind)
    assert client.get("/healthz").json == {
        "status": "error",
        "database": "behind",
        "message": behind,
    }
    with bare_app.app_context():
        upgrade()  # as another process's `calendar-app db upgrade` would
    # a refusing process looks again on every request: it serves at once, no restart
    assert client.get("/calendar/2024/3").status_code == 200
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}


def test_a_current_schema_costs_no_query_per_request(app, client):
    client.get("/calendar/2024/3")
    statements = count_queries(app, client, "/calendar/2024/3")
    assert statements and not [s for s in statements if "alembic_version" in s]


def test_a_process_older_than_the_schema_stops_serving_at_the_next_health_check(bare_app):
    """Another release ran `db upgrade`: this process's code no longer matches the tables.
    It keeps no per-request check, so it learns it from the load balancer's /healthz."""
    with bare_app.app_context():
        upgrade()
    client = bare_app.test_client()
    assert client.get("/calendar/2024/3").status_code == 200
    with bare_app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
        db.session.commit()
    ahead = (
        "the database schema is at revision f00dcafe, which this release does not know "
        "(a newer release upgraded it); run that release"
    )
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json == {"status": "error", "database": "ahead", "message": ahead}
    _refused(client.get("/calendar/2024/3"), ahead)


def _import_file(tmp_path: Path) -> str:
    path = tmp_path / "in.file"
    path.write_text("{}")
    return str(path)


@pytest.mark.parametrize(
    "args",
    [
        ["users", "list"],
        ["users", "create", "ann", "--password-stdin"],
        ["seed-demo"],
        ["feeds", "rebuild"],
        ["export-ics", "{tmp}/all.ics"],
        ["export-json", "{tmp}/all.json"],
        ["import-json", "{file}"],
        ["import-ics", "{file}"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_commands_on_a_database_never_upgraded_say_so_in_one_line(bare_app, tmp_path, args):
    args = [a.format(tmp=tmp_path, file=_import_file(tmp_path)) for a in args]
    result = bare_app.test_cli_runner().invoke(args=args, input="long enough pw\n")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.output.strip().splitlines() == [f"Error: {MISSING}"]


def test_db_upgrade_and_backup_run_on_a_database_never_upgraded(bare_app, tmp_path):
    """`db …` is how the schema gets there; a backup before the first upgrade is wise."""
    runner = bare_app.test_cli_runner()
    if bare_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        backup = runner.invoke(args=["backup", str(tmp_path / "before.sqlite3")])
        assert backup.exit_code == 0, backup.output
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    listed = runner.invoke(args=["users", "list"])
    assert listed.exit_code == 0, listed.output


def test_the_command_line_on_a_database_never_upgraded_prints_no_traceback(
    fresh_database_url, tmp_path
):
    result = subprocess.run(
        [str(Path(sys.executable).with_name("calendar-app")), "users", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=server_env(tmp_path, free_port(), fresh_database_url),
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: {MISSING}"]


def test_gunicorn_on_a_database_never_upgraded_refuses_until_upgraded(fresh_database_url, tmp_path):
    instance = tmp_path / "server"
    instance.mkdir()
    with gunicorn(fresh_database_url, instance, workers=2, healthy=503) as (base, _server):
        health = requests.get(f"{base}/healthz", timeout=10)
        assert health.json()["message"] == MISSING
        page = requests.get(f"{base}/calendar/2024/3", timeout=10)
        assert page.status_code == 503 and MISSING in page.text
        port = int(base.rsplit(":", 1)[1])
        subprocess.run(
            [str(Path(sys.executable).with_name("calendar-app")), "db", "upgrade"],
            check=True,
            capture_output=True,
            timeout=120,
            cwd=ROOT,
            env=server_env(instance, port, fresh_database_url),
        )
        # every worker serves now, without a restart (several requests reach both)
        for _ in range(6):
            assert requests.get(f"{base}/calendar/2024/3", timeout=10).status_code == 200
        assert requests.get(f"{base}/healthz", timeout=10).status_code == 200
    log = server_log(instance)
    assert f"calendar-app: {MISSING}" in log  # said at start-up, in the server's log
    assert "Traceback" not in log
