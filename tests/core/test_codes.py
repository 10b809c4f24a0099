"""Codes are never blank, and codes given by the portal are distinct even when many staff add
at the same moment: organisations under one parent, contracts of one union and year.

A blank code on create means "give me the next number"; on update it is refused (400), the
stored code kept. The database refuses a blank code too (CHECK constraints).
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from apps.contracts.models import CollectiveContract
from apps.core.models import UnionOrg
from tests.contracts.helpers import offer
from tests.core.test_api import new_union, patch, post
from tests.membership.test_concurrency import race

pytestmark = pytest.mark.usefixtures("fast_passwords")


def contract_data(tree, **fields):
    return {
        "contract_type": "comprehensive",
        "scope": "enterprise",
        "union": tree.union_a1.pk,
        "employer": tree.employer_a1.pk,
        "union_chief": "李建国",
        "employer_chief": "王志强",
        "union_reps": 5,
        "employer_reps": 5,
        "offer_on": "2024-01-10",
        "term_start": "2024-03-01",
        "term_end": "2027-02-28",
        **fields,
    }


@pytest.mark.django_db
def test_a_blank_code_sent_to_an_organisation_is_refused_and_the_code_kept(client_for, tree):
    client = client_for("township_staff")
    url = f"/api/orgs/{tree.union_a1.pk}/"

    first = patch(client, url, {"code": ""})
    second = patch(client, url, {"code": "   "})

    assert (first.status_code, second.status_code) == (400, 400), second.content
    assert first.json()["code"] == ["这个字段是必填项。"]
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).code == "QH-01-001"


@pytest.mark.django_db
def test_a_blank_code_sent_to_a_contract_is_refused_and_the_number_kept(client_for, tree):
    contract = offer(tree, actor=None)
    response = patch(client_for("township_staff"), f"/api/contracts/{contract.pk}/", {"code": ""})

    assert response.status_code == 400, response.content
    assert "code" in response.json()
    assert CollectiveContract.objects.get(pk=contract.pk).code == contract.code != ""


@pytest.mark.django_db
def test_the_database_refuses_a_blank_organisation_code(tree):
    with pytest.raises(IntegrityError, match="unionorg_code_not_blank"), transaction.atomic():
        UnionOrg.objects.filter(pk=tree.union_a1.pk).update(code="")


@pytest.mark.django_db
def test_the_database_refuses_a_blank_contract_number(tree):
    contract = offer(tree, actor=None)
    with pytest.raises(IntegrityError, match="contract_code_not_blank"), transaction.atomic():
        CollectiveContract.objects.filter(pk=contract.pk).update(code="")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_twenty_organisations_added_at_once_under_one_parent_get_distinct_codes(tree, personas):
    clients = [logged_in(personas["township_staff"]) for _ in range(20)]

    def adding(n, client):
        data = new_union(tree.township_a, name=f"城关镇并发测试{n}工会", code="")
        return lambda: post(client, "/api/orgs/", data)

    responses = race(*(adding(n, client) for n, client in enumerate(clients)))

    assert [getattr(r, "status_code", r) for r in responses] == [201] * 20
    codes = sorted(r.json()["code"] for r in responses)
    assert codes == [f"QH-01-{n:03d}" for n in range(3, 23)]


@pytest.mark.django_db(transaction=True)
def test_eight_contracts_recorded_at_once_get_distinct_numbers(tree, personas):
    clients = [logged_in(personas["township_staff"]) for _ in range(8)]

    def recording(client):
        return lambda: post(client, "/api/contracts/", contract_data(tree, code=""))

    responses = race(*(recording(client) for client in clients))

    assert [getattr(r, "status_code", r) for r in responses] == [201] * 8
    codes = sorted(r.json()["code"] for r in responses)
    assert codes == [f"QH-01-001-2024-{n:02d}" for n in range(1, 9)]
    assert CollectiveContract.objects.filter(offer_on=datetime.date(2024, 1, 10)).count() == 8
