"""A union chair's phone is personal data: shown masked (139****5678) in the organisation's
export, API, page, summary PDF context and change history to roles without the reveal right
(township staff, leaders, auditors), in full to the county administrator and to anyone granted
`membership.reveal_identity` — the rule members' phones follow."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.text import capfirst
from rest_framework.authtoken.models import Token

from apps.core import services
from apps.core.history import history_for
from apps.core.models import UnionOrg

pytestmark = pytest.mark.usefixtures("fast_passwords")

PHONE = "13912345678"
MASKED = "139****5678"


@pytest.fixture
def union(tree):
    """宏达纺织有限公司工会 with a chair whose phone changed once (so the history holds two)."""
    union = tree.union_a1
    union.chair_name, union.chair_phone = "张三", "13700000001"
    services.save_org(org=union, actor=None)
    union.chair_phone = PHONE
    return services.save_org(org=union, actor=None)


@pytest.fixture
def revealer(personas):
    """township_staff granted the reveal right by the operators."""
    user = personas["township_staff"]
    user.user_permissions.add(Permission.objects.get(codename="reveal_identity"))
    return "township_staff"


def export_text(client):
    response = client.get(reverse("core:org_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def api_phone(personas, persona, union):
    from django.test import Client

    token = Token.objects.create(user=personas[persona])
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    one = client.get(f"/api/orgs/{union.pk}/").json()["chair_phone"]
    listed = {row["id"]: row for row in client.get("/api/orgs/?page_size=100").json()["results"]}
    return one, listed[union.pk]["chair_phone"]


@pytest.mark.parametrize("persona", ["township_staff", "leader", "auditor"])
def test_the_chair_phone_is_masked_for_roles_without_the_reveal_right(
    client_for, personas, union, persona
):
    client = client_for(persona)

    exported = export_text(client)
    assert MASKED in exported and PHONE not in exported
    assert api_phone(personas, persona, union) == (MASKED, MASKED)
    page = client.get(reverse("core:org_detail", args=[union.pk])).content.decode()
    assert MASKED in page and PHONE not in page and "13700000001" not in page
    changes = [c for e in history_for(union, viewer=personas[persona]) for c in e.changes]
    assert {c.new for c in changes if c.new.startswith("13")} <= {MASKED, "137****0001"}


@pytest.mark.parametrize("persona", ["county_admin", "revealer"])
def test_the_chair_phone_is_shown_in_full_with_the_reveal_right(
    client_for, personas, union, persona, request
):
    if persona == "revealer":
        persona = request.getfixturevalue("revealer")
    client = client_for(persona)

    assert PHONE in export_text(client)
    assert api_phone(personas, persona, union) == (PHONE, PHONE)
    page = client.get(reverse("core:org_detail", args=[union.pk])).content.decode()
    assert PHONE in page and "13700000001" in page  # the history's old number too


def test_the_history_masks_the_chair_phone_without_a_reader(union):
    label = str(capfirst(UnionOrg._meta.get_field("chair_phone").verbose_name))
    pairs = [(c.old, c.new) for e in history_for(union) for c in e.changes if c.field == label]
    assert pairs == [("137****0001", MASKED), ("—", "137****0001")]  # newest first
