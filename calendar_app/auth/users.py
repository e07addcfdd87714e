"""Finding users by name: usernames are unique and matched regardless of case.

The comparison uses the database's lower(), the same expression as the unique index
uq_users_username_lower, so the check and the guarantee never disagree.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import User


def _same_name(username: str):
    return func.lower(User.username) == func.lower(username.strip())


def find_user(username: str) -> User | None:
    """The user with this name in any case; an exact match wins."""
    name = username.strip()
    exact = db.session.scalar(select(User).where(User.username == name))
    if exact is not None:
        return exact
    return db.session.scalars(select(User).where(_same_name(name)).order_by(User.id)).first()


def username_taken(username: str) -> bool:
    return db.session.scalar(select(User.id).where(_same_name(username)).limit(1)) is not None
