"""WSGI entry point for gunicorn: `gunicorn calendar_app.wsgi:app`."""

import logging
import sys

from sqlalchemy.exc import SQLAlchemyError

from . import ConfigError, create_app
from .extensions import db
from .feeds.store import ensure_texts_current
from .schema import check_schema

try:
    app = create_app()
except ConfigError as error:
    # gunicorn restarts a worker that exits with 1 forever; exit 3 ("worker failed to
    # boot") makes its master stop the whole server, which is all a bad setting deserves.
    from gunicorn.arbiter import Arbiter

    print(error.report(), file=sys.stderr, flush=True)
    sys.exit(Arbiter.WORKER_BOOT_ERROR)

# At start-up, not in a subscriber's request: is the schema this release's (if not, say
# what to run; pages answer 503 until it has run), and stored feed texts of another format
# or base URL are rendered again once (normally `db upgrade` already did it: one read).
with app.app_context():
    log = logging.getLogger("calendar_app")
    try:
        problem = check_schema()
        if problem:
            log.warning("calendar-app: %s", problem.message)
        elif ensure_texts_current():
            log.info("feed texts re-rendered at start-up")
        db.session.commit()
    except SQLAlchemyError as error:  # e.g. the database is down: /healthz says so
        db.session.rollback()
        log.warning("database not checked at start-up: %s", error)
    # Under `gunicorn --preload` this ran in the master: forked workers must open their
    # own connections, never share the master's pooled ones.
    db.session.remove()
    db.engine.dispose()
