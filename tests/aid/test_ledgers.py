"""The aid ledgers: the files workbook (one row per person: the worker's, then the family's),
all-or-nothing with each bad row named; export → import round trip; payment rosters; the
templates on the generic import page."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction
from django.urls import reverse

from apps.aid.choices import FileStatus
from apps.aid.models import AidPayment, FamilyMember, HardshipFile
from apps.aid.spreadsheets import (
    FILE_EXPORTER,
    FILE_FULL_EXPORTER,
    FILE_IMPORTER,
    PAYMENT_EXPORTER,
    PAYMENT_IMPORTER,
)
from apps.core.ledgers import EXPORTERS, IMPORTERS
from tests.aid.helpers import apply, on_file, relative
from tests.membership.helpers import id_number

WORKER = {
    "建档工会代码": "QH-01-001",
    "与困难职工关系": "本人",
    "姓名": "王建国",
    "身份证号": id_number(21),
    "困难类别": "深度困难",
    "工作状态": "下(待)岗",
    "家庭年度总收入（元）": 12000,
    "家庭年度刚性支出（元）": 0,
    "家庭共同生活人口": 3,
    "主要致困原因": "3",
    "申请日期": "2025.03.01",
}


def member(serial, name, relation="子女", **extra):
    return {
        "与困难职工关系": relation,
        "姓名": name,
        "身份证号": id_number(serial, born=datetime.date(2007, 1, 2)),
        "月收入（元）": 0,
        **extra,
    }


def workbook(rows, title="城关镇困难职工档案（2025年）"):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append([title])
    headers = list(dict.fromkeys(h for row in rows for h in row))
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    header = [str(h).lstrip("*").strip() for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:]]


def test_the_ledgers_are_registered_with_templates_on_the_import_page(client_for):
    assert IMPORTERS["aid_files"] is FILE_IMPORTER and EXPORTERS["aid_files"] is FILE_EXPORTER
    assert IMPORTERS["aid_payments"] is PAYMENT_IMPORTER
    client = client_for("township_staff")
    for kind in ("aid_files", "aid_payments"):
        response = client.get(reverse("core:import_template", args=[kind]))
        assert response.status_code == 200, kind
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response))).worksheets[0]
        headers = [str(c.value).lstrip("*").strip() for c in sheet[1] if c.value]
        assert "身份证号" in headers and "档案编号" in headers, kind


def test_a_household_is_imported_with_its_members_through_the_service(personas, standards):
    rows = [WORKER, member(22, "王小明", schooling_level="高中"), member(23, "李秀英", "配偶")]
    rows[1]["当前学历"] = "高中"
    outcome = FILE_IMPORTER.run(workbook(rows), user=personas["township_staff"], commit=True)
    assert outcome.ok, outcome.errors
    file = HardshipFile.objects.get()
    assert file.status == FileStatus.APPLIED
    assert file.steps.count() == 1
    assert sorted(m.name for m in file.family.all()) == ["李秀英", "王小明"]
    assert file.people.filter(open=True).count() == 3


@pytest.mark.parametrize("commit", [False, True])
def test_a_bad_row_rejects_the_whole_file_and_is_named_with_its_reason(personas, standards, commit):
    second = {**WORKER, "姓名": "赵六", "身份证号": id_number(31), "家庭共同生活人口": 2}
    rows = [
        WORKER,
        member(22, "王小明"),
        second,
        member(32, "赵小", relation="亲戚"),  # no such relation (row 6)
        {**WORKER, "姓名": "钱七", "身份证号": id_number(41), "主要致困原因": ""},  # row 7
    ]
    outcome = FILE_IMPORTER.run(workbook(rows), user=personas["township_staff"], commit=commit)
    assert not outcome.ok
    assert set(outcome.errors) == {6, 7}, outcome.errors
    assert any("与困难职工关系" in m for m in outcome.errors[6])
    assert any("主要致困原因" in m for m in outcome.errors[7])
    assert not HardshipFile.objects.exists()
    assert not FamilyMember.objects.exists()


def test_a_person_already_in_an_open_file_fails_the_row(personas, standards, tree):
    apply(tree.union_a1, 21)
    outcome = FILE_IMPORTER.run(workbook([WORKER]), user=personas["township_staff"], commit=True)
    assert list(outcome.errors) == [3]
    assert "another open hardship file" in " ".join(outcome.errors[3])
    assert HardshipFile.objects.count() == 1


def test_an_organisation_out_of_scope_is_refused(personas, standards):
    row = {**WORKER, "建档工会代码": "QH-02-001"}
    outcome = FILE_IMPORTER.run(workbook([row]), user=personas["township_staff"], commit=True)
    assert "建档工会代码" in " ".join(outcome.errors[3])
    assert not HardshipFile.objects.exists()


def test_export_then_import_gives_the_same_households(personas, standards, tree):
    admin = personas["county_admin"]

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            apply(
                tree.union_a1,
                51,
                family=[relative(52), relative(53, name="王小红", relation="child")],
                bank="农业银行",
                bank_account="6228480012345678",
                secondary_causes=["6", "9"],
                is_single_parent=True,
            )
            apply(tree.union_a2, 54, name="孙九", size=1, income="3000")
            exported = FILE_FULL_EXPORTER.render(FILE_FULL_EXPORTER.filtered(admin, ""))
            raise Rollback
    except Rollback:
        pass
    assert not HardshipFile.objects.exists()
    outcome = FILE_IMPORTER.run(exported, user=admin, commit=True)
    assert outcome.ok, outcome.errors
    again = FILE_FULL_EXPORTER.render(FILE_FULL_EXPORTER.filtered(admin, ""))

    def people(content):
        return sorted(sheet_rows(content), key=lambda row: (row["档案编号"], row["身份证号"]))

    assert people(again) == people(exported)
    assert len(sheet_rows(again)) == 4


def test_the_export_masks_sensitive_columns_for_who_may_not_reveal(personas, standards, tree):
    apply(tree.union_a1, 61, family=[relative(62)], bank_account="6228480012345678")
    # The default export is masked for every role, the county administrator's included.
    for name in ("township_staff", "leader", "auditor", "county_admin"):
        rows = sheet_rows(FILE_EXPORTER.render(FILE_EXPORTER.filtered(personas[name], "")))
        worker, spouse = rows
        assert worker["身份证号"] == id_number(61)[:6] + "********" + id_number(61)[-4:], name
        assert worker["银行卡号"].endswith("5678") and "6228" not in worker["银行卡号"]
        assert worker["家庭年度总收入（元）"] in (None, "")
        assert worker["健康状况"] == "***"
        assert "********" in spouse["身份证号"]
    # In full only through the full ledger (started by the logged POST: test_reveals.py).
    full = FILE_FULL_EXPORTER.render(FILE_FULL_EXPORTER.filtered(personas["county_admin"], ""))
    rows = sheet_rows(full)
    assert rows[0]["身份证号"] == id_number(61)
    assert rows[0]["银行卡号"] == "6228480012345678"


def test_a_payment_roster_pays_each_household_once(personas, standards, tree, programme):
    admin = personas["county_admin"]
    files = [on_file(apply(tree.union_a1, 70 + n, name=f"户{n}"), approver=admin) for n in (1, 2)]
    roster = [
        {
            "帮扶项目": programme.name,
            "档案编号": file.file_no,
            "现金（元）": 2500,
            "发放日期": "2025-12-20",
            "发放方式": "银行转账",
            "资金来源": "中央财政帮扶资金",
        }
        for file in files
    ]
    staff = personas["township_staff"]
    twice = PAYMENT_IMPORTER.run(workbook([*roster, roster[0]]), user=staff, commit=True)
    assert list(twice.errors) == [5]
    assert "already been paid" in " ".join(twice.errors[5])
    assert not AidPayment.objects.exists()
    outcome = PAYMENT_IMPORTER.run(workbook(roster), user=staff, commit=True)
    assert outcome.ok, outcome.errors
    assert AidPayment.objects.count() == 2
    exported = sheet_rows(PAYMENT_EXPORTER.render(PAYMENT_EXPORTER.filtered(staff, "")))
    assert sorted(r["档案编号"] for r in exported) == sorted(f.file_no for f in files)
    assert all(Decimal(str(r["现金（元）"])) == 2500 for r in exported)
    assert all("********" in r["身份证号"] for r in exported)
