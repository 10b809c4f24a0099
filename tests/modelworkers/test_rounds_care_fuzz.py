"""Schemathesis over the rounds' and care ledger's API routes alone (the whole schema is fuzzed
by tests/api/test_fuzz.py), as township staff and as a leader, in-process: no 5xx, and every
answer as the schema documents it."""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from rest_framework.routers import DefaultRouter
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from apps.modelworkers.api import care, rounds
from tests.modelworkers.rc_helpers import _english, _fast, give, open_round, recommend, worker  # noqa: F401

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def rc_schema():
    router = DefaultRouter()
    rounds.register(router)
    care.register(router)
    document = SchemaGenerator(patterns=[path("api/", include(router.urls))]).get_schema(
        request=None, public=True
    )
    data = json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"mode": "all", "max-examples": EXAMPLES, "no-shrink": True},
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_dict(data, config=config)
    schema.app = WSGIHandler()
    return schema


@pytest.fixture
def in_process(db):
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def rc_data(tree, personas):
    """A round taking recommendations with a candidate, and a care entry, in township A."""
    round_ = open_round(tree.county)
    recommend(round_, tree.union_a1, 1)
    give(worker(tree.union_a1, 1))
    return round_


schema = schemathesis.pytest.from_fixture("rc_schema")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def call(case, personas, name):
    token, _ = Token.objects.get_or_create(user=personas[name])
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = case.call(headers={"Authorization": client.defaults["HTTP_AUTHORIZATION"]})
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_township_staff_get_no_5xx(case, personas, in_process, rc_data):
    call(case, personas, "township_staff")


@schema.parametrize()
@FUZZ
def test_a_leader_gets_no_5xx(case, personas, in_process, rc_data):
    call(case, personas, "leader")
