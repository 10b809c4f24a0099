"""Organisations are listed and offered in code order, the tree's order, wherever staff see them;
employers by their township's code, then name. Every organisation, employer and member field is
a searchable drop-down whose options carry what they are found by (code, pinyin initials).

The tree here gets a township entered last but numbered first (QH-00): in id order, or in the
order of the id path, it would come after 新庄镇 (QH-02), as 南岗镇 QH-09 came before 城关镇 QH-01.
"""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from apps.contracts.forms import ContractForm
from apps.core.forms import EmployerForm, OrgForm
from apps.core.ledgers import IMPORTERS
from apps.core.models import Employer
from apps.core.views.imports import UploadForm
from apps.core.views.users import UserForm
from apps.membership.forms import MemberForm, TransferForm
from apps.reports.forms import NewReviewForm
from apps.reports.queries import scope_choices
from tests.conftest import make_org

pytestmark = pytest.mark.usefixtures("fast_passwords")

TREE_ORDER = ["QH", "QH-00", "QH-00-001", "QH-01", "QH-01-001", "QH-01-002", "QH-02", "QH-02-001"]


@pytest.fixture
def late_township(tree):
    """南岗镇, entered after the others (a higher id) but numbered QH-00."""
    township = make_org("南岗镇总工会", tree.county, code="QH-00", short_name="南岗镇")
    union = make_org("南岗镇幼儿园工会", township, code="QH-00-001")
    Employer.objects.create(name="南岗幼儿园", nature="170", township=township, union=union)
    Employer.objects.create(name="安泰化工", nature="170", township=tree.township_a)
    return township


def codes_on_page(html):
    return re.findall(r'<td class="text-nowrap">(QH[-\d]*)</td>', html)


def option_values(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [v for v in re.findall(r'<option value="(\d*)"', select) if v]


def test_the_organisation_list_and_its_export_are_in_code_order(client_for, late_township):
    client = client_for("county_admin")
    assert codes_on_page(client.get(reverse("core:org_list")).content.decode()) == TREE_ORDER

    response = client.get(reverse("core:org_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    codes = [c for (c,) in sheet.iter_rows(min_col=1, max_col=1, values_only=True)]
    assert [c for c in codes if c in TREE_ORDER] == TREE_ORDER


def test_employers_are_listed_by_township_code_then_name(client_for, tree, late_township):
    html = client_for("county_admin").get(reverse("core:employer_list")).content.decode()
    names = re.findall(r'<a href="/employers/\d+/">([^<]+)</a>', html)
    assert names == ["南岗幼儿园", "安泰化工", "宏达纺织有限公司", "新庄机械厂"]


def test_the_filter_drop_downs_offer_organisations_in_code_order(client_for, tree, late_township):
    html = client_for("county_admin").get(reverse("core:org_list")).content.decode()
    by_code = {o.pk: o.code for o in [tree.county, late_township, tree.township_a, tree.township_b]}
    assert [by_code[int(v)] for v in option_values(html, "township")] == ["QH-00", "QH-01", "QH-02"]
    assert [by_code[int(v)] for v in option_values(html, "subtree")] == [
        "QH",
        "QH-00",
        "QH-01",
        "QH-02",
    ]


def test_every_form_offers_organisations_in_code_order(tree, personas, late_township):
    admin = personas["county_admin"]

    def codes(field):
        return [choice.instance.code for choice, _label in field.choices if choice]

    expected_unions = [c for c in TREE_ORDER if c != "QH"]
    assert codes(OrgForm(user=admin).fields["parent"]) == TREE_ORDER
    assert codes(EmployerForm(user=admin).fields["township"]) == ["QH-00", "QH-01", "QH-02"]
    assert codes(EmployerForm(user=admin).fields["union"]) == TREE_ORDER
    assert codes(MemberForm(user=admin).fields["union"]) == TREE_ORDER
    assert codes(ContractForm(user=admin).fields["union"]) == TREE_ORDER
    assert codes(UserForm(user=admin).fields["org"]) == TREE_ORDER
    upload = UploadForm(user=admin, importer=IMPORTERS["members"])
    assert codes(upload.fields["org"]) == TREE_ORDER
    member = type("M", (), {"union_id": tree.county.pk})()
    assert codes(TransferForm(member=member).fields["to_union"]) == expected_unions
    assert [o.code for o in NewReviewForm(user=admin).fields["org"].queryset] == [
        "QH",
        "QH-00",
        "QH-01",
        "QH-02",
    ]
    assert [o.code for o in scope_choices(admin)] == ["QH", "QH-00", "QH-01", "QH-02"]


# Searchable drop-downs --------------------------------------------------------------------------


def test_organisation_and_employer_fields_are_searchable_with_code_and_initials(client_for, tree):
    client = client_for("county_admin")
    pages = {
        reverse("core:org_add"): ["parent"],
        reverse("core:employer_add"): ["township", "union"],
        reverse("membership:member_add"): ["union", "employer"],
        reverse("contracts:contract_add"): ["union", "employer", "covered_employers"],
        reverse("core:user_add"): ["org"],
        reverse("core:import_upload", args=["members"]): ["org"],
        reverse("core:org_list"): ["subtree", "township"],
        reverse("core:employer_list"): ["township", "subtree"],
        reverse("membership:member_list"): ["subtree"],
        reverse("contracts:contract_list"): ["township"],
        reverse("contracts:attention"): ["township"],
        reverse("reports:review_list"): ["org"],
    }
    for url, names in pages.items():
        html = client.get(url).content.decode()
        for name in names:
            tag = re.search(rf'<select name="{name}"[^>]*>', html)
            assert tag and 'data-search-select="local"' in tag.group(0), (url, name)
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert re.search(r'<select[^>]*id="pick-org"[^>]*data-search-select="local"', dashboard)

    html = client.get(reverse("core:org_add")).content.decode()
    option = re.search(rf'<option value="{tree.township_a.pk}"[^>]*>', html).group(0)
    assert 'data-search="QH-01 城关镇 cgzzgh chengguanzhenzonggonghui"' in option
    assert 'data-hint="QH-01"' in option


def test_option_text_is_escaped(client_for, tree):
    tree.township_a.short_name = '"><script>alert(1)</script>'
    tree.township_a.save()
    html = client_for("county_admin").get(reverse("core:org_add")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html
