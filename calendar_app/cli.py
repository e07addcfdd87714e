"""Command line: `calendar-app` (the same commands as `flask --app calendar_app`)."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from .extensions import db
from .models import ROLES, Event, User


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(users)
    app.cli.add_command(feeds)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no events.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo events from the CSTO news text (idempotent)."""
    from .demo import seed_demo

    if if_empty and db.session.scalar(select(func.count(Event.id))):
        click.echo("Database already has events; demo data not loaded.")
        return
    created = seed_demo()
    click.echo(f"Demo data loaded: {created} new events.")


@click.group()
def users() -> None:
    """Manage staff accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_create(username: str, role: str, password_stdin: bool) -> None:
    """Create a user; the password is prompted for unless --password-stdin."""
    username = username.strip()
    if not username or len(username) > 64:
        raise click.UsageError("username must be 1 to 64 characters")
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.UsageError(f"user {username!r} already exists")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.UsageError("password must be at least 8 characters")
    user = User(username=username, role=role, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {username!r}.")


@users.command("list")
@with_appcontext
def users_list() -> None:
    """List users with their roles."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.username}\t{user.role}\t{state}")


@click.group()
def feeds() -> None:
    """iCalendar feed maintenance."""


@feeds.command("rebuild")
@with_appcontext
def feeds_rebuild() -> None:
    """Re-render every event's stored feed text (after an upgrade or a base-URL change)."""
    from .feed_store import rebuild_all_texts

    click.echo(f"Rendered {rebuild_all_texts()} events.")


def _create_app():
    from . import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help="calendar_app administration.")


def main() -> None:
    from .config import ConfigError

    try:
        cli.main(prog_name="calendar-app")
    except ConfigError as error:
        click.echo(f"calendar-app: configuration error: {error}", err=True)
        sys.exit(2)
