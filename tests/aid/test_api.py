"""The aid API: the permission matrix, out-of-scope 404s, a file applied for with its family
and taken through a step, a payment and its reversal, and the standards the county writes."""

import datetime
import json
from decimal import Decimal

import pytest

from apps.aid.choices import EntryKind, FileStatus
from apps.aid.models import AidPayment, HardshipFile
from tests.aid.helpers import apply, on_file, relative
from tests.membership.helpers import id_number

PERSONAS = ("county_admin", "township_staff", "other_township_staff", "leader", "auditor")


@pytest.fixture
def files(tree, standards, personas):
    """A file on record in township A (with a spouse), one applied for in township B."""
    admin = personas["county_admin"]
    mine = on_file(apply(tree.union_a1, 1, family=[relative(2)]), approver=admin)
    theirs = apply(tree.union_b1, 3, name="赵六")
    return mine, theirs


def post(client, url, body):
    return client.post(url, json.dumps(body), "application/json")


def test_each_persona_reads_what_is_in_scope_and_not_the_rest(api, files, programme):
    mine, theirs = files
    for name in PERSONAS:
        client = api(name)
        for url in ("/api/aid-files/", "/api/aid-programmes/", "/api/aid-payments/"):
            assert client.get(url).status_code == 200, (name, url)
        seen = {row["id"] for row in client.get("/api/aid-files/").json()["results"]}
        in_a = name != "other_township_staff"
        in_b = name != "township_staff"
        assert (mine.pk in seen) == in_a, name
        assert (theirs.pk in seen) == in_b, name
        detail = client.get(f"/api/aid-files/{mine.pk}/")
        assert detail.status_code == (200 if in_a else 404), name
        steps = client.get(f"/api/aid-files/{mine.pk}/steps/")
        assert steps.status_code == (200 if in_a else 404), name


def test_anonymous_is_refused(client, files):
    assert client.get("/api/aid-files/").status_code in (401, 403)


def test_leader_and_auditor_cannot_write(api, files, programme):
    mine, theirs = files
    day = "2025-04-01"
    for name in ("leader", "auditor"):
        client = api(name)
        answer = post(
            client,
            f"/api/aid-files/{theirs.pk}/unit_review/",
            {"decision": "approve", "acted_on": day},
        )
        assert answer.status_code == 403, name
        paid = post(
            client,
            "/api/aid-payments/",
            {
                "programme": programme.pk,
                "file": mine.pk,
                "paid_on": day,
                "method": "bank",
                "fund_source": "central",
            },
        )
        assert paid.status_code == 403, name
    assert AidPayment.objects.count() == 0


def test_another_township_s_file_is_404_for_its_steps(api, files):
    mine, theirs = files
    client = api("township_staff")
    answer = post(
        client,
        f"/api/aid-files/{theirs.pk}/unit_review/",
        {"decision": "approve", "acted_on": "2025-04-01"},
    )
    assert answer.status_code == 404
    assert HardshipFile.objects.get(pk=theirs.pk).status == FileStatus.APPLIED


def test_staff_apply_with_the_family_and_take_a_step(api, tree, standards):
    client = api("township_staff")
    body = {
        "org": tree.union_a2.pk,
        "name": "钱七",
        "id_number": id_number(11),
        "work_status": "laid_off",
        "household_annual_income": "12000",
        "rigid_expenses": "0",
        "household_size": 2,
        "main_cause": "3",
        "category": "deep",
        "applied_on": "2025-03-01",
        "family": [
            {
                "name": "孙八",
                "relation": "child",
                "id_number": id_number(12, born=datetime.date(2008, 5, 6)),
                "monthly_income": "0",
                "schooling_level": "senior",
            }
        ],
    }
    answer = post(client, "/api/aid-files/", body)
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert [m["name"] for m in data["family"]] == ["孙八"]
    assert data["status"] == FileStatus.APPLIED
    refused = post(
        client,
        f"/api/aid-files/{data['id']}/unit_review/",
        {"decision": "refuse", "acted_on": "2025-03-02"},
    )
    assert refused.status_code == 400
    assert "opinion" in refused.json()
    passed = post(
        client,
        f"/api/aid-files/{data['id']}/unit_review/",
        {"decision": "approve", "acted_on": "2025-03-02", "opinion": "属实"},
    )
    assert passed.status_code == 200, passed.content
    assert passed.json()["status"] == FileStatus.UNIT_REVIEWED


def test_a_second_person_in_an_open_file_is_refused(api, tree, standards, files):
    mine, _theirs = files
    body = {
        "org": tree.union_a2.pk,
        "name": "王建国",
        "id_number": mine.id_number,
        "work_status": "laid_off",
        "household_annual_income": "12000",
        "household_size": 3,
        "main_cause": "3",
        "category": "deep",
        "applied_on": "2025-03-01",
    }
    answer = post(api("township_staff"), "/api/aid-files/", body)
    assert answer.status_code == 400
    assert "id_number" in answer.json()


def test_pay_then_the_second_payment_is_refused_and_a_reversal_made(api, files, programme):
    mine, _theirs = files
    client = api("township_staff")
    body = {
        "programme": programme.pk,
        "file": mine.pk,
        "paid_on": "2025-04-01",
        "method": "bank",
        "fund_source": "central",
    }
    paid = post(client, "/api/aid-payments/", body)
    assert paid.status_code == 201, paid.content
    assert Decimal(paid.json()["cash_amount"]) == 2500
    again = post(client, "/api/aid-payments/", body)
    assert again.status_code == 400
    assert "file" in again.json()
    pk = paid.json()["id"]
    reversal = post(
        client,
        f"/api/aid-payments/{pk}/reverse/",
        {"reversed_on": "2025-04-02", "reason": "重复录入"},
    )
    assert reversal.status_code == 201, reversal.content
    assert reversal.json()["kind"] == EntryKind.REVERSAL
    assert Decimal(reversal.json()["cash_amount"]) == -2500
    programme_row = client.get(f"/api/aid-programmes/{programme.pk}/").json()
    assert Decimal(str(programme_row["remaining_budget"])) == 100000


def test_other_township_cannot_pay_or_reverse_a_household_out_of_scope(api, files, programme):
    mine, _theirs = files
    client = api("other_township_staff")
    body = {
        "programme": programme.pk,
        "file": mine.pk,
        "paid_on": "2025-04-01",
        "method": "bank",
        "fund_source": "central",
    }
    assert post(client, "/api/aid-payments/", body).status_code == 400
    paid = post(api("township_staff"), "/api/aid-payments/", body).json()
    assert client.get(f"/api/aid-payments/{paid['id']}/").status_code == 404
    reversal = post(
        client,
        f"/api/aid-payments/{paid['id']}/reverse/",
        {"reversed_on": "2025-04-02", "reason": "x"},
    )
    assert reversal.status_code == 404


def test_only_the_county_admin_writes_the_standards(api, tree, standards):
    body = {"org": tree.county.pk, "year": 2027, "area": "urban", "monthly_amount": "900"}
    assert post(api("township_staff"), "/api/aid-standards/", body).status_code == 403
    assert post(api("leader"), "/api/aid-standards/", body).status_code == 403
    made = post(api("county_admin"), "/api/aid-standards/", body)
    assert made.status_code == 201, made.content
    assert api("township_staff").get("/api/aid-standards/").json()["count"] == 5
