"""Values no record can have are refused (dates before 1900 or of things that happened after
today, codes outside the parent's) or dropped (control and bidirectional characters), the
same way on the web page, through the API and in a ledger import."""

import datetime

import pytest
from django.urls import reverse

from apps.core.models import UnionOrg
from apps.core.validators import clean_text, normalize_text
from tests.core.test_api import new_union, post
from tests.core.test_imports import ENTERPRISE, checked_job, confirm, xlsx
from tests.core.test_orgs import new_union_data

pytestmark = pytest.mark.usefixtures("fast_passwords", "media_root")

TOMORROW = datetime.date.today() + datetime.timedelta(days=2)
BAD_DATES = {
    "0001-01-01": "日期不能早于1900-01-01。",
    "1899-12-31": "日期不能早于1900-01-01。",
    "9999-12-31": "日期不能晚于今天。",
    TOMORROW.isoformat(): "日期不能晚于今天。",
}
HOSTILE_NAME = "城关镇\u202e五金\x07厂\x1b[31m工会\u2066"


@pytest.mark.parametrize("text", ["a\u202eb", "a\x07b", "a\x1bb", "a\x00b", "a\u2067b\u2069"])
def test_control_and_bidi_characters_are_dropped_from_text(text):
    assert normalize_text(text) == "ab"


def test_line_breaks_and_tabs_become_single_spaces():
    assert normalize_text("城关镇\t五金厂\r\n工会") == "城关镇 五金厂 工会"


def test_typed_text_keeps_its_punctuation_and_paragraphs():
    assert clean_text("城关镇（东区）\t工会\u202e") == "城关镇（东区） 工会"
    opinion = "同意，已核实。\r\n\x07请于本月内办理！"
    assert clean_text(opinion, multiline=True) == "同意，已核实。\n请于本月内办理！"
    assert clean_text(opinion) == "同意，已核实。 请于本月内办理！"


def test_a_form_keeps_full_width_punctuation_in_a_name(client_for, tree):
    data = new_union_data(tree.township_a, name="城关镇五金（集团）制品厂工会\x1b")
    client_for("township_staff").post(reverse("core:org_add"), data)
    assert UnionOrg.objects.filter(name="城关镇五金（集团）制品厂工会").exists()


# --- the web form ------------------------------------------------------------------------------


@pytest.mark.parametrize("day, message", BAD_DATES.items())
def test_the_form_refuses_a_founding_date_no_union_can_have(client_for, tree, day, message):
    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.township_a, founded_on=day)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-founded_on"' in html
    assert message in html
    assert not UnionOrg.objects.filter(name="城关镇五金制品厂工会").exists()


def test_the_form_refuses_a_term_ending_in_9999(client_for, tree):
    response = client_for("township_staff").post(
        reverse("core:org_add"),
        new_union_data(tree.township_a, term_start="2024-01-01", term_end="9999-12-31"),
    )

    assert 'data-testid="error-term_end"' in response.content.decode()
    assert "日期不能晚于10年以后。" in response.content.decode()


def test_the_form_drops_control_characters_from_a_name(client_for, tree):
    response = client_for("township_staff").post(
        reverse("core:org_add"),
        new_union_data(tree.township_a, name=HOSTILE_NAME, chair_name="李\x07建国\u202e"),
    )

    assert response.status_code == 302
    union = UnionOrg.objects.get(code="QH-01-003")
    assert (union.name, union.chair_name) == ("城关镇五金厂[31m工会", "李建国")


def test_the_form_refuses_a_code_outside_the_parent_s(client_for, tree):
    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.township_a, code="QH-02-999")
    )

    html = response.content.decode()
    assert 'data-testid="error-code"' in html
    assert "代码须以上级组织代码 QH-01- 开头。" in html
    assert not UnionOrg.objects.filter(code="QH-02-999").exists()


def test_a_code_of_the_parent_s_series_is_accepted(client_for, tree):
    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.township_a, code="QH-01-999")
    )

    assert response.status_code == 302
    assert UnionOrg.objects.get(code="QH-01-999").parent == tree.township_a


def test_the_close_form_refuses_a_closing_date_in_year_one(client_for, tree):
    response = client_for("county_admin").post(
        reverse("core:org_close", args=[tree.union_a1.pk]),
        {"status": "dissolved", "closed_on": "0001-01-01", "note": ""},
    )

    assert response.status_code == 200
    assert "日期不能早于1900-01-01。" in response.content.decode()
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).closed_on is None


# --- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day, message", BAD_DATES.items())
def test_the_api_refuses_a_founding_date_no_union_can_have(client_for, tree, day, message):
    response = post(
        client_for("township_staff"), "/api/orgs/", new_union(tree.township_a, founded_on=day)
    )

    assert response.status_code == 400
    assert response.json()["founded_on"] == [message]


def test_the_api_drops_control_characters_from_a_name(client_for, tree):
    response = post(
        client_for("township_staff"), "/api/orgs/", new_union(tree.township_a, name=HOSTILE_NAME)
    )

    assert response.status_code == 201, response.content
    assert response.json()["name"] == "城关镇五金厂[31m工会"


def test_the_api_refuses_a_code_outside_the_parent_s(client_for, tree):
    response = post(
        client_for("township_staff"), "/api/orgs/", new_union(tree.township_a, code="QH-02-999")
    )

    assert response.status_code == 400
    assert response.json()["code"] == ["代码须以上级组织代码 QH-01- 开头。"]


def test_the_api_refuses_changing_a_code_to_another_township_s(client_for, tree):
    response = client_for("county_admin").patch(
        f"/api/orgs/{tree.union_a1.pk}/", {"code": "QH-02-999"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).code == "QH-01-001"


def test_a_union_moved_to_another_township_is_numbered_there(client_for, tree):
    """Moving keeps codes consistent with the tree: the old place's code is replaced by the
    next number under the new parent."""
    response = client_for("county_admin").patch(
        f"/api/orgs/{tree.union_a1.pk}/",
        {"parent": tree.township_b.pk},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).code == "QH-02-002"


# --- the ledger import ------------------------------------------------------------------------


def import_rows(client, *rows):
    job, _page = checked_job(client, xlsx(list(rows)))
    return job.outcome["errors"]


def row(name="城关镇测试企业工会", code="QH-01-101", founded="2016-05-01", parent="QH-01"):
    return [name, code, parent, ENTERPRISE, founded, "张三"]


@pytest.mark.parametrize("founded", ["2099-12-31", TOMORROW.isoformat()])
def test_the_import_refuses_a_founding_date_in_the_future_naming_row_and_column(
    client_for, tree, founded
):
    errors = import_rows(
        client_for("township_staff"), row(), row(code="QH-01-102", founded=founded)
    )

    assert errors == {"3": ["建会时间: 日期不能晚于今天。"]}
    assert not UnionOrg.objects.filter(code__in=["QH-01-101", "QH-01-102"]).exists()


def test_the_import_refuses_a_code_outside_the_parent_s(client_for, tree):
    errors = import_rows(client_for("township_staff"), row(code="QH-02-999"))

    assert errors == {"2": ["组织代码: 代码须以上级组织代码 QH-01- 开头。"]}


def test_the_import_drops_bidi_characters_from_names(client_for, tree):
    """(A worksheet cannot hold BEL or ESC at all: openpyxl refuses to write them.)"""
    client = client_for("township_staff")
    job, _page = checked_job(client, xlsx([row(name="城关镇\u202e五金厂工会\u2066")]))
    assert job.outcome["errors"] == {}

    confirm(client, job)

    assert UnionOrg.objects.get(code="QH-01-101").name == "城关镇五金厂工会"


def test_the_import_refuses_a_row_redefining_the_own_township(client_for, tree):
    """A row carrying the clerk's own township's code does not touch that record."""
    errors = import_rows(
        client_for("township_staff"), row(name="城关镇总工会", code="QH-01", parent="QH-01")
    )

    assert list(errors) == ["2"] and "组织代码" in errors["2"][0]
    township = UnionOrg.objects.get(pk=tree.township_a.pk)
    assert (township.level, township.kind, township.parent_id) == (
        "township",
        "township",
        tree.county.pk,
    )
