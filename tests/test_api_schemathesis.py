"""Schemathesis drives the API from its own OpenAPI document: no server errors, every status
and body as documented. Bounded examples keep `make test` quick; CALENDAR_FUZZ_EXAMPLES
raises the count for a longer run.

(Driven through Hypothesis directly: schemathesis's pytest plugin does not yet run under
pytest 9.)
"""

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from .test_api import make_token, seed

EXAMPLES = int(os.environ.get("CALENDAR_FUZZ_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_api_matches_its_openapi_document(app):
    seed(app)
    token = make_token(app, "editor")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12

    def check_operation(operation) -> None:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def exercise(case):
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            case.validate_response(response, checks=CHECKS)  # raises, with a minimal example

        exercise()

    for operation in operations:
        check_operation(operation)
