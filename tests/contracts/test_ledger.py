"""The contract ledger: the template, the import (tolerant of real files, atomic, every row
through the form and the services, bad rows named) and the export of exactly the filtered rows."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.contracts.choices import ContractStatus
from apps.contracts.models import CollectiveContract, ContractCoverage
from apps.contracts.spreadsheets import CONTRACT_EXPORTER, CONTRACT_IMPORTER
from apps.core.ledgers import IMPORTERS
from apps.core.models import Job
from tests.contracts.helpers import make_effective

D = datetime.date
pytestmark = pytest.mark.django_db

GOOD = {
    "合同编号": "",
    "合同类型": "综合性",
    "签订形式": "单独",
    "工会方组织代码": "QH-01-001",
    "企业名称": "宏达纺织有限公司",
    "职工方首席代表": "李建国",
    "企业方首席代表": "王志强",
    "职工方代表人数": "５",  # full-width digits, as typed in WPS
    "企业方代表人数": 5,
    "要约日期": "2023.1.5",
    "回应日期": "2023年1月16日",
    "职代会审议日期": datetime.datetime(2023, 2, 10),
    "职代会应到人数": 60,
    "职代会实到人数": 52,
    "同意人数": 50,
    "签订日期": "2023-02-15",
    "报送审查日期": "2023-02-20",
    "审查结论": "无异议",
    "审查意见书日期": "2023-03-01",
    "期限起": "2023-03-01",
    "期限止": "2026-02-28",
}


def workbook(rows, title_rows=("清河县城关镇集体合同台账（2023年）",)):
    """A ledger as counties send it: a title row above the header, then the rows."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    for title in title_rows:
        sheet.append([title])
    headers = list(dict.fromkeys(h for row in rows for h in row))
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(data, user, commit=True):
    return CONTRACT_IMPORTER.run(data, user=user, commit=commit)


def test_the_importer_is_registered_and_its_template_has_the_chinese_headers():
    assert IMPORTERS["contracts"] is CONTRACT_IMPORTER
    sheet = openpyxl.load_workbook(io.BytesIO(CONTRACT_IMPORTER.template())).worksheets[0]
    headers = [str(c.value).lstrip("*").strip() for c in sheet[1] if c.value]
    assert headers[:4] == ["合同编号", "合同名称", "合同类型", "签订形式"]
    assert {"职代会应到人数", "同意人数", "报送审查日期", "覆盖单位", "工资调整幅度（%）"} <= set(
        headers
    )


@pytest.mark.usefixtures("extra")
def test_a_good_ledger_is_imported_row_by_row_through_the_services(personas):
    regional = {
        **GOOD,
        "合同类型": "工资专项集体合同",
        "签订形式": "区域性",
        "工会方组织代码": "QH-01",
        "企业名称": None,
        "企业方代表组织": "城关镇商会",
        "覆盖单位": "宏达纺织有限公司、城关镇福瑞商贸有限公司",
        "期限止": "2024-02-29",
        "上年度职工平均工资（元）": "58,000",
        "工资调整幅度（%）": "6.5",
        "涉及职工人数": 150,
        "审查结论": None,
        "审查意见书日期": None,
    }
    negotiating = {**GOOD, "回应日期": None, "职代会审议日期": None, "签订日期": None}
    for key in ("职代会应到人数", "职代会实到人数", "同意人数", "报送审查日期", "审查结论"):
        negotiating[key] = None
    negotiating["审查意见书日期"] = None
    outcome = run(workbook([GOOD, regional, negotiating]), personas["township_staff"])

    assert outcome.ok, outcome.errors
    assert outcome.saved == 3
    first, second, third = CollectiveContract.objects.order_by("pk")
    assert first.status == ContractStatus.EFFECTIVE
    assert first.effective_on == D(2023, 3, 1)  # the bureau confirmed on day 9
    assert first.union_reps == 5 and first.covered_workers == 120
    assert second.status == ContractStatus.SUBMITTED  # no review recorded: in force by lapse
    assert second.effective_on == D(2023, 3, 7)
    assert second.raise_pct == Decimal("6.5") and second.prev_avg_wage == Decimal("58000")
    assert second.covered_employer_count == 2 and second.covered_workers == 160
    assert third.status == ContractStatus.NEGOTIATING
    assert ContractCoverage.objects.count() == 4


@pytest.mark.usefixtures("extra")
@pytest.mark.parametrize("commit", [True, False])
def test_bad_rows_are_named_and_nothing_is_saved(personas, commit):
    rows = [
        GOOD,  # row 3: good
        {**GOOD, "职代会实到人数": 30, "同意人数": 30},  # row 4: 30 of 60 present
        {**GOOD, "期限止": "2027-03-01"},  # row 5: more than three years
        {**GOOD, "期限起": "2023-03-01", "期限止": "2023-02-01"},  # row 6: ends before it starts
        {**GOOD, "签订形式": "区域性", "工会方组织代码": "QH-01", "企业方代表组织": "商会"},
        {**GOOD, "职工方代表人数": 2, "企业方代表人数": 2},  # row 8
        {**GOOD, "工会方组织代码": "QH-02-001", "企业名称": "新庄机械厂"},  # row 9: not in scope
        {**GOOD, "合同类型": "劳务合同"},  # row 10: not a contract type
    ]
    outcome = run(workbook(rows), personas["township_staff"], commit=commit)

    assert not outcome.ok
    assert set(outcome.errors) == {4, 5, 6, 7, 8, 9, 10}
    assert "two thirds" in " ".join(outcome.errors[4]) and "第36条" in " ".join(outcome.errors[4])
    assert "one to three years" in " ".join(outcome.errors[5])
    assert "end after it starts" in " ".join(outcome.errors[6])
    assert "第53条" in " ".join(outcome.errors[7])
    assert "覆盖单位" in " ".join(outcome.errors[7])  # the column is named
    assert "3 to 10" in " ".join(outcome.errors[8])
    assert "QH-02-001" in " ".join(outcome.errors[9])
    assert "合同类型" in " ".join(outcome.errors[10])
    assert not CollectiveContract.objects.exists()
    assert not ContractCoverage.objects.exists()


def test_the_web_import_returns_the_error_workbook_and_saves_nothing(client_for, extra, media_root):
    client = client_for("township_staff")
    rows = [GOOD, {**GOOD, "期限止": "2027-03-01"}]
    upload = SimpleUploadedFile("台账.xlsx", workbook(rows))
    response = client.post(reverse("core:import_upload", args=["contracts"]), {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.outcome["error_rows"] == 1
    assert not CollectiveContract.objects.exists()

    errors = client.get(reverse("core:job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(errors.streaming_content))).worksheets[0]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = values[1]
    reason = header.index("错误原因")
    assert values[3][reason] and "one to three years" in values[3][reason]
    assert not values[2][reason]


def test_the_export_holds_exactly_the_filtered_rows(client_for, tree, personas):
    effective = make_effective(tree, signed_on=D(2024, 2, 8), contract_type="women")
    make_effective(tree, signed_on=D(2023, 2, 8), submit_after=None)
    make_effective(tree, signed_on=D(2024, 2, 8), union=tree.union_b1, employer=tree.employer_b1)
    response = client_for("township_staff").get(
        reverse("contracts:contract_export") + "?contract_type=women"
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    header = [str(h).lstrip("*").strip() for h in rows[0]]
    data = [dict(zip(header, r, strict=False)) for r in rows[1:]]
    assert [r["合同编号"] for r in data] == [effective.code]
    row = data[0]
    assert row["工会方组织代码"] == "QH-01-001"
    assert row["企业名称"] == "宏达纺织有限公司"
    assert row["签订日期"] in (D(2024, 2, 8), datetime.datetime(2024, 2, 8))
    assert row["职代会应到人数"] == 30
    staff, other = personas["township_staff"], personas["other_township_staff"]
    assert CONTRACT_EXPORTER.filtered(staff, "contract_type=women").count() == 1
    assert CONTRACT_EXPORTER.filtered(other, "contract_type=women").count() == 0
