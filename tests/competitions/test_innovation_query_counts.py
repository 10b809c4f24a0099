"""Every innovation list, export and API list needs the same queries for N and 3N records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.competitions.innovation_fixtures import *  # noqa: F403
from tests.competitions.innovation_fixtures import (
    D,
    make_entry,
    make_innovation,
    make_proposal,
    make_studio,
)
from tests.pages import count_queries

pytestmark = pytest.mark.django_db


def add(tree, leaders, n, start):
    for i in range(start, start + n):
        make_proposal(tree, title=f"建议{i}")
        make_innovation(tree, title=f"成果{i}")
        make_studio(tree, leaders["qualified"], name=f"工作室{i}", named_on=D(2023, 5, 1))
        make_entry(tree.employer_a1, 1990 + i)


PAGES = [
    "/competitions/proposals/",
    "/competitions/innovations/",
    "/competitions/studios/",
    "/competitions/ankang/",
    "/competitions/proposals/export/",
    "/competitions/innovations/export/",
    "/competitions/studios/export/",
    "/competitions/ankang/export/",
    "/api/competition-proposals/",
    "/api/competition-innovations/",
    "/api/competition-studios/",
    "/api/competition-ankang/",
]


@pytest.mark.parametrize("path", PAGES)
def test_constant_queries(tree, leaders, client_for, path):
    client = client_for("township_staff")
    add(tree, leaders, 2, 0)
    few, _ = count_queries(client, path)
    add(tree, leaders, 4, 2)
    many, response = count_queries(client, path)
    assert few == many, path
    if path.startswith("/api/"):
        body = response.json()
        assert len(body.get("results", body)) == 6


def test_detail_pages_are_cheap(tree, leaders, client_for):
    studio = make_studio(tree, leaders["qualified"], named_on=D(2023, 5, 1))
    client = client_for("county_admin")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/competitions/studios/{studio.pk}/").status_code == 200
    assert len(queries) < 30
