"""`calendar-app users …`: staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from ..domain.accounts import username_problem
from ..extensions import db
from ..models import ROLES, User
from ..schema import needs_current_schema
from .accounts import create_user
from .users import username_taken


@click.group()
def users() -> None:
    """Manage staff accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@needs_current_schema
def users_create(username: str, role: str, password_stdin: bool) -> None:
    """Create a user; the password is prompted for unless --password-stdin."""
    username = username.strip()
    problem = username_problem(username)
    if problem:
        raise click.UsageError(f"username {username!r}: {problem}")
    if username_taken(username):
        raise click.UsageError(f"user {username!r} already exists (names ignore case)")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.UsageError("password must be at least 8 characters")
    create_user(username, role, password, actor=None)
    db.session.commit()
    click.echo(f"Created {role} {username!r}.")


@users.command("list")
@needs_current_schema
def users_list() -> None:
    """List users with their roles."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.username}\t{user.role}\t{state}")
