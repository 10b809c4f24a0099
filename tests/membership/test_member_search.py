"""Finding a member in a searchable drop-down: the JSON endpoint it asks as one types, and the
initials a surname is found by (曾 → z)."""

import importlib
import json

from django.apps import apps as django_apps
from django.urls import reverse

from apps.core.widgets import SearchSelect
from apps.membership.choices import MemberStatus
from apps.membership.models import Member
from apps.membership.views import SEARCH_LIMIT
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401

SEARCH = reverse("membership:member_search")


def found(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)["results"]


def test_typed_initials_find_members_of_the_users_scope_only(client_for, tree):
    mine = make_member(tree.union_a1, "张三", 1)
    theirs = make_member(tree.union_b1, "张珊", 2)  # same initials, another township

    results = found(client_for("township_staff"), "zs")
    assert [r["value"] for r in results] == [mine.pk]
    assert results[0]["text"] == "张三"
    assert results[0]["hint"].startswith("宏达纺织有限公司工会 · ")

    assert [r["value"] for r in found(client_for("other_township_staff"), "zs")] == [theirs.pk]
    assert {r["value"] for r in found(client_for("county_admin"), "zs")} == {mine.pk, theirs.pk}


def test_another_townships_member_is_never_returned_whatever_is_typed(client_for, tree):
    theirs = make_member(tree.union_b1, "张珊", 2)
    client = client_for("township_staff")
    for q in ["张珊", "zhangshan", "zs", theirs.id_number, theirs.id_number[-6:], theirs.phone]:
        assert found(client, q) == [], q
    assert found(client_for("other_township_staff"), theirs.id_number[-6:])  # it is findable


def test_numbers_are_masked_and_nothing_is_returned_for_nothing_typed(client_for, tree):
    member = make_member(tree.union_a1, "张三", 1)
    client = client_for("county_admin")  # who may reveal: still masked, as in lists

    body = client.get(SEARCH, {"q": member.id_number[-4:]}).content.decode()
    assert member.id_number not in body and member.phone not in body
    assert [r["value"] for r in json.loads(body)["results"]] == [member.pk]
    assert found(client, "   ") == []
    assert found(client, "") == []


def test_status_narrows_to_current_members(client_for, tree):
    current = make_member(tree.union_a1, "张三", 1)
    former = make_member(tree.union_a1, "张森", 3)
    Member.objects.filter(pk=former.pk).update(status=MemberStatus.WITHDRAWN)
    client = client_for("township_staff")

    assert {r["value"] for r in found(client, "zs")} == {current.pk, former.pk}
    assert [r["value"] for r in found(client, "zs", status="holding")] == [current.pk]


def test_at_most_twenty_in_a_fixed_number_of_queries(
    client_for, tree, django_assert_max_num_queries
):
    for serial in range(1, SEARCH_LIMIT + 6):
        make_member(tree.union_a1 if serial % 2 else tree.union_a2, "张三", serial)
    client = client_for("township_staff")
    client.get(SEARCH, {"q": "zs"})  # the session is read once before counting

    # The session, the user and their organisation (the scope), then one query for the members
    # with their unions: the same for 1 match or 20.
    with django_assert_max_num_queries(4):
        results = found(client, "zs")
    assert len(results) == SEARCH_LIMIT


def test_a_member_field_renders_only_the_chosen_member(tree):
    """40 000 options are not rendered: only the chosen one, the rest come from the endpoint."""
    from django import forms

    chosen = make_member(tree.union_a1, "张三", 1)
    make_member(tree.union_a1, "李四", 2)

    class PickMember(forms.Form):
        member = forms.ModelChoiceField(
            queryset=Member.objects.all(), widget=SearchSelect(url=SEARCH), required=False
        )

    html = str(PickMember(initial={"member": chosen.pk})["member"])
    assert f'data-search-url="{SEARCH}"' in html and 'data-search-select="remote"' in html
    assert "张三" in html and "李四" not in html
    assert "李四" not in str(PickMember()["member"])
    assert PickMember({"member": str(chosen.pk + 1)}).is_valid()  # any member of the queryset


# 曾 → z ---------------------------------------------------------------------------------------


def test_a_surname_with_two_readings_is_found_by_its_surname_initial(client_for, tree):
    zeng = make_member(tree.union_a1, "曾国藩", 1)
    shan = make_member(tree.union_a1, "单田芳", 2)
    assert (zeng.name_pinyin, zeng.name_initials) == ("zengguofan", "zgf")
    client = client_for("township_staff")

    assert [r["value"] for r in found(client, "zgf")] == [zeng.pk]
    assert [r["value"] for r in found(client, "zeng")] == [zeng.pk]
    assert [r["value"] for r in found(client, "stf")] == [shan.pk]
    assert found(client, "cgf") == []
    list_page = client.get(reverse("membership:member_list"), {"q": "zgf"}).content.decode()
    assert "曾国藩" in list_page


def test_the_migration_recomputes_stored_initials_of_members_with_such_surnames(tree):
    """Members saved before surnames were read as surnames are corrected by the data migration
    (membership 0005); others are left untouched."""
    zeng = make_member(tree.union_a1, "曾国藩", 1)
    wang = make_member(tree.union_a1, "王芳", 2)
    Member.objects.filter(pk=zeng.pk).update(name_pinyin="cengguofan", name_initials="cgf")
    Member.objects.filter(pk=wang.pk).update(name_initials="wf-untouched")

    migration = importlib.import_module("apps.membership.migrations.0005_member_surname_readings")
    migration.recompute(django_apps, None)

    zeng.refresh_from_db()
    wang.refresh_from_db()
    assert (zeng.name_pinyin, zeng.name_initials) == ("zengguofan", "zgf")
    assert wang.name_initials == "wf-untouched"
