"""Importing the organisation ledger (工会组织台账) from .xlsx, through the web page and the
`import_xlsx` command: the file is checked first, saved only on confirm, and only when every row
passes; a failing file comes back with an error column (错误原因)."""

import datetime
import io
import re
import time
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.core.choices import JobStatus, OrgKind, OrgLevel, OrgStatus
from apps.core.ledgers import zh_choices
from apps.core.models import Job, UnionOrg
from apps.core.spreadsheets import org_spec
from apps.core.validators import credit_code_check_char

pytestmark = pytest.mark.usefixtures("fast_passwords", "media_root")

HEADERS = ["组织全称", "组织代码", "上级组织代码", "组织类别", "建会时间", "工会主席", "主席电话"]
ENTERPRISE = dict(zh_choices(OrgKind))[OrgKind.ENTERPRISE]
TOWNSHIP_FEDERATION = dict(zh_choices(OrgKind))[OrgKind.TOWNSHIP_FEDERATION]
TOWNSHIP_LEVEL = dict(zh_choices(OrgLevel))[OrgLevel.TOWNSHIP]


def xlsx(rows, *, headers=HEADERS, above=()):
    """A workbook: optional title rows, then the header, then the data rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    for line in above:
        sheet.append(line)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def upload(client, data, name="工会组织台账.xlsx", **headers):
    return client.post(
        reverse("core:import_upload", args=["orgs"]),
        {"file": SimpleUploadedFile(name, data)},
        **headers,
    )


def checked_job(client, data):
    """Upload a file; return the check job and its page."""
    response = upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get(pk=int(re.search(r"/jobs/(\d+)/", response["Location"])[1]))
    page = client.get(response["Location"])
    assert page.status_code == 200
    return job, page.content.decode()


def confirm(client, job):
    response = client.post(reverse("core:job_confirm", args=[job.pk]))
    assert response.status_code == 302
    return Job.objects.get(pk=int(re.search(r"/jobs/(\d+)/", response["Location"])[1]))


def download(client, job):
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows_by_header(sheet, header_row=1):
    headers = [c.value for c in sheet[header_row]]
    return [
        dict(zip(headers, values, strict=False))
        for values in sheet.iter_rows(min_row=header_row + 1, values_only=True)
    ]


def good_rows(n, parent="QH-01", start=1):
    return [
        [f"城关镇测试企业{i}工会", f"QH-01-{100 + i}", parent, ENTERPRISE, "2016-05-01", f"张{i}"]
        for i in range(start, start + n)
    ]


# ---------------------------------------------------------------------------------------------
# (a) the template
# ---------------------------------------------------------------------------------------------


def test_the_template_has_the_chinese_headers_of_the_org_ledger(client_for, tree):
    response = client_for("township_staff").get(reverse("core:import_template", args=["orgs"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [str(cell.value).lstrip("*") for cell in sheet[1]]
    assert headers == [column.label for column in org_spec().columns]
    assert headers[:5] == ["组织代码", "组织全称", "简称", "统一社会信用代码", "上级组织代码"]
    required = [str(cell.value) for cell in sheet[1] if str(cell.value).startswith("*")]
    assert required == ["*组织全称", "*上级组织代码", "*组织类别"]
    assert sheet.max_row == 1  # a blank template: no sample rows to import by mistake


# ---------------------------------------------------------------------------------------------
# (b) a messy real-world file goes through upload → preview → confirm
# ---------------------------------------------------------------------------------------------


def test_a_messy_ledger_imports_through_preview_and_confirm(client_for, tree):
    first17 = "91330100MA2B3C4D5"
    credit = first17 + credit_code_check_char(first17)
    headers = [" 组织全称 ", "组织代码", "上级组织代码", "组织类别", "建会时间", "工会主席"]
    headers += ["主席电话", "统一社会信用代码"]
    data = xlsx(
        [
            [
                "  城关镇五金制品厂工会　",
                full_width("QH-01-101"),
                full_width("QH-01"),
                ENTERPRISE,
                "2015.03",
                " 李建国 ",
                full_width("138 1234 5678"),
                full_width(credit),
            ],
            [
                "城关镇  阳光超市工会",
                " QH-01-102 ",
                "QH-01 ",
                f" {ENTERPRISE}",
                "2015年3月",
                "王芳",
                "13900001111",
                "",
            ],
        ],
        headers=headers,
        above=[["清河县工会组织台账（2025年）"], ["填报单位：城关镇总工会", None, "2025年6月"], []],
    )
    client = client_for("township_staff")

    job, page = checked_job(client, data)

    assert job.status == JobStatus.DONE
    assert job.outcome["header_row"] == 4
    assert job.outcome["total"] == 2 and not job.outcome["errors"]
    assert 'data-testid="preview"' in page and 'data-testid="confirm"' in page
    assert "城关镇五金制品厂工会" in page
    assert not UnionOrg.objects.filter(code__in=["QH-01-101", "QH-01-102"]).exists()

    done = confirm(client, job)

    assert done.status == JobStatus.DONE and done.params["committed"] is True
    first = UnionOrg.objects.get(code="QH-01-101")
    assert first.name == "城关镇五金制品厂工会"
    assert first.parent == tree.township_a and first.township == tree.township_a
    assert first.level == OrgLevel.GRASSROOTS  # implied by the township parent
    assert first.kind == OrgKind.ENTERPRISE
    assert first.status == OrgStatus.ACTIVE
    assert first.founded_on == datetime.date(2015, 3, 1)
    assert first.chair_name == "李建国"
    assert first.chair_phone == "13812345678"
    assert first.credit_code == credit
    assert first.path == f"{tree.township_a.path}{first.pk}/"
    second = UnionOrg.objects.get(code="QH-01-102")
    assert second.name == "城关镇 阳光超市工会"  # inner runs of spaces collapse to one
    assert second.founded_on == datetime.date(2015, 3, 1)
    assert second.chair_phone == "13900001111"

    # confirming again does not import the file twice
    again = client.post(reverse("core:job_confirm", args=[job.pk]))
    assert again["Location"] == done.get_absolute_url()
    assert UnionOrg.objects.filter(code__startswith="QH-01-10").count() == 2


# ---------------------------------------------------------------------------------------------
# (c) one bad row: nothing saved, the row named, the error workbook
# ---------------------------------------------------------------------------------------------


def test_one_bad_row_among_three_hundred_saves_nothing_and_is_named(client_for, tree):
    rows = good_rows(299)
    rows.insert(148, ["城关镇无主企业工会", "QH-01-999", "QH-77", ENTERPRISE, "", ""])
    assert len(rows) == 300  # header on row 1, so the bad row is Excel row 150
    client = client_for("county_admin")
    before = UnionOrg.objects.count()

    job, page = checked_job(client, xlsx(rows))

    assert UnionOrg.objects.count() == before
    assert list(job.outcome["errors"]) == ["150"]
    assert "QH-77" in job.outcome["errors"]["150"][0]
    assert 'data-testid="import-errors"' in page and 'data-testid="confirm"' not in page
    table = page[page.index('data-testid="error-rows"') :]
    assert "<td>150</td>" in table and "QH-77" in table

    sheet = download(client, job).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-1] == "错误原因"
    column = len(headers)
    reasons = {
        row: sheet.cell(row=row, column=column).value
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row=row, column=column).value
    }
    assert list(reasons) == [150]
    assert "QH-77" in reasons[150]
    assert sheet.cell(row=150, column=1).value == "城关镇无主企业工会"  # the row, as uploaded

    # and the confirm button cannot be forced
    assert client.post(reverse("core:job_confirm", args=[job.pk])).status_code == 403
    assert UnionOrg.objects.count() == before


# ---------------------------------------------------------------------------------------------
# (d) a parent created earlier in the same file; (e) duplicate codes
# ---------------------------------------------------------------------------------------------


def test_a_row_may_name_a_parent_created_by_an_earlier_row(client_for, tree):
    headers = [*HEADERS, "组织层级"]
    data = xlsx(
        [
            ["东湖镇总工会", "QH-03", "QH", TOWNSHIP_FEDERATION, "", "", "", TOWNSHIP_LEVEL],
            ["东湖镇竹器厂工会", "QH-03-001", "QH-03", ENTERPRISE, "2019-09-09", "", "", ""],
        ],
        headers=headers,
    )
    client = client_for("county_admin")

    job, page = checked_job(client, data)
    assert not job.outcome["errors"], job.outcome["errors"]
    assert not UnionOrg.objects.filter(code__startswith="QH-03").exists()  # a check saves nothing

    confirm(client, job)

    township = UnionOrg.objects.get(code="QH-03")
    union = UnionOrg.objects.get(code="QH-03-001")
    assert township.level == OrgLevel.TOWNSHIP and township.township == township
    assert union.parent == township
    assert union.township == township
    assert union.path == f"{tree.county.path}{township.pk}/{union.pk}/"


def test_a_code_repeated_in_the_file_names_the_first_row(client_for, tree):
    rows = good_rows(3)
    rows[2][1] = rows[0][1]  # row 4 repeats row 2's code
    client = client_for("county_admin")

    job, page = checked_job(client, xlsx(rows))

    assert list(job.outcome["errors"]) == ["4"]
    message = job.outcome["errors"]["4"][0]
    assert "组织代码" in message and "2" in message
    assert not UnionOrg.objects.filter(code__in=[r[1] for r in rows]).exists()


def test_a_code_already_in_the_registry_is_a_row_error(client_for, tree):
    rows = good_rows(2)
    rows[1][1] = tree.union_a1.code
    client = client_for("county_admin")

    job, _page = checked_job(client, xlsx(rows))

    assert list(job.outcome["errors"]) == ["3"]
    assert not UnionOrg.objects.filter(code=rows[0][1]).exists()
    assert UnionOrg.objects.get(code=tree.union_a1.code).name == "宏达纺织有限公司工会"


# ---------------------------------------------------------------------------------------------
# (f) scope
# ---------------------------------------------------------------------------------------------


def test_township_staff_cannot_import_below_another_township(client_for, tree):
    rows = good_rows(2)
    rows[1][2] = tree.township_b.code  # new union under 新庄镇
    client = client_for("township_staff")
    before = UnionOrg.objects.count()

    job, page = checked_job(client, xlsx(rows))

    assert list(job.outcome["errors"]) == ["3"]
    assert tree.township_b.code in job.outcome["errors"]["3"][0]
    assert UnionOrg.objects.count() == before
    assert not tree.township_b.children.exclude(pk=tree.union_b1.pk).exists()


# ---------------------------------------------------------------------------------------------
# (g) the management command
# ---------------------------------------------------------------------------------------------


def test_import_xlsx_dry_run_on_a_bad_file_fails_and_writes_the_errors_beside_it(
    personas, tmp_path
):
    rows = good_rows(3)
    rows[1][2] = "NOPE"
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx(rows))
    before = UnionOrg.objects.count()

    with pytest.raises(CommandError) as failure:
        call_command("import_xlsx", "orgs", str(path), "--dry-run")

    assert "1 of 3" in str(failure.value)
    errors = tmp_path / "台账-错误原因.xlsx"
    assert errors.exists()
    sheet = openpyxl.load_workbook(errors).worksheets[0]
    assert sheet.cell(row=1, column=len(HEADERS) + 1).value == "错误原因"
    assert "NOPE" in sheet.cell(row=3, column=len(HEADERS) + 1).value
    assert sheet.cell(row=2, column=len(HEADERS) + 1).value is None
    assert UnionOrg.objects.count() == before


def test_import_xlsx_dry_run_on_a_good_file_saves_nothing_and_without_it_saves(
    personas, tmp_path, capsys
):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx(good_rows(3)))
    before = UnionOrg.objects.count()

    call_command("import_xlsx", "orgs", str(path), "--dry-run")
    assert UnionOrg.objects.count() == before

    call_command("import_xlsx", "orgs", str(path))

    assert UnionOrg.objects.count() == before + 3
    assert "3" in capsys.readouterr().out
    union = UnionOrg.objects.get(code="QH-01-101")
    assert union.parent_id == personas["township_staff"].org_id
    assert not (tmp_path / "台账-错误原因.xlsx").exists()


def test_import_xlsx_acts_in_the_named_user_s_scope(personas, tree, tmp_path):
    rows = good_rows(1, parent=tree.township_b.code)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx(rows))

    with pytest.raises(CommandError):
        call_command("import_xlsx", "orgs", str(path), "--user", "township_staff")

    assert not UnionOrg.objects.filter(code=rows[0][1]).exists()


def test_import_xlsx_writes_the_template(db, tmp_path):
    out = tmp_path / "模板.xlsx"

    call_command("import_xlsx", "orgs", "--template", str(out))

    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert [str(c.value).lstrip("*") for c in sheet[1]] == [c.label for c in org_spec().columns]


def test_import_xlsx_refuses_an_unknown_kind(db, tmp_path):
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("import_xlsx", "widgets", str(tmp_path / "x.xlsx"))


# ---------------------------------------------------------------------------------------------
# (h) files that are not plain workbooks
# ---------------------------------------------------------------------------------------------


def zip_bomb():
    """A real workbook whose sheet XML expands from a few hundred KB to 300 MB."""
    base = xlsx(good_rows(1))
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb,
        zipfile.ZipFile(io.BytesIO(base)) as source,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item.filename, source.read(item.filename))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(300):
                sheet.write(bytes(1 << 20))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("台账.xlsx", lambda: bytes(range(256)) * 64, "not an .xlsx file"),
        ("台账.xlsm", lambda: xlsx(good_rows(1)), "macros"),
        ("台账.xlsx", zip_bomb, "unreasonable size"),
    ],
    ids=["random-bytes", "xlsm", "zip-bomb"],
)
def test_an_unusable_upload_is_refused_on_the_form(client_for, tree, name, make, reason):
    data = make()
    client = client_for("township_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages in their source language
    started = time.monotonic()

    response = upload(client, data, name=name)

    assert time.monotonic() - started < 10
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-file"' in html
    error = html[html.index('data-testid="error-file"') :]
    assert reason in error[: error.index("</div>")]
    assert not Job.objects.exists()
    assert UnionOrg.objects.count() == 6
