"""Tests for apps.core.xlsx (pure: no database).

Every workbook is built in memory with openpyxl, shaped like the ledgers county
staff actually send: title rows, merged cells, decorated headers, full-width
digits, stray spaces, dates typed a dozen ways.
"""

import datetime as dt
import io
import os
import time
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import django
import pytest
from django.conf import settings

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    # Standalone run without the project's pytest configuration.
    settings.configure(USE_I18N=True, USE_TZ=True, TIME_ZONE="Asia/Shanghai")
    django.setup()

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from openpyxl.utils import get_column_letter

from apps.core import xlsx as ss
from apps.core.xlsx import (
    CellError,
    Column,
    SheetSpec,
    SpreadsheetError,
    build_template,
    error_workbook,
    export_workbook,
    find_sheet,
    iter_records,
    locate_header,
    open_workbook,
    parse_bool,
    parse_cell,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_id_text,
    parse_int,
    parse_text,
    safe_value,
)
from apps.core.xlsx import calamine as calamine_module
from apps.core.xlsx import errors as error_module
from apps.core.xlsx.calamine import CalamineBook


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


GENDERS = (("1", "男"), ("2", "女"))

SPEC = SheetSpec(
    kind="members",
    title="会员信息",
    columns=[
        Column("name", "姓名", synonyms=("职工姓名",), required=True),
        Column("id_number", "身份证号", synonyms=("公民身份号码",), kind="id_text", required=True),
        Column("gender", "性别", kind="choice", choices=GENDERS),
        Column("birth", "出生日期", kind="date"),
        Column("joined", "入会时间", synonyms=("入会日期",), kind="date"),
        Column("dues", "会费（元）", kind="decimal"),
        Column("family", "家庭人数", kind="int"),
        Column("model_worker", "是否劳模", kind="bool"),
        Column("phone", "联系电话", synonyms=("手机号",), kind="id_text"),
        Column("unit", "单位名称"),
    ],
)

HEADER = [
    "序号",
    " * 职工姓名",
    "身份证号（必填）",
    "性　别",
    "出生日期",
    "入会日期",
    "会费(元)",
    "家庭人数",
    "是否劳模",
    "手机号",
    "单位名称",
    "备注",
]

# (excel row, values in HEADER order); row 6 is left blank on purpose.
DATA = {
    4: [
        1,
        " 张  三 ",
        "11010519491231002x",
        "男",
        "1949-12-31",
        "2015-3-1",
        "1,234.50",
        "３",
        "是",
        "13800138000",
        "城关镇工会",
        "=1+1",
    ],
    5: [
        2,
        "李四",
        "110105491231002",
        "2 女",
        "1990/03/01",
        "2015.03",
        "¥12",
        2,
        "否",
        13800138001,
        None,
        None,
    ],
    7: [
        3,
        "王五",
        "３２０１０２１９９００３０１１２３４",
        "女",
        "1990.03.01",
        "2015年3月",
        12.5,
        "1,200",
        "Y",
        " 139 0000 0000 ",
        "城关镇工会",
        "补录",
    ],
    8: [
        4,
        "赵六",
        "320102199003011250",
        "1-男",
        dt.datetime(1985, 6, 1),
        "2015年3月5日",
        "",
        0,
        "no",
        None,
        "　",
        None,
    ],
    9: [
        5,
        "钱七",
        "320102199003011269",
        "男",
        "19900301",
        "2015-03",
        "１２３.４",
        None,
        "√",
        None,
        "东城工会",
        None,
    ],
    10: [
        6,
        "孙八",
        "320102199003011277",
        "男",
        32933,
        42064.0,
        None,
        None,
        "×",
        None,
        "东城工会",
        None,
    ],
    11: [
        7,
        None,
        1.10105199001011234e17,
        "未知",
        "2015-02-30",
        "2015.1.1",
        "abc",
        "12a",
        "也许",
        None,
        None,
        None,
    ],
    12: [
        8,
        "周九",
        "11010519491231002X",
        "女",
        "1990-03-01",
        "2015-03-01",
        None,
        None,
        None,
        None,
        None,
        None,
    ],
}


def _xlsx(fill) -> bytes:
    wb = openpyxl.Workbook()
    fill(wb.active)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _messy(ws):
    ws.title = "会员台账"
    ws["A1"] = "XX县总工会会员信息台账"
    ws.merge_cells("A1:L1")
    ws["A2"] = "填报单位：城关镇工会          填报时间：2024年5月"
    ws.merge_cells("A2:L2")
    for idx, label in enumerate(HEADER, start=1):
        ws.cell(row=3, column=idx, value=label)
    for r, values in DATA.items():
        for idx, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=idx, value=value)
    # 单位名称 merged vertically over rows 4–5: row 5 takes "城关镇工会".
    ws.merge_cells("K4:K5")
    ws.cell(row=11, column=3).number_format = "0"


MESSY = _xlsx(_messy)

# open_workbook's readers: calamine (the default), openpyxl loading the file, openpyxl streaming.
READERS = [None, False, True]
READER_IDS = ["calamine", "loaded", "streamed"]


@dataclass
class Read:
    """What the importers (`apps.core.ledgers.Importer.run`, the roster) get from a workbook:
    the header's row, the sheet, and each data row's parsed values and cell errors."""

    header_row: int
    sheet_title: str
    rows: dict  # {excel row: (values by column key, ["列名: reason", …])}

    def errors_by_row(self):
        return {row: errors for row, (_values, errors) in self.rows.items() if errors}


def read(data, spec, **limits):
    """Open, find the sheet and parse every row with the functions the importers use."""
    wb = open_workbook(data, **{k: v for k, v in limits.items() if k != "max_rows" or v})
    try:
        ws, header_row, mapping = find_sheet(wb, spec)
        rows = {}
        for excel_row, raw in iter_records(
            ws, spec, header=(header_row, mapping), max_rows=limits.get("max_rows")
        ):
            values, errors = {}, []
            for column in spec.columns:
                try:
                    values[column.key] = parse_cell(column, raw.get(column.key))
                except CellError as exc:
                    errors.append(f"{column.label}: {exc}")
                    values[column.key] = None
                    continue
                if values[column.key] is None and column.required:
                    errors.append(f"{column.label}: This field is required.")
            rows[excel_row] = (values, errors)
        return Read(header_row, ws.title, rows)
    finally:
        wb.close()


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.datetime(2015, 3, 1, 8, 30), dt.date(2015, 3, 1)),
        (dt.date(2015, 3, 1), dt.date(2015, 3, 1)),
        (42064, dt.date(2015, 3, 1)),
        (42064.75, dt.date(2015, 3, 1)),
        (32933, dt.date(1990, 3, 1)),
        ("2015-3-1", dt.date(2015, 3, 1)),
        ("2015/03/01", dt.date(2015, 3, 1)),
        ("2015.03.01", dt.date(2015, 3, 1)),
        ("2015.03", dt.date(2015, 3, 1)),
        ("2015年3月", dt.date(2015, 3, 1)),
        ("2015年3月5日", dt.date(2015, 3, 5)),
        ("2015 年 3 月 5 日", dt.date(2015, 3, 5)),
        ("20150301", dt.date(2015, 3, 1)),
        (20150301, dt.date(2015, 3, 1)),
        ("2015-03", dt.date(2015, 3, 1)),
        ("２０１５－０３－０１", dt.date(2015, 3, 1)),
        ("２０１５年３月", dt.date(2015, 3, 1)),
        ("2015-03-01 00:00:00", dt.date(2015, 3, 1)),
        (2015.03, dt.date(2015, 3, 1)),  # "2015.03" typed into a General cell
        (2015.12, dt.date(2015, 12, 1)),
        (" ", None),
        (None, None),
    ],
)
def test_parse_date_accepts(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("2015-02-30", "not a real date"),
        ("2015-13-01", "not a real date"),
        ("2015年2月30日", "not a real date"),
        ("20150230", "not a real date"),
        ("0215-03-01", "year must be between"),
        ("03/01/2015", "is not a date"),
        ("明年", "is not a date"),
        (2015, "only a year"),
        (2015.1, "ambiguous"),
        (60, "is not a date"),  # Excel's phantom 1900-02-29
        (True, "2015-03-01"),
        (dt.time(8, 30), "time"),
    ],
)
def test_parse_date_rejects_with_message(value, fragment):
    with pytest.raises(CellError) as info:
        parse_date(value)
    assert fragment in str(info.value)


def test_parse_text_normalises():
    assert parse_text("  张　三  ") == "张 三"
    assert parse_text("ＡＢＣ１２３") == "ABC123"
    assert parse_text("\u200b李四\ufeff") == "李四"
    assert parse_text("   ") is None
    assert parse_text(12.0) == "12"
    assert parse_text(dt.datetime(2015, 3, 1)) == "2015-03-01"
    # Undo the export-time formula neutralisation on re-import.
    assert parse_text("'=SUM(A1)") == "=SUM(A1)"
    assert parse_text("'ok") == "'ok"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("１２", 12),
        ("12.0", 12),
        (12.0, 12),
        ("1,200", 1200),
        ("1，200", 1200),
        (" -3 ", -3),
        (7, 7),
        ("", None),
        (None, None),
    ],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", ["12.5", 12.5, "12a", "1,2", True, "十二"])
def test_parse_int_rejects(value):
    with pytest.raises(CellError):
        parse_int(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1,234.50", Decimal("1234.50")),
        ("１２３.４", Decimal("123.40")),
        ("¥12", Decimal("12.00")),
        ("￥1,000元", Decimal("1000.00")),
        (12, Decimal("12.00")),
        (0.1 + 0.2, Decimal("0.30")),
        (2.675, Decimal("2.68")),
        ("-5.005", Decimal("-5.01")),
        ("", None),
    ],
)
def test_parse_decimal(value, expected):
    result = parse_decimal(value)
    assert result == expected
    if result is not None:
        assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("value", ["abc", "1.2.3", "NaN", float("inf"), True])
def test_parse_decimal_rejects(value):
    with pytest.raises(CellError):
        parse_decimal(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("YES", True),
        ("no", False),
        ("1", True),
        (0, False),
        ("√", True),
        ("×", False),
        ("TRUE", True),
        ("false", False),
        (True, True),
        ("", None),
    ],
)
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


def test_parse_bool_rejects():
    with pytest.raises(CellError, match="是 or 否"):
        parse_bool("也许")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1", "1"),
        ("男", "1"),
        (" 女 ", "2"),
        ("1 男", "1"),
        ("1-男", "1"),
        ("2、女", "2"),
        ("2:女", "2"),
        (1, "1"),
        (2.0, "2"),
        ("１", "1"),
        ("", None),
    ],
)
def test_parse_choice(value, expected):
    assert parse_choice(value, GENDERS) == expected


def test_parse_choice_rejects_and_lists_labels():
    with pytest.raises(CellError) as info:
        parse_choice("未知", GENDERS)
    assert "男、女" in str(info.value)
    with pytest.raises(CellError):
        parse_choice("1 女", GENDERS)  # code and label disagree


def test_parse_id_text():
    assert parse_id_text("11010519491231002x") == "11010519491231002X"
    assert parse_id_text("１１０１０５ １９４９１２３１ ００２Ｘ") == "11010519491231002X"
    assert parse_id_text("110105491231002") == "110105491231002"
    assert parse_id_text("'110105194912310021") == "110105194912310021"
    assert parse_id_text(13800138000) == "13800138000"
    assert parse_id_text(13800138000.0) == "13800138000"
    assert parse_id_text(110105194912310021) == "110105194912310021"  # exact, from a program
    for lost in (1.10105199001011234e17, 110105199001011000, "1.10105E+17", 12.5):
        with pytest.raises(CellError, match="stored as a number"):
            parse_id_text(lost)


def test_parse_cell_dispatches():
    assert parse_cell(SPEC.column("gender"), "女") == "2"
    assert parse_cell(SPEC.column("dues"), "1,234.5") == Decimal("1234.50")
    assert parse_cell(SPEC.column("phone"), 13800138000) == "13800138000"
    with pytest.raises(ValueError):
        Column("x", "X", kind="money")


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", READERS, ids=READER_IDS)
def test_locate_header_and_records(read_only):
    wb = open_workbook(MESSY, read_only=read_only)
    ws = wb.worksheets[0]
    header_row, mapping = locate_header(ws, SPEC)
    assert header_row == 3
    assert {idx: col.key for idx, col in mapping.items()} == {
        2: "name",
        3: "id_number",
        4: "gender",
        5: "birth",
        6: "joined",
        7: "dues",
        8: "family",
        9: "model_worker",
        10: "phone",
        11: "unit",
    }
    records = list(iter_records(ws, SPEC))
    assert [r for r, _ in records] == [4, 5, 7, 8, 9, 10, 11, 12]  # row 6 blank
    by_row = dict(records)
    assert by_row[5]["unit"] == "城关镇工会"  # merged K4:K5
    assert by_row[4]["name"] == " 张  三 "  # raw values are untouched
    assert "备注" not in by_row[4]
    wb.close()


@pytest.mark.parametrize("read_only", READERS, ids=READER_IDS)
def test_read_messy_workbook(read_only):
    result = read(MESSY, SPEC, read_only=read_only)
    assert result.header_row == 3
    assert result.sheet_title == "会员台账"
    rows = {row: values for row, (values, _errors) in result.rows.items()}
    assert sorted(rows) == [4, 5, 7, 8, 9, 10, 11, 12]

    r4 = rows[4]
    assert r4["name"] == "张 三"
    assert r4["id_number"] == "11010519491231002X"
    assert r4["gender"] == "1"
    assert r4["birth"] == dt.date(1949, 12, 31)
    assert r4["joined"] == dt.date(2015, 3, 1)
    assert r4["dues"] == Decimal("1234.50")
    assert r4["family"] == 3
    assert r4["model_worker"] is True
    assert r4["phone"] == "13800138000"

    r5 = rows[5]
    assert (r5["gender"], r5["birth"], r5["joined"]) == (
        "2",
        dt.date(1990, 3, 1),
        dt.date(2015, 3, 1),
    )
    assert r5["id_number"] == "110105491231002"  # 15-digit text kept
    assert r5["dues"] == Decimal("12.00") and r5["family"] == 2 and r5["model_worker"] is False
    assert r5["phone"] == "13800138001" and r5["unit"] == "城关镇工会"

    r7 = rows[7]
    assert r7["id_number"] == "320102199003011234"  # full-width digits
    assert (r7["birth"], r7["joined"]) == (dt.date(1990, 3, 1), dt.date(2015, 3, 1))
    assert (r7["dues"], r7["family"], r7["phone"]) == (Decimal("12.50"), 1200, "13900000000")

    r8 = rows[8]
    assert (r8["gender"], r8["birth"], r8["joined"]) == (
        "1",
        dt.date(1985, 6, 1),
        dt.date(2015, 3, 5),
    )
    assert r8["dues"] is None and r8["unit"] is None and r8["model_worker"] is False

    assert rows[9]["birth"] == dt.date(1990, 3, 1)
    assert rows[9]["dues"] == Decimal("123.40")
    assert rows[10]["birth"] == dt.date(1990, 3, 1)  # Excel serial
    assert rows[10]["joined"] == dt.date(2015, 3, 1)

    errors = result.errors_by_row()
    assert set(errors) == {11}
    bad = errors[11]
    text = "\n".join(bad)
    assert "姓名: This field is required." in bad
    assert "身份证号: The cell was stored as a number" in text
    assert "性别: “未知” is not an allowed value. Allowed: 男、女." in bad
    assert "出生日期: “2015-02-30” is not a real date." in bad
    assert "会费（元）: “abc” is not a number." in bad
    assert "家庭人数: “12a” is not a whole number." in bad
    assert any(e.startswith("是否劳模: ") for e in bad)


def test_header_problems_are_explained():
    def missing(ws):
        ws.append(["职工姓名", "性别"])
        ws.append(["张三", "男"])

    with pytest.raises(SpreadsheetError) as info:
        read(_xlsx(missing), SPEC)
    assert info.value.code == "missing_headers"
    assert "身份证号" in str(info.value)

    def nothing(ws):
        ws.append(["a", "b"])
        ws.append([1, 2])

    with pytest.raises(SpreadsheetError) as info:
        read(_xlsx(nothing), SPEC)
    assert info.value.code == "no_header"

    def twice(ws):
        ws.append(["姓名", "身份证号", "手机号", "联系电话"])
        ws.append(["张三", "110105491231002", "1", "2"])

    with pytest.raises(SpreadsheetError) as info:
        read(_xlsx(twice), SPEC)
    assert info.value.code == "duplicate_header"


@pytest.mark.parametrize("read_only", READERS, ids=READER_IDS)
def test_two_level_header_with_vertical_merges(read_only):
    def fill(ws):
        ws["A1"] = "会员名册"
        ws.merge_cells("A1:D1")
        ws["A2"], ws["B2"], ws["C2"] = "姓名", "身份证号", "基本情况"
        ws.merge_cells("A2:A3")
        ws.merge_cells("B2:B3")
        ws.merge_cells("C2:D2")
        ws["C3"], ws["D3"], ws["E3"] = "性别", "出生日期", "单位名称"
        ws.merge_cells("E3:F3")  # one header spread over two columns
        ws.append(["张三", "110105491231002", "男", "1949-12-31", "城关镇工会", "附注"])
        ws.append(["李四", "110105491231003", "女", "1949.12", "东城工会"])
        ws.merge_cells("E5:F5")

    result = read(_xlsx(fill), SPEC, read_only=read_only)
    assert result.header_row == 3
    assert [(row, v["name"], v["gender"]) for row, (v, _e) in result.rows.items()] == [
        (4, "张三", "1"),
        (5, "李四", "2"),
    ]
    assert result.rows[5][0]["birth"] == dt.date(1949, 12, 1)
    assert [v["unit"] for v, _e in result.rows.values()] == ["城关镇工会", "东城工会"]


def test_huge_merge_is_streamed_not_materialised(monkeypatch):
    def fill(ws):
        ws.append(["姓名", "身份证号", "单位名称"])
        ws.append(["张三", "110105491231002", "城关镇工会"])
        ws.append(["李四", "110105491231003"])

    base = _xlsx(fill)
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    merged = sheet.replace(
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="C2:Z900000"/></mergeCells>',
    )
    assert merged != sheet
    data = _replace_member(base, "xl/worksheets/sheet1.xml", merged)
    wb = open_workbook(data)
    assert isinstance(wb, CalamineBook)  # a merge is a range there, never its cells
    wb.close()
    # openpyxl, when it reads the file, streams it: 23 million merged cells would exhaust
    # memory in normal mode.
    monkeypatch.setattr(calamine_module, "open_book", lambda data, scans: None)
    wb = open_workbook(data)
    assert wb.read_only
    wb.close()
    monkeypatch.undo()
    for read_only in (None, True):
        started = time.monotonic()
        result = read(data, SPEC, read_only=read_only)
        assert time.monotonic() - started < 2
        assert [v["unit"] for v, _e in result.rows.values()] == ["城关镇工会", "城关镇工会"]


def test_sheet_selection_prefers_spec_title_and_skips_instructions():
    wb = openpyxl.Workbook()
    wb.active.title = "填写说明"
    wb.active.append(["列名", "必填"])
    other = wb.create_sheet("Sheet2")
    other.append(["随便"])
    target = wb.create_sheet("会员信息")
    target.append(["姓名", "身份证号"])
    target.append(["张三", "110105491231002"])
    buf = io.BytesIO()
    wb.save(buf)
    result = read(buf.getvalue(), SPEC)
    assert result.sheet_title == "会员信息"
    assert [v["name"] for v, _e in result.rows.values()] == ["张三"]


# ---------------------------------------------------------------------------
# Refused files
# ---------------------------------------------------------------------------


def _refusal(data, **kwargs) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as info:
        open_workbook(data, **kwargs)
    assert str(info.value)  # always a message for the user
    return info.value


def _with_member(base: bytes, name: str, payload: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, payload)
    return out.getvalue()


def _replace_member(base: bytes, name: str, payload: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, payload if item.filename == name else src.read(item.filename))
    return out.getvalue()


def test_refuses_non_xlsx():
    assert _refusal(os.urandom(4096)).code == "not_xlsx"
    assert _refusal(b"").code == "not_xlsx"
    assert _refusal("姓名,身份证号\n张三,1\n".encode()).code == "not_xlsx"
    assert _refusal(MESSY[: len(MESSY) // 2]).code == "not_xlsx"  # truncated
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml" PartName="/word/document.xml"/></Types>',
        )
        zf.writestr("word/document.xml", "<w:document/>")
    assert _refusal(docx.getvalue()).code == "not_xlsx"


def test_refuses_old_and_encrypted_ole_files():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    assert _refusal(ole).code == "old_format"
    encrypted = ole + "EncryptionInfo".encode("utf-16-le") + bytes(100)
    assert _refusal(encrypted).code == "encrypted"
    assert _refusal(MESSY, filename="台账.xls").code == "old_format"


def test_refuses_macros():
    assert _refusal(_with_member(MESSY, "xl/vbaProject.bin", b"\x00" * 64)).code == "macro"
    assert _refusal(MESSY, filename="台账.XLSM").code == "macro"
    upload = SimpleUploadedFile("台账.xlsm", MESSY)
    assert _refusal(upload).code == "macro"  # filename taken from the upload
    with zipfile.ZipFile(io.BytesIO(MESSY)) as zf:
        ct = zf.read("[Content_Types].xml")
    macro_ct = ct.replace(
        b"spreadsheetml.sheet.main+xml",
        b'spreadsheetml.sheet.main+xml"/><Default '
        b'Extension="bin" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml',
    )
    assert _refusal(_replace_member(MESSY, "[Content_Types].xml", macro_ct)).code == "macro"


def test_refuses_corrupt_workbook():
    bad = _replace_member(MESSY, "xl/workbook.xml", b"<workbook><sheets><sheet")
    assert _refusal(bad).code == "corrupt"


def test_refuses_zip_bomb_quickly():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zipfile.ZipFile(io.BytesIO(MESSY)) as src:
            for item in src.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    zf.writestr(item.filename, src.read(item.filename))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = bytes(1 << 20)
            for _ in range(300):  # 300 MB of zeros, streamed
                fh.write(chunk)
    bomb = buf.getvalue()
    assert len(bomb) < 5 * 1024 * 1024
    started = time.monotonic()
    assert _refusal(bomb).code == "zip_bomb"
    assert time.monotonic() - started < 2


def test_refuses_high_compression_ratio_member():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(io.BytesIO(MESSY)) as src:
            for item in src.infolist():
                zf.writestr(item.filename, src.read(item.filename))
        zf.writestr("xl/media/padding.bin", bytes(20 * 1024 * 1024))  # ratio ≈ 1000
    assert _refusal(buf.getvalue()).code == "zip_bomb"


def test_refuses_oversized_upload():
    assert _refusal(MESSY, max_bytes=1000).code == "too_large"
    upload = SimpleUploadedFile("台账.xlsx", MESSY)
    assert _refusal(upload, max_bytes=1000).code == "too_large"
    with override_settings(SPREADSHEET_MAX_UPLOAD_BYTES=1000):
        assert _refusal(io.BytesIO(MESSY)).code == "too_large"
    assert open_workbook(SimpleUploadedFile("台账.xlsx", MESSY)).worksheets


@pytest.mark.parametrize("read_only", READERS, ids=READER_IDS)
def test_refuses_too_many_rows(read_only):
    def fill(ws):
        ws.append(["姓名", "身份证号"])
        for i in range(30):
            ws.append([f"人{i}", f"1101051949123{i:05d}"])

    data = _xlsx(fill)
    with pytest.raises(SpreadsheetError) as info:
        read(data, SPEC, max_rows=10, read_only=read_only)
    assert info.value.code == "too_many_rows"
    assert "10" in str(info.value)
    with override_settings(SPREADSHEET_MAX_ROWS=29), pytest.raises(SpreadsheetError):
        read(data, SPEC, read_only=read_only)
    assert len(read(data, SPEC, max_rows=30, read_only=read_only).rows) == 30


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _reload(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_safe_value():
    for dangerous in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'):
        assert safe_value(dangerous) == "'" + dangerous
    assert safe_value("正常") == "正常"
    assert safe_value("a\x00b\x07c") == "abc"
    assert safe_value("x" * 40000) == "x" * 32767
    assert safe_value(110105194912310021) == "110105194912310021"
    assert safe_value(12) == 12
    assert safe_value(float("nan")) is None
    aware = dt.datetime(2024, 1, 1, 0, 0, tzinfo=dt.UTC)
    assert safe_value(aware).tzinfo is None


EXPORT_SPEC = SheetSpec(
    kind="members",
    title="会员信息",
    columns=[
        Column("name", "姓名", required=True),
        Column("id_number", "身份证号", kind="id_text", required=True),
        Column("gender", "性别", kind="choice", choices=GENDERS),
        Column("birth", "出生日期", kind="date"),
        Column("dues", "会费", kind="decimal"),
        Column("family", "家庭人数", kind="int"),
        Column("model_worker", "是否劳模", kind="bool"),
        Column("note", "备注"),
    ],
)


def test_export_neutralises_formulas_and_keeps_types():
    rows = [
        {
            "name": '=HYPERLINK("http://evil","点我")',
            "id_number": "11010519491231002X",
            "gender": "2",
            "birth": dt.date(1990, 3, 1),
            "dues": Decimal("1234.5"),
            "family": 3,
            "model_worker": True,
            "note": "-1+2",
        },
        {"name": "李四", "id_number": "110105194912310021", "note": "@cmd", "dues": None},
        {"name": "王五", "id_number": "13800138000", "note": "+86 138", "model_worker": False},
        {"name": "赵六", "id_number": "13800138001", "note": "#N/A"},
    ]
    data = export_workbook(EXPORT_SPEC, rows, caption="会员信息导出")
    ws = _reload(data)["会员信息"]
    assert ws["A1"].value == "会员信息导出"
    assert [c.value for c in ws[2]] == [c.label for c in EXPORT_SPEC.columns]
    assert ws.freeze_panes == "A3"

    name = ws["A3"]
    assert name.data_type == "s" and not name.value.startswith("=")
    assert name.value == '\'=HYPERLINK("http://evil","点我")'
    for ref in ("H3", "H4", "H5"):
        assert ws[ref].data_type == "s" and ws[ref].value.startswith("'")
    assert ws["H6"].value == "#N/A" and ws["H6"].data_type == "s"  # text, not an error cell

    for ref, expected in (
        ("B3", "11010519491231002X"),
        ("B4", "110105194912310021"),
        ("B5", "13800138000"),
    ):
        assert ws[ref].value == expected and ws[ref].data_type == "s"
        assert ws[ref].number_format == "@"
    assert ws["C3"].value == "女"
    assert ws["D3"].value == dt.datetime(1990, 3, 1) and ws["D3"].number_format == "yyyy-mm-dd"
    assert ws["E3"].value == 1234.5 and ws["E3"].data_type == "n"
    assert ws["E3"].number_format == "0.00"
    assert ws["F3"].value == 3
    assert (ws["G3"].value, ws["G5"].value) == ("是", "否")

    # Exports can be imported again unchanged.
    back = read(data, EXPORT_SPEC)
    assert not back.errors_by_row() and back.header_row == 2
    first, second = (values for values, _errors in list(back.rows.values())[:2])
    assert first["name"] == rows[0]["name"] and first["note"] == "-1+2"
    assert first["gender"] == "2" and first["dues"] == Decimal("1234.50")
    assert first["birth"] == dt.date(1990, 3, 1) and first["model_worker"] is True
    assert second["id_number"] == "110105194912310021"


def test_template():
    wb = _reload(build_template(SPEC))
    assert wb.sheetnames == ["会员信息", "填写说明"]
    ws = wb["会员信息"]
    assert ws["A1"].value == "*姓名" and ws["C1"].value == "性别"
    assert ws["A1"].font.b
    assert ws["B1"].comment is not None and "身份证号" in ws["B1"].comment.text
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].number_format == "@"  # ID column typed as text
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"男,女"' in formulas and '"是,否"' in formulas
    notes = wb["填写说明"]
    labels = [notes.cell(row=r, column=1).value for r in range(2, 2 + len(SPEC.columns))]
    assert labels == [c.label for c in SPEC.columns]
    assert notes.cell(row=2, column=2).value == "Yes" and notes.cell(row=4, column=2).value == "No"
    assert notes.cell(row=4, column=4).value == "男、女"

    # The template's own header is recognised; an unfilled template has no data.
    header_row, mapping = locate_header(open_workbook(build_template(SPEC)).worksheets[0], SPEC)
    assert header_row == 1 and len(mapping) == len(SPEC.columns)
    assert read(build_template(SPEC), SPEC).rows == {}


def test_long_choice_lists_get_no_inline_validation():
    many = tuple((str(i), f"很长的选项名称{i}") for i in range(40))
    spec = SheetSpec("x", "X", [Column("c", "类别", kind="choice", choices=many)])
    ws = _reload(build_template(spec))["X"]
    assert not ws.data_validations.dataValidation


@pytest.mark.parametrize("streaming", [False, True])
def test_error_workbook_marks_bad_rows(streaming, monkeypatch):
    if streaming:
        monkeypatch.setattr(error_module, "_choose_read_only", lambda data, info: True)
    result = read(MESSY, SPEC)
    errors = {**result.errors_by_row(), 12: ["Same ID number as row 4."]}
    assert set(errors) == {11, 12}
    out = error_workbook(MESSY, errors, result.header_row, sheet_name=result.sheet_title)

    before = openpyxl.load_workbook(io.BytesIO(MESSY))["会员台账"]
    after = _reload(out)["会员台账"]
    err_col = len(HEADER) + 1
    letter = get_column_letter(err_col)
    assert after.cell(row=3, column=err_col).value == "错误原因"
    assert after.cell(row=12, column=err_col).value == "Same ID number as row 4."
    row11 = after.cell(row=11, column=err_col).value
    assert row11 == "；".join(errors[11]) and row11.startswith("姓名: This field is required.；")
    for r in (1, 2, 4, 5, 6, 7, 8, 9, 10):
        assert after.cell(row=r, column=err_col).value is None, r
    # Everything else is untouched (values, formulas, numbers stored as numbers).
    for r in range(1, 13):
        for c in range(1, len(HEADER) + 1):
            assert after.cell(row=r, column=c).value == before.cell(row=r, column=c).value, (r, c)
    assert after["L4"].value == "=1+1"
    assert after["A11"].fill.fgColor.rgb == "FFFFC7CE"
    assert after[f"{letter}11"].fill.fgColor.rgb == "FFFFC7CE"
    if not streaming:
        assert after["A10"].fill.fill_type is None
        assert "K4:K5" in {str(r) for r in after.merged_cells.ranges}
        # Re-uploading the error workbook reuses its 错误原因 column.
        again = _reload(error_workbook(out, {5: ["新的错误"]}, 3, sheet_name="会员台账"))[
            "会员台账"
        ]
        assert again.cell(row=3, column=err_col + 1).value is None
        assert again.cell(row=5, column=err_col).value == "新的错误"
        assert again.cell(row=11, column=err_col).value is None
        assert again["A11"].fill.fill_type is None


def test_error_workbook_neutralises_messages():
    out = error_workbook(MESSY, {4: ["=cmd|' /C calc'!A0"]}, 3)
    cell = _reload(out)["会员台账"].cell(row=4, column=len(HEADER) + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=")


# ---------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------


def test_read_50000_rows():
    spec = SheetSpec(
        kind="members",
        title="会员信息",
        columns=[
            Column("name", "姓名", required=True),
            Column("id_number", "身份证号", kind="id_text", required=True),
            Column("gender", "性别", kind="choice", choices=GENDERS),
            Column("joined", "入会时间", kind="date"),
            Column("dues", "会费", kind="decimal"),
        ],
    )
    rows = (
        {
            "name": f"会员{i}",
            "id_number": f"{110105194900000000 + i}",
            "gender": "1" if i % 2 else "2",
            "joined": dt.date(2000, 1, 1) + dt.timedelta(days=i % 5000),
            "dues": Decimal(i % 100),
        }
        for i in range(50_000)
    )
    data = export_workbook(spec, rows)
    result = read(data, spec)
    assert not result.errors_by_row() and len(result.rows) == 50_000
    assert result.rows[50_001][0]["id_number"] == "110105194900049999"


def test_public_api():
    for name in ss.__all__:
        assert hasattr(ss, name), name
