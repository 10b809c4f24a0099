"""An organisation's level follows from its kind: a blank level in the ledger is derived, not
defaulted from the parent (a 机关工会 under the county is grassroots), a contradiction is refused,
and a row's faults are all named at once."""

import pytest

from apps.core.choices import OrgKind, OrgLevel
from apps.core.forms import OrgForm
from apps.core.ledgers import IMPORTERS, zh_choices
from apps.core.models import UnionOrg
from tests.core.test_imports import xlsx

pytestmark = pytest.mark.django_db

KINDS = dict(zh_choices(OrgKind))
LEVELS = dict(zh_choices(OrgLevel))
HEADERS = ["组织全称", "组织代码", "上级组织代码", "组织类别", "组织层级", "主席电话"]


def run(rows, user):
    return IMPORTERS["orgs"].run(xlsx(rows, headers=HEADERS), user=user, commit=True)


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        (OrgKind.GOVERNMENT, OrgLevel.GRASSROOTS),  # 县直机关工会: grassroots, not township
        (OrgKind.ENTERPRISE, OrgLevel.GRASSROOTS),
        (OrgKind.VILLAGE, OrgLevel.GRASSROOTS),
        (OrgKind.TOWNSHIP_FEDERATION, OrgLevel.TOWNSHIP),
        (OrgKind.INDUSTRY, OrgLevel.TOWNSHIP),  # a county's 系统工会: the level below the county
    ],
)
def test_a_blank_level_under_the_county_follows_from_the_kind(tree, personas, kind, level):
    outcome = run(
        [["县直测试工会", "", tree.county.code, KINDS[kind], None, None]], personas["county_admin"]
    )

    assert outcome.ok, outcome.errors
    assert UnionOrg.objects.get(name="县直测试工会").level == level


def test_a_regional_federation_under_a_township_is_grassroots(tree, personas):
    rows = [["城关镇测试联合工会", "", tree.township_a.code, KINDS[OrgKind.REGIONAL], None, None]]
    assert run(rows, personas["county_admin"]).ok

    assert UnionOrg.objects.get(name="城关镇测试联合工会").level == OrgLevel.GRASSROOTS


def test_a_level_that_contradicts_the_kind_is_refused_and_nothing_is_saved(tree, personas):
    rows = [
        ["县直测试工会甲", "", tree.county.code, KINDS[OrgKind.ENTERPRISE], None, None],
        [
            "县直测试工会乙",
            "",
            tree.county.code,
            KINDS[OrgKind.GOVERNMENT],
            LEVELS[OrgLevel.TOWNSHIP],
            None,
        ],
    ]
    outcome = run(rows, personas["county_admin"])

    assert not outcome.ok
    assert list(outcome.errors) == [3]
    message = " ".join(outcome.errors[3])
    assert "组织层级" in message
    assert not UnionOrg.objects.filter(name__startswith="县直测试工会").exists()


def test_every_fault_of_a_row_is_named_at_once(tree, personas):
    rows = [["测试工会", "", "QH-99", KINDS[OrgKind.ENTERPRISE], None, "12345"]]
    outcome = run(rows, personas["county_admin"])

    message = " ".join(outcome.errors[2])
    assert "QH-99" in message  # the unknown parent
    assert "主席电话" in message  # and the bad phone, in the same upload


def test_the_web_form_refuses_a_grassroots_kind_at_township_level(tree, personas):
    form = OrgForm(
        data={
            "name": "县直测试工会",
            "parent": tree.county.pk,
            "level": OrgLevel.TOWNSHIP,
            "kind": OrgKind.GOVERNMENT,
            "form": "single",
            "committee_type": "committee",
            "status": "active",
        },
        instance=UnionOrg(),
        user=personas["county_admin"],
    )

    assert not form.is_valid()
    assert "level" in form.errors or "__all__" in form.errors
