"""The member API: the web form's rules and the same services, the web list's filters, and a
schema that documents it."""

import datetime
import subprocess
import sys

from django.conf import settings
from django.utils.translation import gettext, override

from apps.membership.choices import ChangeType
from apps.membership.models import Member
from tests.membership.helpers import (  # noqa: F401
    fast_passwords,
    id_number,
    make_member,
    member_post,
    wrong_check_digit,
)

DUPLICATE = "Already an active member of another union; ask the county to transfer."


def as_json(data):
    data = dict(data)
    data["is_migrant"] = data.get("is_migrant") == "on"
    return {k: v for k, v in data.items() if v != ""}


def test_creating_a_member_runs_the_form_rules_and_writes_the_ledger(client_for, tree):
    client = client_for("township_staff")
    number = id_number(7, born=datetime.date(1990, 2, 14), male=False)
    response = client.post(
        "/api/members/",
        as_json(member_post(tree.union_a1, id_number=number.lower()[:-1] + number[-1].lower())),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sex"] == "2" and body["birth_date"] == "1990-02-14"
    assert body["status"] == "active" and body["union_name"] == tree.union_a1.name
    member = Member.objects.get(pk=body["id"])
    assert member.id_number == number
    assert list(member.changes.values_list("change_type", flat=True)) == [ChangeType.JOIN]


def test_api_errors_are_the_forms_messages(client_for, tree):
    client = client_for("township_staff")
    bad = wrong_check_digit(id_number(7))
    response = client.post(
        "/api/members/",
        as_json(member_post(tree.union_a1, id_number=bad)),
        content_type="application/json",
    )
    assert response.status_code == 400 and list(response.json()) == ["id_number"]
    make_member(tree.union_b1, "李四", serial=3)
    response = client.post(
        "/api/members/",
        as_json(member_post(tree.union_a1, id_number=id_number(3))),
        content_type="application/json",
    )
    assert response.status_code == 400
    with override(settings.LANGUAGE_CODE):
        assert response.json() == {"id_number": [gettext(DUPLICATE)]}
    assert Member.objects.count() == 1


def test_patch_keeps_a_masked_number_and_refuses_a_move(client_for, tree):
    member = make_member(tree.union_a1, "张三", serial=5)
    client = client_for("township_staff")
    url = f"/api/members/{member.pk}/"
    shown = client.get(url).json()
    assert "*" in shown["id_number"]
    response = client.patch(
        url,
        {"id_number": shown["id_number"], "phone": shown["phone"], "card_no": "HY-5"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.card_no == "HY-5" and member.id_number == id_number(5)
    response = client.patch(url, {"union": tree.union_a2.pk}, content_type="application/json")
    assert response.status_code == 400 and "union" in response.json()
    member.refresh_from_db()
    assert member.union == tree.union_a1


def test_the_api_list_uses_the_web_lists_filters(client_for, tree):
    make_member(tree.union_a1, "张三", serial=1)
    make_member(tree.union_a2, "李四", serial=2, male=False)
    client = client_for("township_staff")
    names = lambda query: [r["name"] for r in client.get("/api/members/", query).json()["results"]]  # noqa: E731
    assert names({"q": "zs"}) == ["张三"]
    assert names({"sex": "2"}) == ["李四"]
    assert names({"subtree": tree.union_a2.pk}) == ["李四"]
    assert client.get("/api/members/", {"subtree": tree.union_b1.pk}).status_code == 400


def test_the_schema_documents_the_membership_api_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for path in (
        "/api/members/",
        "/api/members/{id}/",
        "/api/membership-changes/",
        "/api/transfers/{id}/accept/",
        "/api/transfers/{id}/refuse/",
        "/api/transfers/{id}/cancel/",
    ):
        assert f"  {path}:" in result.stdout, path
    assert "age_band" in result.stdout and "new_form_group" in result.stdout
