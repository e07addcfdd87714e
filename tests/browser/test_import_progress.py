"""An editor imports a large .ics file in Chromium: the progress bar moves while the
background worker writes, and the page says when the import is done."""

from __future__ import annotations

import os
import time

import pytest

from tests.helpers import make_user
from tests.reliability import stop_server
from tests.test_import_progress import many_events, start_worker

from .test_editing import sign_in

pytestmark = pytest.mark.browser
EVENTS = 6_000


@pytest.fixture
def app_config(app_config, tmp_path):
    """A real queue (a SQLite file) served by a worker process, as in production."""
    return {**app_config, "CALENDAR_JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}"}


@pytest.fixture
def worker(app, app_config, database_url, tmp_path):
    instance = tmp_path / "worker"
    instance.mkdir()
    env = os.environ | {
        "CALENDAR_DATABASE_URL": database_url,
        "CALENDAR_INSTANCE_PATH": str(instance),
        "CALENDAR_SECRET_KEY": "worker",
        "CALENDAR_JOBS_URL": app_config["CALENDAR_JOBS_URL"],
    }
    process = start_worker(env, instance)
    yield process
    stop_server(process, timeout=15)


def test_the_progress_bar_moves_and_the_import_finishes(page, live_server, app, worker, tmp_path):
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")
    path = tmp_path / "large.ics"
    path.write_bytes(many_events(EVENTS))
    page.goto(live_server + "/import")
    page.get_by_label("Calendar file (.ics)").set_input_files(str(path))
    # Reading 6,000 events takes seconds on a loaded machine: the wait below allows it,
    # not the click's own navigation wait.
    page.get_by_role("button", name="Preview the import").click(no_wait_after=True)
    page.get_by_text(f"{EVENTS} new, 0 updated").wait_for(timeout=60_000)
    assert page.get_by_text("more are not listed").is_visible()
    page.get_by_role("button", name=f"Import {EVENTS} events").click()
    bar = page.locator("#import-progress")
    bar.wait_for()
    audit = page.get_by_role("link", name="See the changes in the audit log")
    values, deadline = [], time.monotonic() + 180
    while time.monotonic() < deadline:
        values.append(bar.evaluate("bar => [bar.value, bar.max]"))
        if 0 < values[-1][0] < EVENTS:
            assert not audit.is_visible()  # the end's links wait for the end
        if "Imported:" in page.locator("#import-progress-text").inner_text():
            break
        time.sleep(0.15)
    page.get_by_text(f"Imported: {EVENTS} new, 0 updated, 0 unchanged, 0 rejected.").wait_for()
    moving = [value for value, top in values if top == EVENTS and 0 < value < EVENTS]
    assert moving, values  # seen part-way, not only empty and full
    assert [v for v, _ in values] == sorted(v for v, _ in values)  # it only moves forward
    assert values[-1] == [EVENTS, EVENTS] or bar.evaluate("bar => bar.value") == EVENTS
    assert audit.is_visible()
