import subprocess
import sys
from pathlib import Path

import pytest

from calendar_app.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent
# This checkout's code, whichever checkout the virtualenv's editable install points at.
CHILD_ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}


def test_defaults_use_sqlite_in_instance_folder(tmp_path):
    config = load_config(tmp_path, {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'calendar.sqlite3'}"
    assert config["CALENDAR_TIMEZONE"] == "Europe/Moscow"
    assert config["CALENDAR_KINDS"] == ["meeting", "session", "training"]
    assert config["DEBUG"] is False


def test_environment_overrides_defaults(tmp_path):
    config = load_config(
        tmp_path,
        {
            "CALENDAR_TIMEZONE": "Asia/Bishkek",
            "CALENDAR_BASE_URL": "https://cal.example.org/",
            "CALENDAR_NAME": "Exercises",
            "CALENDAR_KINDS": "meeting, session,training,visit",
            "CALENDAR_DATABASE_URL": "postgresql+psycopg://u@db/calendar",
        },
    )
    assert config["CALENDAR_TIMEZONE"] == "Asia/Bishkek"
    assert config["CALENDAR_BASE_URL"] == "https://cal.example.org"
    assert config["CALENDAR_KINDS"] == ["meeting", "session", "training", "visit"]
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CALENDAR_TIMEZONE", "Mars/Olympus", "unknown time zone"),
        ("CALENDAR_BASE_URL", "calendar.example.org", "expected an http"),
        ("CALENDAR_DATABASE_URL", "not a url", "not a database URL"),
        ("CALENDAR_DATABASE_URL", "mysql://root@localhost/x", "only sqlite and postgresql"),
        ("CALENDAR_FIRST_WEEKDAY", "9", "between 0 and 6"),
        ("CALENDAR_FEED_PAST_DAYS", "many", "whole number"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(tmp_path, name, value, message):
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(tmp_path, {name: value})
    assert name in str(caught.value)


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    from calendar_app import create_app

    monkeypatch.setenv("CALENDAR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("CALENDAR_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    first = create_app({"SQLALCHEMY_DATABASE_URI": url}).secret_key
    second = create_app({"SQLALCHEMY_DATABASE_URI": url}).secret_key
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "command",
    [
        ["calendar-app", "users", "list"],
        ["calendar-app", "--help"],
        ["flask", "--app", "calendar_app", "users", "list"],
        ["flask", "--app", "calendar_app", "--help"],
    ],
    ids=" ".join,
)
def test_bad_configuration_stops_the_cli_with_one_line(tmp_path, command):
    script = Path(sys.executable).with_name(command[0])
    result = subprocess.run(
        [str(script), *command[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        env=CHILD_ENV
        | {"CALENDAR_TIMEZONE": "Nowhere/Land", "CALENDAR_INSTANCE_PATH": str(tmp_path)},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "calendar-app: configuration error: CALENDAR_TIMEZONE: unknown time zone "
        "'Nowhere/Land' (use an IANA name such as 'Europe/Moscow')"
    ]


def test_bad_configuration_stops_gunicorn_entry_point_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import calendar_app.wsgi"],
        capture_output=True,
        text=True,
        timeout=60,
        env=CHILD_ENV | {"CALENDAR_BASE_URL": "ftp://x", "CALENDAR_INSTANCE_PATH": str(tmp_path)},
    )
    assert result.returncode == 3  # gunicorn's "worker failed to boot": its master stops
    assert result.stderr.strip().splitlines() == [
        "calendar-app: configuration error: CALENDAR_BASE_URL: expected an http(s) URL such as "
        "'https://calendar.example.org', got 'ftp://x'"
    ]
