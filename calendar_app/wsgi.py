"""WSGI entry point for gunicorn: `gunicorn calendar_app.wsgi:app`."""

import sys

from . import ConfigError, create_app

try:
    app = create_app()
except ConfigError as error:
    sys.exit(f"calendar-app: configuration error: {error}")
