"""The schema documents exactly the fields each write endpoint accepts: the fields of the form
that validates it (so nothing is written twice), and every write endpoint refuses what it
does not document."""

import json

import pytest

from apps.contracts.actions import ACTIONS
from apps.contracts.forms import CheckForm, ContractForm
from apps.core.apiwrites import READ_ONLY, UNKNOWN
from apps.core.forms import EmployerForm, OrgForm
from apps.membership.forms import DecisionForm, MemberForm

WRITES = ("post", "put", "patch")


@pytest.fixture
def schema(client_for):
    response = client_for("leader").get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def documented(schema, path, method):
    """The names of the request body's writable properties, or None without a body."""
    body = schema["paths"][path][method].get("requestBody")
    if body is None:
        return None
    node = resolve(schema, body["content"]["application/json"]["schema"])
    return {name for name, prop in node["properties"].items() if not prop.get("readOnly")}


def fields(form):
    return {name for name, field in form.fields.items() if not field.disabled}


def test_each_contract_move_documents_its_form_s_fields(schema):
    for name, move in ACTIONS.items():
        path = f"/api/contracts/{{id}}/{name}/"
        assert documented(schema, path, "post") == fields(move.form_class()), name
    assert documented(schema, "/api/contracts/{id}/vote/", "post") == {
        "total",
        "present",
        "yes",
        "congress_on",
    }


def test_creates_and_edits_document_their_form_s_fields(schema, tree, personas, records):
    admin = personas["county_admin"]
    cases = {
        "/api/orgs/": (OrgForm, tree.union_a1),
        "/api/employers/": (EmployerForm, tree.employer_a1),
        "/api/members/": (MemberForm, records.member),
        "/api/contracts/": (ContractForm, records.contract),
    }
    for path, (form_class, record) in cases.items():
        created = fields(form_class(user=admin))
        edited = fields(form_class(user=admin, instance=record))
        assert documented(schema, path, "post") == created, path
        for method in ("put", "patch"):
            assert documented(schema, path + "{id}/", method) == edited, (path, method)
    assert "offer_on" not in documented(schema, "/api/contracts/{id}/", "patch")
    assert "union" not in documented(schema, "/api/members/{id}/", "patch")  # by transfer


def test_the_other_action_bodies_are_their_forms(schema, personas):
    user = personas["county_admin"]
    assert documented(schema, "/api/contracts/{id}/checks/", "post") == fields(CheckForm(user=user))
    assert documented(schema, "/api/contracts/{id}/assessments/", "post") == {
        "assessed_on",
        "assessor",
        "note",
        "scores",
    }
    for decision in ("accept", "refuse"):
        path = f"/api/transfers/{{id}}/{decision}/"
        assert documented(schema, path, "post") == fields(DecisionForm())
    assert documented(schema, "/api/transfers/{id}/cancel/", "post") is None
    assert documented(schema, "/api/transfers/", "post") == {
        "member",
        "to_union",
        "requested_on",
        "reason",
        "note",
    }


def test_every_write_endpoint_takes_what_it_documents_and_refuses_the_rest(schema, api, records):
    client = api("county_admin")
    writes = [(p, m) for p, item in schema["paths"].items() for m in item if m in WRITES]
    assert len(writes) >= 20
    for path, method in writes:
        url = records.url(path)
        send = getattr(client, method)
        response = send(url, json.dumps({"zz_undocumented": None}), "application/json")
        assert response.status_code == 400, (path, method, response.content)
        assert response.json() == {"zz_undocumented": [str(UNKNOWN)]}, (path, method)
        names = documented(schema, path, method)
        if not names:
            continue
        response = send(url, json.dumps(dict.fromkeys(names)), "application/json")
        errors = response.json() if response.status_code == 400 else {}
        refused = {name for name in names if errors.get(name) in ([str(UNKNOWN)], [str(READ_ONLY)])}
        assert not refused, (path, method, refused)
