"""Every API write answers a malformed body with 400 and a message, never 500 and never a
silent 200: bodies that are not objects, values of the wrong JSON type, unknown fields, and
read-only fields sent with another value than the record's."""

import json

import pytest
from django.utils.translation import gettext

from apps.contracts.models import CollectiveContract
from apps.core.apiwrites import READ_ONLY, UNKNOWN
from apps.core.models import UnionOrg
from apps.membership.models import Member, MemberTransfer

# endpoint → fields of it that take text, a date, a number
ENDPOINTS = {
    "contract create": ("post", "/api/contracts/", {"text": "union_chief", "date": "offer_on"}),
    "contract edit": ("patch", "/api/contracts/{id}/", {"text": "note", "date": "term_start"}),
    "contract vote": ("post", "/api/contracts/{id}/vote/", {"date": "congress_on", "n": "total"}),
    "contract check": ("post", "/api/contracts/{id}/checks/", {"text": "checker"}),
    "contract assessment": (
        "post",
        "/api/contracts/{id}/assessments/",
        {"text": "assessor", "date": "assessed_on"},
    ),
    "member create": ("post", "/api/members/", {"text": "name", "date": "joined_on"}),
    "member edit": ("patch", "/api/members/{id}/", {"text": "name", "date": "joined_on"}),
    "org create": ("post", "/api/orgs/", {"text": "name", "date": "founded_on"}),
    "org edit": ("patch", "/api/orgs/{id}/", {"text": "chair_name", "date": "term_start"}),
    "transfer request": ("post", "/api/transfers/", {"text": "note", "date": "requested_on"}),
    "transfer accept": ("post", "/api/transfers/{id}/accept/", {"text": "opinion"}),
    "transfer cancel": ("post", "/api/transfers/{id}/cancel/", {}),
}

NOT_OBJECTS = {"a list": [1, 2], "an empty list": [], "a number": 5, "a string": "x", "null": None}
WRONG_TYPES = {
    "text": [True, 5, ["a"], {"a": 1}],
    "date": [True, 20240101, ["2024-01-01"], {"year": 2024}],
    "n": [True, ["1"], {"n": 1}, 2**40, "99999999999"],  # past an integer column: not a 500
}


def counts():
    return [m.objects.count() for m in (CollectiveContract, Member, UnionOrg, MemberTransfer)]


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_body_that_is_not_an_object_is_a_400(api, records, endpoint):
    method, path, _fields = ENDPOINTS[endpoint]
    client = api("county_admin")
    before = counts()
    for name, body in NOT_OBJECTS.items():
        response = send(client, method, records.url(path), body)
        assert response.status_code == 400, (name, response.content)
        assert response.json(), name  # a message, not an empty answer
    assert counts() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_value_of_the_wrong_type_is_a_400_naming_the_field(api, records, endpoint):
    method, path, fields = ENDPOINTS[endpoint]
    client = api("county_admin")
    before = counts()
    for kind, field in fields.items():
        for value in WRONG_TYPES[kind]:
            response = send(client, method, records.url(path), {field: value})
            assert response.status_code == 400, (field, value, response.content)
            assert field in response.json(), (field, value, response.json())
    assert counts() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_field_is_a_400_naming_it(api, records, endpoint):
    method, path, _fields = ENDPOINTS[endpoint]
    response = send(api("county_admin"), method, records.url(path), {"zz_unknown": "1"})
    assert response.status_code == 400, response.content
    assert response.json() == {"zz_unknown": [str(UNKNOWN)]}


def test_a_form_encoded_body_is_read_like_json(api, records):
    client = api("township_staff")
    url = f"/api/contracts/{records.contract.pk}/reply/"
    response = client.post(url, {"reply_on": "2024-01-20"})
    assert response.status_code == 200, response.content
    assert response.json()["reply_on"] == "2024-01-20"


# --- read-only fields on an edit ----------------------------------------------------------------


def test_a_changed_read_only_field_is_a_400_naming_it_and_nothing_is_saved(api, records, tree):
    client = api("township_staff")
    org_url = f"/api/orgs/{records.org.pk}/"
    contract_url = f"/api/contracts/{records.contract.pk}/"
    cases = [
        (org_url, {"township": tree.township_b.pk, "chair_name": "李建国"}, "township"),
        (org_url, {"closed_on": "2025-01-01"}, "closed_on"),
        (org_url, {"updated_at": "2020-01-01T00:00:00Z"}, "updated_at"),
        (contract_url, {"status": "signed", "note": "已签"}, "status"),
        (contract_url, {"offer_on": "2023-12-01"}, "offer_on"),  # the form keeps it on edits
        (contract_url, {"reply_due": "2030-01-01"}, "reply_due"),
        (f"/api/members/{records.member.pk}/", {"status": "withdrawn"}, "status"),
    ]
    for method in ("patch", "put"):
        for url, body, field in cases:
            response = send(client, method, url, body)
            assert response.status_code == 400, (method, url, body, response.content)
            assert response.json() == {field: [str(READ_ONLY)]}, (method, url, response.json())
    org = UnionOrg.objects.get(pk=records.org.pk)
    assert (org.township_id, org.chair_name) == (tree.township_a.pk, "")
    contract = CollectiveContract.objects.get(pk=records.contract.pk)
    assert (contract.note, contract.offer_on) == ("", records.contract.offer_on)


def test_a_member_s_union_changes_only_by_a_transfer(api, records, tree):
    response = send(
        api("township_staff"), "patch", f"/api/members/{records.member.pk}/",
        {"union": tree.union_a2.pk},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"union": [gettext("Move a member to another union by a transfer.")]}


@pytest.mark.parametrize("kind", ["orgs", "contracts", "members"])
def test_a_record_echoed_back_unchanged_is_accepted(api, records, kind):
    client = api("township_staff")
    record = {"orgs": records.org, "contracts": records.contract, "members": records.member}[kind]
    url = f"/api/{kind}/{record.pk}/"
    first = client.get(url).json()
    for method in ("patch", "put"):
        shown = client.get(url).json()  # a write moves `updated_at`: echo what was last read
        response = send(client, method, url, shown)
        assert response.status_code == 200, (method, response.content)
        assert response.json() == client.get(url).json()
    unchanged = {k: v for k, v in first.items() if k != "updated_at"}
    assert {k: v for k, v in client.get(url).json().items() if k != "updated_at"} == unchanged


def test_an_unchanged_read_only_field_beside_a_change_is_accepted(api, records, tree):
    client = api("township_staff")
    url = f"/api/orgs/{records.org.pk}/"
    shown = client.get(url).json()
    body = {"township": shown["township"], "status": shown["status"], "chair_name": "李建国"}
    response = send(client, "patch", url, body)
    assert response.status_code == 200, response.content
    assert UnionOrg.objects.get(pk=records.org.pk).chair_name == "李建国"


def test_a_masked_chair_phone_echoed_back_keeps_the_stored_number(api, records):
    UnionOrg.objects.filter(pk=records.org.pk).update(chair_phone="13812345678")
    client = api("township_staff")
    url = f"/api/orgs/{records.org.pk}/"
    shown = client.get(url).json()
    assert shown["chair_phone"] != "13812345678"  # masked for a clerk without the reveal right
    response = send(client, "patch", url, {**shown, "chair_name": "李建国"})
    assert response.status_code == 200, response.content
    org = UnionOrg.objects.get(pk=records.org.pk)
    assert (org.chair_phone, org.chair_name) == ("13812345678", "李建国")
