"""The organisation that is a user's own scope root: they keep its contact details, and only the
level above changes what places it in the tree and the statistics (`apps.core.rules`) — on the
web page, through the API, through the service (which the ledger import calls), and by closing.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core import services
from apps.core.choices import OrgKind, OrgLevel, OrgStatus
from apps.core.models import UnionOrg
from tests.core.test_api import patch

pytestmark = pytest.mark.usefixtures("fast_passwords")

PLACING = {
    "level": OrgLevel.GRASSROOTS,
    "kind": OrgKind.ENTERPRISE,
    "code": "QH-77",
    "status": OrgStatus.PREPARING,
    "name": "城关镇总工会（改）",
    "founded_on": "2001-05-01",
}


def stored(org):
    return UnionOrg.objects.values(
        "name", "code", "level", "kind", "status", "parent_id", "founded_on"
    ).get(pk=org.pk)


@pytest.mark.parametrize("field", [*PLACING, "parent"])
def test_staff_cannot_change_what_places_their_own_township_through_the_api(
    client_for, tree, field
):
    before = stored(tree.township_a)
    value = tree.township_b.pk if field == "parent" else PLACING[field]

    response = patch(
        client_for("township_staff"), f"/api/orgs/{tree.township_a.pk}/", {field: value}
    )

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert stored(tree.township_a) == before


def test_the_refusal_is_in_chinese_and_names_the_field(client_for, tree):
    response = patch(
        client_for("township_staff"), f"/api/orgs/{tree.township_a.pk}/", {"level": "grassroots"}
    )

    assert response.json()["level"] == ["只有上级组织可以修改此项。"]


def test_staff_keep_their_own_township_s_contact_details_through_the_api(client_for, tree):
    response = patch(
        client_for("township_staff"),
        f"/api/orgs/{tree.township_a.pk}/",
        {"chair_name": "刘建华", "chair_phone": "13900001111", "term_start": "2024-01-01"},
    )

    assert response.status_code == 200, response.content
    township = UnionOrg.objects.get(pk=tree.township_a.pk)
    assert (township.chair_name, township.chair_phone) == ("刘建华", "13900001111")


def test_an_echo_of_the_record_as_read_is_accepted(client_for, tree):
    client = client_for("township_staff")
    url = f"/api/orgs/{tree.township_a.pk}/"
    body = client.get(url).json()
    body["chair_name"] = "刘建华"

    response = patch(client, url, {k: v for k, v in body.items() if v is not None})

    assert response.status_code == 200, response.content
    assert UnionOrg.objects.get(pk=tree.township_a.pk).chair_name == "刘建华"


def test_the_county_admin_changes_a_township_s_code_level_and_name(client_for, tree):
    """…and the codes numbered from the old code follow (QH-01-001 → QH-07-001)."""
    response = patch(
        client_for("county_admin"),
        f"/api/orgs/{tree.township_a.pk}/",
        {"code": "QH-07", "name": "城关街道总工会", "kind": OrgKind.REGIONAL},
    )

    assert response.status_code == 200, response.content
    township = UnionOrg.objects.get(pk=tree.township_a.pk)
    assert (township.code, township.name, township.kind) == ("QH-07", "城关街道总工会", "regional")
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).code == "QH-07-001"
    assert UnionOrg.objects.get(pk=tree.union_b1.pk).code == "QH-02-001"


def test_township_staff_change_the_kind_and_code_of_a_union_below_them(client_for, tree):
    response = patch(
        client_for("township_staff"),
        f"/api/orgs/{tree.union_a1.pk}/",
        {"kind": OrgKind.INSTITUTION, "code": "QH-01-050"},
    )

    assert response.status_code == 200, response.content
    union = UnionOrg.objects.get(pk=tree.union_a1.pk)
    assert (union.kind, union.code) == (OrgKind.INSTITUTION, "QH-01-050")


def test_a_union_s_own_staff_may_not_change_its_kind(tree, personas):
    """The rule is about the scope root, whatever its level: a union's own clerk."""
    from tests.conftest import make_user

    clerk = make_user("union_clerk", tree.union_a1, "org_staff")
    union = UnionOrg.objects.get(pk=tree.union_a1.pk)
    union.kind = OrgKind.GOVERNMENT

    with pytest.raises(ValidationError) as refused:
        services.save_org(org=union, actor=clerk)

    assert "kind" in refused.value.message_dict
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).kind == OrgKind.ENTERPRISE


def test_the_service_refuses_a_staff_change_of_their_own_township_s_level(tree, personas):
    """The importer, the web view and the API all save through this service."""
    township = UnionOrg.objects.get(pk=tree.township_a.pk)
    township.level = OrgLevel.GRASSROOTS

    with pytest.raises(ValidationError) as refused:
        services.save_org(org=township, actor=personas["township_staff"])

    assert set(refused.value.message_dict) == {"level"}
    assert UnionOrg.objects.get(pk=tree.township_a.pk).level == OrgLevel.TOWNSHIP


def field_tag(html, name):
    """The opening tag of the form control called `name`."""
    match = re.search(rf'<(input|select)[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_the_edit_page_shows_the_placing_fields_disabled_for_the_own_township(client_for, tree):
    html = (
        client_for("township_staff")
        .get(reverse("core:org_edit", args=[tree.township_a.pk]))
        .content.decode()
    )

    for name in ("name", "code", "parent", "level", "kind", "status", "founded_on"):
        assert "disabled" in field_tag(html, name), name
    for name in ("chair_name", "chair_phone", "term_start", "term_end"):
        assert "disabled" not in field_tag(html, name), name
    assert "只有上级组织可以修改此项。" in html


def test_the_county_admin_s_edit_page_has_no_disabled_field(client_for, tree):
    html = (
        client_for("county_admin")
        .get(reverse("core:org_edit", args=[tree.township_a.pk]))
        .content.decode()
    )

    assert "disabled" not in field_tag(html, "level")
    assert "disabled" not in field_tag(html, "code")


def test_a_crafted_post_of_the_own_township_s_level_is_refused(client_for, tree):
    response = client_for("township_staff").post(
        reverse("core:org_edit", args=[tree.township_a.pk]),
        {"chair_name": "刘建华", "level": OrgLevel.GRASSROOTS},
    )

    assert response.status_code == 200
    assert 'data-testid="error-level"' in response.content.decode()
    assert UnionOrg.objects.get(pk=tree.township_a.pk).level == OrgLevel.TOWNSHIP


def test_staff_cannot_close_their_own_township(client_for, tree, personas):
    for union in (tree.union_a1, tree.union_a2):
        services.close_org(
            org=union, actor=None, status=OrgStatus.DISSOLVED, closed_on=datetime.date(2025, 1, 1)
        )
    client = client_for("township_staff")

    detail = client.get(tree.township_a.get_absolute_url()).content.decode()
    response = client.post(
        reverse("core:org_close", args=[tree.township_a.pk]),
        {"status": OrgStatus.DISSOLVED, "closed_on": "2025-06-30", "note": ""},
    )

    assert reverse("core:org_close", args=[tree.township_a.pk]) not in detail
    assert response.status_code == 200
    assert "只有上级组织可以撤销本组织。" in response.content.decode()
    assert UnionOrg.objects.get(pk=tree.township_a.pk).status == OrgStatus.ACTIVE


def test_staff_still_close_a_union_below_them(client_for, tree):
    client = client_for("township_staff")

    detail = client.get(tree.union_a1.get_absolute_url()).content.decode()
    response = client.post(
        reverse("core:org_close", args=[tree.union_a1.pk]),
        {"status": OrgStatus.DISSOLVED, "closed_on": "2025-06-30", "note": "企业注销"},
    )

    assert reverse("core:org_close", args=[tree.union_a1.pk]) in detail
    assert response.status_code == 302
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).status == OrgStatus.DISSOLVED
