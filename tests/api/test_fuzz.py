"""Schemathesis over the whole OpenAPI schema, as `township_staff` (who writes) and as `leader`
(who only reads), against the portal in-process (its WSGI application, the same middleware and
database as a real request). Fails on any 5xx and on any response that does not match the
schema. Bounded to about two minutes: a fixed number of examples per operation, no shrinking.

Select it alone with `pytest -m fuzz`; `FUZZ_EXAMPLES=N` changes the examples per operation,
`FUZZ_COVERAGE=1` adds schemathesis' coverage phase.
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.contracts.helpers import make_effective

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
# The coverage phase (every constraint's boundaries and negations) sends ~30 000 requests,
# about 15 minutes: worth a run before a release (FUZZ_COVERAGE=1), too long for `make test`.
COVERAGE = os.environ.get("FUZZ_COVERAGE") == "1"
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
TALLY = {"requests": 0, "5xx": 0}

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture(scope="session")
def api_schema():
    """The schema the portal serves at /api/schema/, generated in-process, run against the
    portal's WSGI application."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    data = json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"mode": "all", "max-examples": EXAMPLES, "no-shrink": True},
            "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_dict(data, config=config)
    schema.app = WSGIHandler()
    return schema


@pytest.fixture
def in_process(db):
    """Requests share the test's transaction: Django must not close the connection at the
    start and end of each request as it would under a real server."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(records, tree, personas):
    """Records of every kind, so detail and action endpoints find something: the API tests'
    records plus a contract in force with a check."""
    contract = make_effective(
        tree, signed_on=records.contract.offer_on.replace(year=2023), actor=None
    )
    return {"records": records, "in_force": contract}


@pytest.fixture(scope="module", autouse=True)
def report_tally(request):
    """The figures the closing note publishes, printed in the summary (see conftest)."""
    request.config.fuzz_tally = TALLY
    yield


schema = schemathesis.pytest.from_fixture("api_schema")


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def call_and_check(case, client):
    response = case.call(headers={"Authorization": client.defaults["HTTP_AUTHORIZATION"]})
    TALLY["requests"] += 1
    if response.status_code >= 500:
        TALLY["5xx"] += 1
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_township_staff_gets_no_5xx_and_only_documented_answers(case, api, in_process, fuzz_data):
    call_and_check(case, api("township_staff"))


@schema.parametrize()
@FUZZ_SETTINGS
def test_a_leader_gets_no_5xx_and_only_documented_answers(case, api, in_process, fuzz_data):
    call_and_check(case, api("leader"))
