"""WSGI entry point for gunicorn: `gunicorn calendar_app.wsgi:app`."""

import logging
import sys

from sqlalchemy.exc import SQLAlchemyError

from . import ConfigError, create_app
from .extensions import db
from .feeds.store import ensure_texts_current

try:
    app = create_app()
except ConfigError as error:
    sys.exit(f"calendar-app: configuration error: {error}")

# At start-up, not in a subscriber's request: stored feed texts of another format or
# base URL are rendered again once (normally `db upgrade` already did it: one read).
with app.app_context():
    try:
        if ensure_texts_current():
            logging.getLogger("calendar_app").info("feed texts re-rendered at start-up")
        db.session.commit()
    except SQLAlchemyError as error:  # e.g. no schema yet: the app says so when asked
        db.session.rollback()
        logging.getLogger("calendar_app").warning("feed texts not checked: %s", error)
