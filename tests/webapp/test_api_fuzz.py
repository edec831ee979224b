"""A bounded schemathesis run against the generated OpenAPI document: no request may cause a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.builders import make_document
from tests.conftest import build_app, close_app
from webapp.db import session_scope
from webapp.services import auth

HEADERS: dict[str, str] = {}


@pytest.fixture
def api_schema(tmp_path):
    """The live OpenAPI document of an app on SQLite with one document, called with an admin's API token."""
    app = build_app(f"sqlite:///{tmp_path / 'fuzz.sqlite3'}", tmp_path / "instance")
    with app.app_context(), session_scope(app) as session:
        make_document(session, "One here. Two & <three>. 第三句。", source_text="一。二。三。")
        _token, secret = auth.create_token(session, auth.add_user(session, "fuzz", "long password",
                                                                  admin=True), "fuzz")
    HEADERS["Authorization"] = f"Bearer {secret}"
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=HEADERS)
    close_app(app)


def test_no_request_causes_a_server_error(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate(headers=HEADERS, checks=[not_a_server_error])

        call()
