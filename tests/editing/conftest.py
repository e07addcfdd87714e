"""Fixtures of the event-editing tests: the demo's reference data (two Belarus locations,
two forces) and a client signed in as erin, an editor, with CSRF on."""

from __future__ import annotations

import pytest

from tests.helpers import login, make_reference_data, make_user


@pytest.fixture
def ids(app):
    ids = make_reference_data(app)
    make_user(app, "erin", "editor")
    return ids


@pytest.fixture
def editor(client, ids):
    login(client, "erin")
    return client
