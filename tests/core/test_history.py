"""A record's change history: every change is kept with who made it and the old and new values,
whether it came through the web form, the API or a bulk update; staff and auditors read it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from apps.core import services
from apps.core.history import history_for
from apps.core.models import Employer, UnionOrg

pytestmark = pytest.mark.usefixtures("fast_passwords")


def label(model, name):
    return str(capfirst(model._meta.get_field(name).verbose_name))


def changes_of(entry):
    return {change.field: (change.old, change.new) for change in entry.changes}


def newest_change_to(obj, model_field):
    """The newest history entry that touched `model_field`, with its (old, new) pair."""
    field_label = label(type(obj), model_field)
    for entry in history_for(obj):
        pairs = changes_of(entry)
        if field_label in pairs:
            return entry, pairs[field_label]
    raise AssertionError(f"no change to {model_field} in the history of {obj}")


@pytest.fixture
def union(tree):
    """宏达纺织有限公司工会 with a chair on record, set by the system."""
    union = tree.union_a1
    union.chair_name = "张三"
    return services.save_org(org=union, actor=None)


def edit_data(org, **changes):
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "code": org.code,
        "parent": org.parent_id,
        "level": org.level,
        "kind": org.kind,
        "form": org.form,
        "committee_type": org.committee_type,
        "credit_code": org.credit_code,
        "founded_on": "",
        "approval_doc_no": org.approval_doc_no,
        "chair_name": org.chair_name,
        "chair_phone": org.chair_phone,
        "term_start": "",
        "term_end": "",
        "status": org.status,
    }
    data.update(changes)
    return data


def test_a_web_edit_is_in_the_history_with_the_clerk_and_both_values(client_for, union):
    response = client_for("township_staff").post(
        reverse("core:org_edit", args=[union.pk]), edit_data(union, chair_name="李四")
    )
    assert response.status_code == 302

    entry, (old, new) = newest_change_to(union, "chair_name")

    assert (old, new) == ("张三", "李四")
    assert entry.who == "township_staff"
    assert entry.via == reverse("core:org_edit", args=[union.pk])
    # only what changed is listed
    assert set(changes_of(entry)) == {label(UnionOrg, "chair_name")}


def test_an_api_edit_is_in_the_history_with_the_caller(personas, union):
    token = Token.objects.create(user=personas["township_staff"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.patch(
        f"/api/orgs/{union.pk}/",
        {"chair_name": "赵六", "chair_phone": "13912345678"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content

    entry, (old, new) = newest_change_to(union, "chair_name")
    assert (old, new) == ("张三", "赵六")
    assert entry.who == "township_staff"
    # the chair's phone in full only for a reader who may reveal it
    assert changes_of(entry)[label(UnionOrg, "chair_phone")] == ("—", "139****5678")
    full = history_for(union, viewer=personas["county_admin"])[0]
    assert changes_of(full)[label(UnionOrg, "chair_phone")] == ("—", "13912345678")


def test_a_bulk_update_is_in_the_history_too(union):
    UnionOrg.objects.filter(pk=union.pk).update(chair_name="王五")

    entry, (old, new) = newest_change_to(union, "chair_name")

    assert (old, new) == ("张三", "王五")
    assert entry.who == gettext("system")  # no person: a bulk update or a script


def test_every_change_is_kept_in_order(client_for, union):
    client = client_for("county_admin")
    client.post(reverse("core:org_edit", args=[union.pk]), edit_data(union, chair_name="李四"))
    UnionOrg.objects.filter(pk=union.pk).update(chair_name="王五")

    field_label = label(UnionOrg, "chair_name")
    chairs = [
        changes_of(entry)[field_label]
        for entry in history_for(union)
        if field_label in changes_of(entry)
    ]

    # created without a chair, then 张三 (system), 李四 (web), 王五 (bulk): newest first
    assert chairs == [("李四", "王五"), ("张三", "李四"), ("—", "张三")]
    created = history_for(union)[-1]
    assert created.action == history_for(union, limit=500)[-1].action
    assert label(UnionOrg, "name") in changes_of(created)
    assert changes_of(created)[label(UnionOrg, "name")] == ("—", "宏达纺织有限公司工会")


def test_a_move_shows_the_parent_by_name(client_for, union, tree):
    client_for("county_admin").post(
        reverse("core:org_edit", args=[union.pk]), edit_data(union, parent=tree.township_b.pk)
    )

    entry, pair = newest_change_to(union, "parent")

    assert pair == ("城关镇总工会", "新庄镇总工会")
    assert changes_of(entry)[label(UnionOrg, "township")] == ("城关镇总工会", "新庄镇总工会")
    assert entry.who == "county_admin"


def test_an_employer_edit_is_in_its_history(client_for, tree):
    employer = tree.employer_a1
    data = {
        "name": employer.name,
        "credit_code": "",
        "nature": employer.nature,
        "industry": "",
        "size_band": "",
        "township": employer.township_id,
        "union": employer.union_id,
        "address": "",
        "headcount": 150,
        "women_count": employer.women_count,
        "migrant_count": employer.migrant_count,
        "must_organise": "on",
    }
    response = client_for("township_staff").post(
        reverse("core:employer_edit", args=[employer.pk]), data
    )
    assert response.status_code == 302

    entry, pair = newest_change_to(employer, "headcount")
    assert pair == ("120", "150")
    assert entry.who == "township_staff"
    assert label(Employer, "headcount") in changes_of(entry)


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("county_admin", True),
        ("township_staff", True),
        ("auditor", True),
        ("leader", False),
    ],
)
def test_the_history_table_is_shown_to_staff_and_auditors_only(client_for, union, persona, sees):
    UnionOrg.objects.filter(pk=union.pk).update(chair_name="王五")

    html = client_for(persona).get(reverse("core:org_detail", args=[union.pk])).content.decode()

    assert ('data-testid="history"' in html) is sees
    if sees:
        history = html[html.index('data-testid="history"') :]
        assert "张三" in history and "王五" in history
    else:
        assert "张三" not in html  # the old chair is nowhere on the page
