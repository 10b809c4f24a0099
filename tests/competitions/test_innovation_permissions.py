"""Every innovation page and API route for every persona: in scope 200, another township's
record 404, leader and auditor 403 on writes, anonymous to the login page or 401."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.competitions.choices_innovation import ProposalReview
from tests.competitions.innovation_fixtures import *  # noqa: F403
from tests.competitions.innovation_fixtures import (
    D,
    make_entry,
    make_innovation,
    make_proposal,
    make_studio,
)

pytestmark = pytest.mark.django_db
READERS = ["county_admin", "township_staff", "leader", "auditor"]
WRITERS = ["county_admin", "township_staff"]


@pytest.fixture
def records(tree, leaders):
    """One record of each kind in township A (…_a) and in township B (…_b)."""
    r = {
        "proposal_a": make_proposal(tree),
        "proposal_b": make_proposal(tree, org=tree.union_b1, employer=tree.employer_b1),
        "innovation_a": make_innovation(tree),
        "innovation_b": make_innovation(tree, org=tree.union_b1),
        "studio_a": make_studio(tree, leaders["qualified"], named_on=D(2023, 5, 1)),
        "studio_b": make_studio(
            tree,
            leaders["other"],
            org=tree.union_b1,
            employer=tree.employer_b1,
            named_on=D(2023, 5, 1),
        ),
        "ankang_a": make_entry(tree.employer_a1, 2023),
        "ankang_b": make_entry(tree.employer_b1, 2023),
    }
    return r


LISTS = ["proposal_list", "innovation_list", "studio_list", "ankang_list"]
EXPORTS = ["proposal_export", "innovation_export", "studio_export", "ankang_export"]
ADDS = ["proposal_add", "innovation_add", "studio_add", "ankang_add"]
DETAILS = [
    ("proposal", "proposal_detail"),
    ("innovation", "innovation_detail"),
    ("studio", "studio_detail"),
    ("ankang", "ankang_detail"),
]
WRITES = [
    ("proposal", "proposal_edit"),
    ("proposal", "proposal_review"),
    ("proposal", "proposal_implement"),
    ("innovation", "innovation_edit"),
    ("studio", "studio_edit"),
    ("studio", "studio_name"),
    ("studio", "studio_recheck"),
    ("studio", "studio_revoke"),
    ("studio", "studio_report_add"),
    ("ankang", "ankang_edit"),
]


def url(name, *args):
    return reverse(f"competitions:{name}", args=args)


@pytest.mark.parametrize("persona", READERS + ["other_township_staff"])
@pytest.mark.parametrize("name", LISTS + EXPORTS)
def test_lists_and_exports_for_everyone_signed_in(client_for, records, persona, name):
    assert client_for(persona).get(url(name)).status_code == 200


@pytest.mark.parametrize("name", LISTS + ADDS)
def test_anonymous_goes_to_the_login_page(records, name):
    response = Client().get(url(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize("kind,name", DETAILS)
def test_details_in_scope(client_for, records, persona, kind, name):
    assert client_for(persona).get(url(name, records[f"{kind}_a"].pk)).status_code == 200


@pytest.mark.parametrize("kind,name", DETAILS + WRITES)
def test_another_townships_record_is_a_404(client_for, records, kind, name):
    client = client_for("township_staff")
    assert client.get(url(name, records[f"{kind}_b"].pk)).status_code == 404
    assert client.post(url(name, records[f"{kind}_b"].pk), {}).status_code == 404


@pytest.mark.parametrize("persona", ["leader", "auditor"])
@pytest.mark.parametrize("kind,name", WRITES)
def test_readers_may_not_write(client_for, records, persona, kind, name):
    client = client_for(persona)
    assert client.get(url(name, records[f"{kind}_a"].pk)).status_code == 403
    assert client.post(url(name, records[f"{kind}_a"].pk), {}).status_code == 403


@pytest.mark.parametrize("persona", ["leader", "auditor"])
@pytest.mark.parametrize("name", ADDS)
def test_readers_may_not_add(client_for, records, persona, name):
    assert client_for(persona).get(url(name)).status_code == 403


@pytest.mark.parametrize("persona", WRITERS)
@pytest.mark.parametrize("name", ADDS)
def test_staff_add(client_for, records, persona, name):
    assert client_for(persona).get(url(name)).status_code == 200


@pytest.mark.parametrize("persona", WRITERS)
@pytest.mark.parametrize("kind,name", WRITES)
def test_staff_open_the_write_pages_in_scope(client_for, records, persona, kind, name):
    assert client_for(persona).get(url(name, records[f"{kind}_a"].pk)).status_code == 200


def test_the_list_shows_only_the_scope(client_for, records):
    page = client_for("township_staff").get(url("proposal_list")).content.decode()
    assert f'href="/competitions/proposals/{records["proposal_a"].pk}/"' in page
    assert f'href="/competitions/proposals/{records["proposal_b"].pk}/"' not in page


def test_a_review_through_the_page(client_for, records):
    proposal = records["proposal_a"]
    client = client_for("township_staff")
    response = client.post(
        url("proposal_review", proposal.pk),
        {"result": ProposalReview.REJECTED, "reviewed_on": "2023-04-01", "reason": ""},
    )
    assert response.status_code == 200
    assert "states the reason" in response.content.decode()
    response = client.post(
        url("proposal_review", proposal.pk),
        {"result": ProposalReview.ADOPTED, "reviewed_on": "2023-04-01"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.review_result == ProposalReview.ADOPTED


API = [
    ("proposal", "competition-proposals"),
    ("innovation", "competition-innovations"),
    ("studio", "competition-studios"),
    ("ankang", "competition-ankang"),
]


@pytest.mark.parametrize("kind,route", API)
def test_api_scope(client_for, records, kind, route):
    client = client_for("township_staff")
    listed = client.get(f"/api/{route}/").json()
    ids = {row["id"] for row in listed.get("results", listed)}
    assert records[f"{kind}_a"].pk in ids and records[f"{kind}_b"].pk not in ids
    assert client.get(f"/api/{route}/{records[f'{kind}_b'].pk}/").status_code == 404
    assert client.get(f"/api/{route}/{records[f'{kind}_a'].pk}/").status_code == 200


@pytest.mark.parametrize("kind,route", API)
def test_api_readers_may_not_write(client_for, records, kind, route):
    client = client_for("leader")
    assert client.post(f"/api/{route}/", {}, content_type="application/json").status_code == 403
    pk = records[f"{kind}_a"].pk
    response = client.patch(f"/api/{route}/{pk}/", {}, content_type="application/json")
    assert response.status_code == 403
    assert Client().get(f"/api/{route}/").status_code in (401, 403)


def test_api_names_the_rule_when_the_leader_does_not_qualify(client_for, records, leaders, tree):
    client = client_for("township_staff")
    created = client.post(
        "/api/competition-studios/",
        {
            "name": "李技能劳模创新工作室",
            "studio_type": "model_worker",
            "level": "county",
            "org": tree.union_a1.pk,
            "host_employer": tree.employer_a1.pk,
            "leader": leaders["unqualified"].pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    refused = client.post(
        f"/api/competition-studios/{pk}/name/",
        {"named_on": "2024-05-01", "doc_no": "清工发〔2024〕3号"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "qualifying honour" in refused.content.decode()
