"""Permission matrix: every contracts page and API route, for every persona.

In scope → 200; another township's contract → 404 (as if it did not exist); leaders and
auditors → 403 on writes; anonymous → login redirect (web) or 401 (API). The rubric is edited
by county administrators only.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from apps.contracts.actions import ACTIONS, why_not
from apps.contracts.models import CollectiveContract
from tests.contracts.helpers import make_effective

READ_ONLY = ("leader", "auditor")
pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts(tree, rubric):
    mine = make_effective(tree, signed_on=datetime.date(2024, 2, 8))
    theirs = make_effective(
        tree,
        signed_on=datetime.date(2024, 2, 8),
        union=tree.union_b1,
        employer=tree.employer_b1,
    )
    return mine, theirs


def web_reads(contract):
    return {
        "list": reverse("contracts:contract_list"),
        "list filtered": reverse("contracts:contract_list") + "?status=effective&flag=expiring",
        "detail": reverse("contracts:contract_detail", args=[contract.pk]),
        "export": reverse("contracts:contract_export"),
        "attention": reverse("contracts:attention"),
        "attention tab": reverse("contracts:attention") + "?tab=no_contract",
        "rubric": reverse("contracts:rubric_list"),
        "template": reverse("core:import_template", args=["contracts"]),
    }


def web_writes(contract):
    urls = {
        "add": reverse("contracts:contract_add"),
        "edit": reverse("contracts:contract_edit", args=[contract.pk]),
        "check": reverse("contracts:check_add", args=[contract.pk]),
        "assessment": reverse("contracts:assessment_add", args=[contract.pk]),
        "import": reverse("core:import_upload", args=["contracts"]),
    }
    for name in ACTIONS:
        urls[f"action {name}"] = reverse("contracts:contract_action", args=[contract.pk, name])
    return urls


RECORD_PAGES = {"detail", "edit", "check", "assessment"} | {f"action {n}" for n in ACTIONS}


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_reads_answer_200(client_for, contracts, persona):
    client = client_for(persona)
    for name, url in web_reads(contracts[0]).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
def test_staff_open_every_write_page(client_for, contracts, persona):
    """Every write page opens; a step the contract's state does not offer (a reply to an
    effective contract) sends the clerk back to the contract saying why."""
    client = client_for(persona)
    contract = contracts[0]
    for name, url in web_writes(contract).items():
        move = ACTIONS.get(name.removeprefix("action ")) if name.startswith("action ") else None
        expected = 302 if move is not None and why_not(move, contract) else 200
        assert client.get(url).status_code == expected, name


def test_another_township_s_contract_is_404_on_every_page(client_for, contracts):
    client = client_for("other_township_staff")
    mine = contracts[0]
    for name, url in {**web_reads(mine), **web_writes(mine)}.items():
        if name in RECORD_PAGES:
            assert client.get(url).status_code == 404, name
            assert client.post(url, {"reply_on": "2024-03-01"}).status_code == 404, name
    assert CollectiveContract.objects.get(pk=mine.pk).reply_on != datetime.date(2024, 3, 1)


def test_lists_show_only_the_scope(client_for, contracts):
    mine, theirs = contracts
    html = client_for("township_staff").get(reverse("contracts:contract_list")).content.decode()
    assert mine.code in html and theirs.code not in html
    html = client_for("county_admin").get(reverse("contracts:contract_list")).content.decode()
    assert mine.code in html and theirs.code in html


@pytest.mark.parametrize("persona", READ_ONLY)
def test_read_only_roles_get_403_on_writes(client_for, contracts, persona):
    client = client_for(persona)
    for name, url in web_writes(contracts[0]).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"reply_on": "2024-03-01"}).status_code == 403, name
    assert client.get(reverse("contracts:rubric_add")).status_code == 403


def test_the_rubric_is_edited_by_county_administrators_only(client_for, contracts, rubric):
    item_url = reverse("contracts:rubric_edit", args=[rubric[0].pk])
    for persona in ("township_staff", "leader", "auditor"):
        client = client_for(persona)
        assert client.get(reverse("contracts:rubric_add")).status_code == 403, persona
        assert client.post(item_url, {"name": "x", "max_score": 5}).status_code == 403, persona
    admin = client_for("county_admin")
    assert admin.get(item_url).status_code == 200
    response = admin.post(
        item_url, {"name": "协商主体资格", "max_score": 15, "order": 1, "active": "on"}
    )
    assert response.status_code == 302
    rubric[0].refresh_from_db()
    assert (rubric[0].name, rubric[0].max_score) == ("协商主体资格", 15)


def test_anonymous_is_sent_to_login(contracts):
    client = Client()
    for name, url in {**web_reads(contracts[0]), **web_writes(contracts[0])}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


# --- API ------------------------------------------------------------------------------------


def api_reads(contract):
    return {
        "list": "/api/contracts/",
        "detail": f"/api/contracts/{contract.pk}/",
        "checks": f"/api/contracts/{contract.pk}/checks/",
        "assessments": f"/api/contracts/{contract.pk}/assessments/",
        "attention": "/api/contracts/attention/",
        "rubric": "/api/contract-rubric/",
    }


def api_writes(contract):
    urls = {
        "create": ("post", "/api/contracts/"),
        "update": ("patch", f"/api/contracts/{contract.pk}/"),
        "check": ("post", f"/api/contracts/{contract.pk}/checks/"),
        "assessment": ("post", f"/api/contracts/{contract.pk}/assessments/"),
    }
    for name in ACTIONS:
        urls[name] = ("post", f"/api/contracts/{contract.pk}/{name}/")
    return urls


def test_anonymous_api_is_401(contracts):
    client = Client()
    for name, url in api_reads(contracts[0]).items():
        assert client.get(url).status_code == 401, name
    for name, (method, url) in api_writes(contracts[0]).items():
        assert getattr(client, method)(url, {}, content_type="application/json").status_code == (
            401
        ), name


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_api_reads_in_scope_answer_200(client_for, contracts, persona):
    client = client_for(persona)
    for name, url in api_reads(contracts[0]).items():
        assert client.get(url).status_code == 200, name


def test_api_hides_another_township_s_contract(client_for, contracts):
    mine, theirs = contracts
    client = client_for("other_township_staff")
    for name, url in api_reads(mine).items():
        if name in ("detail", "checks", "assessments"):
            assert client.get(url).status_code == 404, name
    for name, (method, url) in api_writes(mine).items():
        if name == "create":
            continue
        response = getattr(client, method)(
            url, {"reply_on": "2024-03-01"}, content_type="application/json"
        )
        assert response.status_code == 404, name
    ids = {row["id"] for row in client.get("/api/contracts/").json()["results"]}
    assert ids == {theirs.pk}


@pytest.mark.parametrize("persona", READ_ONLY)
def test_api_read_only_roles_get_403_on_writes(client_for, contracts, persona):
    client = client_for(persona)
    for name, (method, url) in api_writes(contracts[0]).items():
        response = getattr(client, method)(
            url, {"reply_on": "2024-03-01"}, content_type="application/json"
        )
        assert response.status_code == 403, name
