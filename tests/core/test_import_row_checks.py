"""Every ledger import says the two row problems the same way, through one helper
(`apps.core.ledgers.RowCheck`): a value repeating an earlier row of the file ("repeats row N"),
and a code or name naming nothing the importer may use ("no … in your scope", or "under …" for
a roster, which must stay below the union it is imported into)."""

import io

import openpyxl
import pytest
from django.utils.translation import gettext as _

from apps.contracts.models import CollectiveContract
from apps.core.ledgers import IMPORTERS
from apps.core.models import Employer, UnionOrg
from tests.membership.helpers import id_number

pytestmark = pytest.mark.usefixtures("fast_passwords")


def sheet(rows):
    """A workbook whose header is the keys of the first row."""
    workbook = openpyxl.Workbook()
    headers = list(rows[0])
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def repeats(column, row):
    return _("%(column)s repeats row %(row)d") % {"column": column, "row": row}


def missing(column, model, value, under=None):
    params = {"column": column, "record": model._meta.verbose_name, "value": value}
    if under is None:
        return _("%(column)s: no %(record)s %(value)s in your scope") % params
    return _("%(column)s: no %(record)s %(value)s under %(org)s") % {**params, "org": under.name}


def run(kind, rows, user, org=None):
    return IMPORTERS[kind].run(sheet(rows), user=user, org=org, commit=False).errors


def test_the_organisation_ledger(tree, personas):
    rows = [
        {
            "组织全称": "甲公司工会",
            "组织代码": "QH-01-101",
            "上级组织代码": "QH-01",
            "组织类别": "企业工会",
        },
        {
            "组织全称": "乙公司工会",
            "组织代码": "QH-01-101",
            "上级组织代码": "QH-02",
            "组织类别": "企业工会",
        },
    ]
    errors = run("orgs", rows, personas["township_staff"])
    assert errors[3] == [repeats("组织代码", 2), missing("上级组织代码", UnionOrg, "QH-02")]


def test_the_employer_ledger(tree, personas):
    code = "91110000100000000A"
    rows = [
        {
            "单位名称": "甲公司",
            "统一社会信用代码": code,
            "单位性质类别": "私营企业",
            "所属乡镇代码": "QH-01",
        },
        {
            "单位名称": "乙公司",
            "统一社会信用代码": code,
            "单位性质类别": "私营企业",
            "所属乡镇代码": "QH-02",
        },
    ]
    errors = run("employers", rows, personas["township_staff"])
    assert errors[3][:2] == [
        repeats("统一社会信用代码", 2),
        missing("所属乡镇代码", UnionOrg, "QH-02"),
    ]


def test_the_contract_ledger(tree, personas):
    row = {
        "合同编号": "HT-1",
        "合同类型": "综合性",
        "工会方组织代码": "QH-01-001",
        "企业名称": "宏达纺织有限公司",
        "职工方首席代表": "李建国",
        "企业方首席代表": "王志强",
        "职工方代表人数": 5,
        "企业方代表人数": 5,
        "要约日期": "2023-01-05",
        "续订自合同编号": "",
    }
    other = {
        **row,
        "工会方组织代码": "QH-02-001",
        "企业名称": "新庄机械厂",
        "续订自合同编号": "HT-9",
    }
    errors = run("contracts", [row, other], personas["township_staff"])
    assert errors[3] == [
        repeats("合同编号", 2),
        missing("工会方组织代码", UnionOrg, "QH-02-001"),
        missing("企业名称", Employer, "新庄机械厂"),
        missing("续订自合同编号", CollectiveContract, "HT-9"),
    ]


def test_the_roster(tree, personas):
    person = {
        "姓名": "张三",
        "证件号码": id_number(1),
        "入会日期": "2015-03-01",
        "所属工会代码": "",
    }
    rows = [person, {**person, "姓名": "李四"}, {**person, "所属工会代码": "QH-02-001"}]
    errors = run("members", rows, personas["township_staff"], org=tree.township_a)
    assert errors[3] == [repeats("证件号码", 2)]
    assert missing("所属工会代码", UnionOrg, "QH-02-001", under=tree.township_a) in errors[4]
