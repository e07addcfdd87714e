"""Is the database's schema the one this release's migrations end at? If not, refuse.

Pages, feeds and the API answer 503 with what to run, /healthz fails, and the commands
that use the tables say it in one line; `db …` (the cure) and `backup` (wise before it)
run regardless. Compared: the database's alembic_version against the migrations' heads.

When it is looked at, per process: at start-up (wsgi.py) or the first request, then on
every /healthz. A current verdict is kept, so serving costs no query; the load balancer's
health check is what tells a process that another release has since upgraded (or
downgraded) the database, and takes it out of service. Any other verdict is looked at
again by every request (one small query, only while nothing but 503s is served), so a
process serves as soon as `db upgrade` has run, without a restart or a health check.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import click
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, request
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import ServiceUnavailable

from .extensions import db

UPGRADE = "run `calendar-app db upgrade`"
# What works without the tables: the style of the 503 page, and the health check itself.
OPEN_ENDPOINTS = {"static", "main.favicon", "main.healthz"}


@dataclass(frozen=True)
class SchemaProblem:
    state: str  # "missing", "behind" or "ahead" (of this release)
    message: str  # one line for an operator


class SchemaNotCurrent(ServiceUnavailable):
    """Rendered by security.render_error like any HTTP error: the page, or JSON under /api/."""

    def __init__(self, problem: SchemaProblem):
        super().__init__(f"The calendar is not available: {problem.message}.")


@functools.cache
def _migrations(directory: str) -> ScriptDirectory:
    """The migrations shipped with this code, read once per process."""
    return ScriptDirectory(directory)


def compare(database: set[str], directory: str) -> SchemaProblem | None:
    script = _migrations(directory)
    heads, known = set(script.get_heads()), {r.revision for r in script.walk_revisions()}
    if database == heads:
        return None
    if not database:
        return SchemaProblem("missing", f"the database has no schema yet; {UPGRADE}")
    at, needed = ", ".join(sorted(database)), ", ".join(sorted(heads))
    if database <= known:
        return SchemaProblem(
            "behind",
            f"the database schema is at revision {at}, this release needs {needed}; {UPGRADE}",
        )
    return SchemaProblem(
        "ahead",
        f"the database schema is at revision {at}, which this release does not know "
        "(a newer release upgraded it); run that release",
    )


class SchemaGate:
    """This process's verdict (see the module's docstring for when it is looked at)."""

    def __init__(self, directory: str):
        self.directory = directory
        self.current = False

    def check(self) -> SchemaProblem | None:
        """Look now; raises SQLAlchemyError (the verdict unchanged) when the database cannot
        be reached. One assignment, so a concurrent request never sees a half-made verdict."""
        with db.engine.connect() as connection:
            database = set(MigrationContext.configure(connection).get_current_heads())
        problem = compare(database, self.directory)
        self.current = problem is None
        return problem

    def refuse_unless_current(self) -> None:
        """before_request: a 503 page (JSON under /api/) naming what to run."""
        if self.current or request.endpoint in OPEN_ENDPOINTS:
            return
        problem = self.check()
        if problem:
            raise SchemaNotCurrent(problem)


def check_schema() -> SchemaProblem | None:
    """Look at the schema now, for this app (in its context), and keep the verdict."""
    return current_app.extensions["schema_gate"].check()


def needs_current_schema(command):
    """Instead of @with_appcontext for a command that uses the tables: one line (exit
    status 1), not a SQLAlchemy traceback, when the schema is not this release's or the
    database cannot be reached."""

    @functools.wraps(command)
    def checked(*args, **kwargs):
        try:
            problem = check_schema()
        except SQLAlchemyError as error:
            said = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise click.ClickException(f"cannot reach the database: {said}") from None
        if problem:
            raise click.ClickException(problem.message)
        return command(*args, **kwargs)

    return with_appcontext(checked)


def create_all_at_head() -> None:
    """The models' tables, recorded as the migrations' head: the schema `db upgrade` builds
    (tests/test_migrations.py proves they are the same), made in one step, for tests and
    benchmarks."""
    db.create_all()
    directory = current_app.extensions["schema_gate"].directory
    with db.engine.begin() as connection:
        MigrationContext.configure(connection).stamp(_migrations(directory), "heads")


def init_app(app: Flask, migrations: Path) -> None:
    gate = SchemaGate(str(migrations))
    app.extensions["schema_gate"] = gate
    # The first hook of all (CSRF, login, rate limits come later): nothing that reads the
    # tables runs before it.
    app.before_request(gate.refuse_unless_current)
