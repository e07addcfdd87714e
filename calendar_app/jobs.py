"""Background jobs (huey): work too long for a web request runs in `calendar-app worker`.

The queue is named by CALENDAR_JOBS_URL: unset, a SQLite file in the instance folder
(every worker process of one host shares it); `redis://host:6379/0` for several hosts
(needs the `redis` package); `immediate` runs each job inside the request that queued
it (tests do so by default). A job reports its progress in the queue's key-value store,
outside the database transaction it is writing, so that any app process can read it
while the job's writes are still uncommitted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

log = logging.getLogger(__name__)
QUEUE = "calendar_app"


class Jobs:
    """The app's queue and the jobs it runs, each inside an app context."""

    def __init__(self, app: Flask, huey: Huey):
        self.app, self.huey = app, huey
        self.tasks: dict[str, Callable] = {}

    def register(self, name: str, job: Callable) -> None:
        def run(*args) -> None:
            with self.app.app_context():
                job(*args)

        run.__name__ = name
        self.tasks[name] = self.huey.task(retries=0, name=name)(run)

    def enqueue(self, name: str, *args) -> None:
        self.tasks[name](*args)

    def report(self, key: str, value) -> None:
        self.huey.put(key, value)

    def progress(self, key: str):
        return self.huey.get(key, peek=True)

    def forget(self, key: str) -> None:
        self.huey.delete(key)


def make_queue(url: str, instance_path: str, testing: bool) -> Huey:
    if not url:
        url = "immediate" if testing else f"sqlite:///{Path(instance_path) / 'jobs.sqlite3'}"
    if url == "immediate":
        return MemoryHuey(QUEUE, immediate=True)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE, filename=str(path))
    return RedisHuey(QUEUE, url=url)


def init_app(app: Flask) -> None:
    from .imports.uploads import run_upload

    jobs = Jobs(app, make_queue(app.config["CALENDAR_JOBS_URL"], app.instance_path, app.testing))
    jobs.register("import_upload", run_upload)
    app.extensions["jobs"] = jobs
    app.cli.add_command(worker_command)


def jobs() -> Jobs:
    return current_app.extensions["jobs"]


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at once.")
@with_appcontext
def worker_command(threads: int) -> None:
    """Run background jobs (large imports) until stopped; start one beside the web server."""
    queue = jobs().huey
    if queue.immediate:
        raise click.ClickException("CALENDAR_JOBS_URL=immediate runs jobs in the request")
    click.echo(f"Worker for the {type(queue.storage).__name__} queue, {threads} threads.")
    queue.create_consumer(workers=threads, worker_type="thread", periodic=False).run()
