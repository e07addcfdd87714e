"""Operations: how the server and the command line start, refuse and stop (issue 13)."""

from __future__ import annotations

import subprocess
import time

import pytest

from .reliability import free_port, server_env, start_gunicorn, stop_server

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
