"""Uploads are read with python-calamine (apps.core.xlsx.calamine): the same raw values as
openpyxl's reading gave, cell for cell, the checks on an upload made before calamine sees it,
openpyxl reading the workbooks calamine cannot safely hold, and a damaged sheet refused as
damaged. Pure: no database.
"""

import datetime as dt
import io
import os
import re
import zipfile
from decimal import Decimal

import django
import pytest
from django.conf import settings

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=True, USE_TZ=True, TIME_ZONE="Asia/Shanghai")
    django.setup()

import openpyxl
from django.utils import translation

from apps.core.xlsx import (
    CellError,
    Column,
    SheetSpec,
    SpreadsheetError,
    count_sheet_rows,
    find_sheet,
    iter_records,
    open_workbook,
    parse_cell,
)
from apps.core.xlsx import calamine as calamine_module
from apps.core.xlsx.calamine import CalamineBook
from apps.core.xlsx.opening import MAX_GRID_CELLS, scan_sheet_xml

SHEET = "xl/worksheets/sheet1.xml"
READERS = {"calamine": None, "loaded": False, "streamed": True}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


SPEC = SheetSpec(
    kind="members",
    title="会员信息",
    columns=[
        Column("name", "姓名", required=True),
        Column("id_number", "身份证号", kind="id_text", required=True),
        Column("gender", "性别", kind="choice", choices=(("1", "男"), ("2", "女"))),
        Column("birth", "出生日期", kind="date"),
        Column("joined", "入会时间", kind="date"),
        Column("dues", "会费（元）", kind="decimal"),
        Column("family", "家庭人数", kind="int"),
        Column("model_worker", "是否劳模", kind="bool"),
        Column("phone", "手机号", kind="id_text"),
        Column("unit", "单位名称"),
        Column("note", "备注"),
    ],
)
HEADER = ["姓名", "身份证号", "性别", "出生日期", "入会时间", "会费（元）"]
HEADER += ["家庭人数", "是否劳模", "手机号", "单位名称", None, "备注"]


def _edit(data: bytes, name: str, edit) -> bytes:
    """`data` with zip member `name` replaced by `edit(its bytes)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            payload = src.read(item.filename)
            dst.writestr(item, edit(payload) if item.filename == name else payload)
    return out.getvalue()


def _with_cells(data: bytes, cells: dict[str, str]) -> bytes:
    """Replace cells of the first sheet (written by openpyxl) by the given XML: what openpyxl
    cannot write (formulas with their cached values, error values, exact long integers)."""

    def edit(xml):
        for ref, cell in cells.items():
            xml, found = re.subn(
                rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode(), cell.encode(), xml, count=1
            )
            assert found, ref
        return xml

    return _edit(data, SHEET, edit)


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _roster() -> bytes:
    """A ledger as a clerk keeps it: a merged title over the header, a header cell merged over
    two columns, every kind of value, a vertical merge, a blank row; then cells as Excel writes
    them (formulas with cached values, error values) and an ID number a program wrote as an
    exact number."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会员台账"
    ws["A1"] = "XX县总工会会员台账"
    ws.merge_cells("A1:L1")
    for col, label in enumerate(HEADER, start=1):
        ws.cell(row=2, column=col, value=label)
    ws.merge_cells("J2:K2")  # 单位名称 over two columns
    rows = {
        3: [" 张  三 ", "11010519491231002x", "男", dt.datetime(1949, 12, 31), dt.date(2015, 3, 1)]
        + [1234.5, 3, True, 13800138000, "城关镇工会", None, "  备注 有空格  "],
        4: ["李四", 1.10105199001011234e17, "女", "1990/03/01", "2015.03", 12, 2.0, False]
        + ["139 0000 0000", None, None, 0.1 + 0.2],
        6: ["王五", "320102199003011234", "2 女", 32933, dt.datetime(2015, 3, 1, 8, 30)]
        + ["F", "G", "是", "I", "", None, -0.0],
        7: ["赵六", "B", "1", dt.time(8, 30), 42064.5, "F", "1,200", "√", 20150301]
        + ["  东城工会  ", None, dt.timedelta(hours=30)],
    }
    for r, values in rows.items():
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=col, value=value)
    ws["B4"].number_format = "0"
    ws["L7"].number_format = "[h]:mm:ss"
    ws.merge_cells("J3:J4")  # 单位名称 merged down: row 4 takes 城关镇工会
    return _with_cells(
        _save(wb),
        {
            "F6": '<c r="F6"><f>10*2</f><v>20</v></c>',  # a formula's cached value
            "G6": '<c r="G6"><f>SUM(Z1:Z9)</f></c>',  # a formula never calculated
            "I6": '<c r="I6" t="e"><f>VLOOKUP(A6,Z:Z,2,0)</f><v>#N/A</v></c>',
            "B7": '<c r="B7"><v>110105194912310021</v></c>',  # exact, from a program
            "F7": '<c r="F7" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
        },
    )


ROSTER = _roster()

# What every reader gives for the roster (raw values, before parsing).
EXPECTED = {
    3: {
        "name": " 张  三 ",
        "id_number": "11010519491231002x",
        "gender": "男",
        "birth": dt.datetime(1949, 12, 31),
        "joined": dt.datetime(2015, 3, 1),
        "dues": 1234.5,
        "family": 3,
        "model_worker": True,
        "phone": 13800138000,
        "unit": "城关镇工会",
        "note": "  备注 有空格  ",
    },
    4: {
        "name": "李四",
        "id_number": 1.101051990010112e17,  # openpyxl writes 16 significant digits
        "gender": "女",
        "birth": "1990/03/01",
        "joined": "2015.03",
        "dues": 12,
        "family": 2,
        "model_worker": False,
        "phone": "139 0000 0000",
        "unit": "城关镇工会",
        "note": 0.3,
    },
    6: {
        "name": "王五",
        "id_number": "320102199003011234",
        "gender": "2 女",
        "birth": 32933,
        "joined": dt.datetime(2015, 3, 1, 8, 30),
        "dues": 20,
        "family": None,
        "model_worker": "是",
        "phone": "#N/A",
        "unit": None,
        "note": 0,
    },
    7: {
        "name": "赵六",
        "id_number": 110105194912310021,
        "gender": "1",
        "birth": dt.time(8, 30),
        "joined": 42064.5,
        "dues": "#DIV/0!",
        "family": "1,200",
        "model_worker": "√",
        "phone": 20150301,
        "unit": "  东城工会  ",
        "note": dt.timedelta(hours=30),
    },
}


def records(data, read_only=None, spec=SPEC, **options):
    wb = open_workbook(data, read_only=read_only, **options)
    try:
        ws, header_row, mapping = find_sheet(wb, spec)
        return type(wb), header_row, list(iter_records(ws, spec, header=(header_row, mapping)))
    finally:
        wb.close()


def parsed(rows, spec=SPEC):
    out = {}
    for row, raw in rows:
        values = {}
        for column in spec.columns:
            try:
                values[column.key] = parse_cell(column, raw.get(column.key))
            except CellError as error:
                values[column.key] = f"error: {error}"
        out[row] = values
    return out


def _types(record):
    return {key: type(value) for key, value in record.items()}


def test_calamine_reads_the_roster_as_openpyxl_did():
    kind, header_row, rows = records(ROSTER)
    assert kind is CalamineBook
    assert header_row == 2
    assert [row for row, _ in rows] == [3, 4, 6, 7]  # row 5 is blank
    assert dict(rows) == EXPECTED
    # ints stay ints, floats floats, dates midnight datetimes: as openpyxl gives them
    for row, record in rows:
        assert _types(record) == _types(EXPECTED[row]), row
    for name, read_only in READERS.items():
        other_kind, other_header, other_rows = records(ROSTER, read_only)
        assert (other_header, other_rows) == (header_row, rows), name
        for (row, record), (_row, other) in zip(rows, other_rows, strict=True):
            assert _types(record) == _types(other), (name, row)


def test_the_roster_parses_the_same_with_every_reader():
    results = {name: parsed(records(ROSTER, ro)[2]) for name, ro in READERS.items()}
    assert results["calamine"] == results["loaded"] == results["streamed"]
    values = results["calamine"]
    assert values[3]["name"] == "张 三" and values[3]["id_number"] == "11010519491231002X"
    assert values[3]["birth"] == dt.date(1949, 12, 31) and values[3]["dues"] == Decimal("1234.50")
    assert values[3]["phone"] == "13800138000" and values[3]["family"] == 3
    assert values[4]["id_number"].startswith("error: The cell was stored as a number")
    assert values[4]["family"] == 2 and values[4]["unit"] == "城关镇工会"
    assert values[6]["birth"] == dt.date(1990, 3, 1) and values[6]["dues"] == Decimal("20.00")
    assert values[6]["phone"] == "#N/A"  # an error value is its text, never a blank cell
    assert values[7]["id_number"] == "110105194912310021"
    assert values[7]["birth"].startswith("error: The cell holds a time")
    assert values[7]["dues"] == "error: “#DIV/0!” is not a number."
    assert values[7]["joined"] == dt.date(2015, 3, 1) and values[7]["family"] == 1200


def test_sheets_are_chosen_as_before():
    wb = openpyxl.Workbook()
    wb.active.title = "填写说明"
    wb.active.append(["姓名", "身份证号"])  # the instructions sheet names the columns too
    hidden = wb.create_sheet("旧名单")
    hidden.append(["姓名", "身份证号"])
    hidden.append(["旧人", "110105491231009"])
    hidden.sheet_state = "hidden"
    target = wb.create_sheet("名单")
    target["C3"] = "会员名册"  # the used range starts at C3, below a blank area
    target["C4"], target["D4"] = "姓名", "身份证号"
    target["C5"], target["D5"] = "张三", "110105491231002"
    data = _save(wb)
    book = open_workbook(data)
    assert isinstance(book, CalamineBook)
    assert book.sheetnames == ["填写说明", "旧名单", "名单"]
    assert [ws.sheet_state for ws in book.worksheets] == ["visible", "hidden", "visible"]
    ws, header_row, mapping = find_sheet(book, SPEC)
    assert (ws.title, header_row, sorted(mapping)) == ("名单", 4, [3, 4])
    assert list(iter_records(ws, SPEC, header=(header_row, mapping))) == [
        (5, {"name": "张三", "id_number": "110105491231002"})
    ]
    assert count_sheet_rows(ws, header_row=header_row) == 5
    assert find_sheet(book, SPEC, sheet_name="旧名单")[0].title == "旧名单"
    with pytest.raises(SpreadsheetError) as refusal:
        find_sheet(book, SPEC, sheet_name="没有")
    assert refusal.value.code == "sheet_not_found"
    book.close()


# ---------------------------------------------------------------------------
# The checks come first
# ---------------------------------------------------------------------------


@pytest.fixture
def calamine_calls(monkeypatch):
    """Every time calamine is asked to open a file."""
    calls = []
    real = calamine_module.CalamineWorkbook

    class Recording:
        @staticmethod
        def from_filelike(filelike):
            calls.append(filelike)
            return real.from_filelike(filelike)

    monkeypatch.setattr(calamine_module, "CalamineWorkbook", Recording)
    return calls


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zipfile.ZipFile(io.BytesIO(ROSTER)) as src:
            for item in src.infolist():
                if item.filename != SHEET:
                    zf.writestr(item.filename, src.read(item.filename))
        with zf.open(SHEET, "w", force_zip64=True) as fh:
            for _ in range(300):  # 300 MB of zeros
                fh.write(bytes(1 << 20))
    return buffer.getvalue()


def _many_rows(count: int) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号"])
    for i in range(count):
        wb.active.append([f"人{i}", f"1101051949123{i:05d}"])
    return _save(wb)


@pytest.mark.parametrize(
    "upload, options, code",
    [
        (lambda: ROSTER, {"filename": "名单.xlsm"}, "macro"),
        (lambda: _with_member(ROSTER, "xl/vbaProject.bin", bytes(64)), {}, "macro"),
        (_bomb, {}, "zip_bomb"),
        (lambda: _many_rows(30), {"max_rows": 10}, "too_many_rows"),
        (lambda: b"PK\x03\x04" + bytes(100), {}, "not_xlsx"),
    ],
    ids=["xlsm", "vba", "zip-bomb", "rows", "not-a-zip"],
)
def test_the_checks_refuse_before_calamine_reads(calamine_calls, upload, options, code):
    with pytest.raises(SpreadsheetError) as refusal:
        open_workbook(upload(), **options)
    assert refusal.value.code == code
    assert str(refusal.value)
    assert calamine_calls == []
    records(ROSTER)
    assert len(calamine_calls) == 1  # and the checks let a good file through to calamine


def _with_member(data: bytes, name: str, payload: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, payload)
    return out.getvalue()


def test_a_row_limit_below_the_header_still_holds(settings):
    settings.SPREADSHEET_MAX_ROWS = 20
    with pytest.raises(SpreadsheetError) as refusal:
        records(_many_rows(30))
    assert refusal.value.code == "too_many_rows"
    assert len(records(_many_rows(20))[2]) == 20


@pytest.mark.parametrize(
    "sheet",
    [
        b'<row r="1"><c r="A1" t="s"><v>7</v></c></row>',  # no such shared string
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c'.encode(),
        b'<row r="1"><c r="A1" t="b"><v>2</v></c><c r="B1"><v>x</v></c></row>',
    ],
    ids=["shared-string", "truncated", "values"],
)
def test_a_sheet_calamine_cannot_read_is_refused_as_damaged(sheet):
    def edit(xml):
        return re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + sheet, xml, flags=re.S)

    data = _edit(ROSTER, SHEET, edit)
    assert isinstance(open_workbook(data), CalamineBook)  # calamine reads a sheet when asked
    for read_only in READERS.values():
        with pytest.raises(SpreadsheetError) as refusal:
            records(data, read_only)
        assert refusal.value.code == "corrupt"
        assert str(refusal.value) == (
            "The file is damaged and cannot be read. Open it in Excel or WPS and save it again."
        )


# ---------------------------------------------------------------------------
# What calamine cannot safely hold is read by openpyxl
# ---------------------------------------------------------------------------


def _grid(ws_fill) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号"])
    ws_fill(wb.active)
    return _save(wb)


def test_a_sparse_sheet_whose_grid_is_too_large_is_read_by_openpyxl():
    def fill(ws):
        for i in range(300):
            ws.append([f"人{i}", f"1101051949123{i:05d}"])
        ws["XFD301"] = "一个远处的格子"  # 301 rows × 16 384 columns: 4.9 million cells

    data = _grid(fill)
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(SHEET) as fh:
        scan = scan_sheet_xml(fh)
    assert (scan.last_row, scan.last_column) == (301, 16384)
    assert scan.grid_cells > MAX_GRID_CELLS
    kind, header_row, rows = records(data)
    assert kind is openpyxl.Workbook and header_row == 1 and len(rows) == 300


def test_one_cell_at_the_far_corner_does_not_end_the_process():
    """calamine would ask for 16 384 × 1 048 576 cells (half a terabyte) and abort."""

    def edit(xml):
        far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        return xml.replace(b"</sheetData>", far)

    data = _edit(_grid(lambda ws: ws.append(["张三", "110105491231002"])), SHEET, edit)
    wb = open_workbook(data)
    assert not isinstance(wb, CalamineBook)
    wb.close()


@pytest.mark.parametrize(
    "cells",
    [
        # cells that do not say where they are, as some programs write them
        '<row><c t="inlineStr"><is><t>张三</t></is></c>'
        "<c><v>110105491231002</v></c></row>".encode(),
        # r="…" not the first attribute
        '<row r="2"><c t="inlineStr" r="A2"><is><t>张三</t></is></c>'
        '<c r="B2"><v>110105491231002</v></c></row>'.encode(),
    ],
    ids=["no-reference", "reference-later"],
)
def test_cells_without_their_own_reference_are_read_by_openpyxl(cells):
    def edit(xml):
        return xml.replace(b"</sheetData>", cells + b"</sheetData>")

    kind, _header, rows = records(_edit(_grid(lambda ws: None), SHEET, edit))
    assert kind is openpyxl.Workbook
    assert rows == [(2, {"name": "张三", "id_number": 110105491231002})]


def test_an_error_value_calamine_does_not_know_is_read_by_openpyxl():
    def fill(ws):
        ws.append(["张三", "110105491231002"])
        ws.append(["李四", "110105491231003"])

    data = _with_cells(_grid(fill), {"B3": '<c r="B3" t="e"><f>SORT(Z1:Z9)</f><v>#SPILL!</v></c>'})
    kind, _header, rows = records(data)
    assert kind is openpyxl.Workbook
    assert rows[1] == (3, {"name": "李四", "id_number": "#SPILL!"})


def test_a_cell_cut_between_two_chunks_is_never_placed_wrongly():
    head = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2">'
    cell = b'<c r="B2"><v>2</v></c>'
    pad = cell * (((1 << 20) - len(head) - 100) // len(cell))
    # A start tag stretched by spaces across the end of the scan's first megabyte.
    stretched = b"<c" + b" " * 200 + b'r="XFD9"><v>3</v></c></row></sheetData></worksheet>'
    assert len(head + pad) < 1 << 20 < len(head + pad) + 200
    scan = scan_sheet_xml(io.BytesIO(head + pad + stretched))
    assert scan.grid_cells is None or scan.last_column == 16384
    # A tag that fits is found whole wherever the megabyte ends.
    far = b'<c r="XFD9"><v>3</v></c></row></sheetData></worksheet>'
    for shift in range(60, 130, 2):
        scan = scan_sheet_xml(io.BytesIO(head + b" " * shift + pad + far))
        assert (scan.last_row, scan.last_column, scan.unplaced) == (9, 16384, 0), shift


# ---------------------------------------------------------------------------
# The two readings that differ from openpyxl's, both as Excel shows the cell
# ---------------------------------------------------------------------------


def test_chinese_built_in_date_formats_are_dates():
    """Number format 31 is yyyy"年"m"月"d"日" in Chinese Excel and WPS, written without its
    definition: openpyxl read such a cell as a plain number (42064), calamine as the date."""
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "单位名称", "入会时间"])
    wb.active.append(["张三", "110105491231002", 42064, 42064])
    data = _save(wb)

    def styles(xml):
        count = int(re.search(rb'<cellXfs count="(\d+)"', xml).group(1))
        xf = b'<xf numFmtId="31" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
        xml = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="%d">' % (count + 1), xml)
        return xml.replace(b"</cellXfs>", xf + b"</cellXfs>"), count

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        _xml, style = styles(zf.read("xl/styles.xml"))
    data = _edit(data, "xl/styles.xml", lambda xml: styles(xml)[0])
    data = _with_cells(
        data,
        {
            "C2": f'<c r="C2" s="{style}"><v>42064</v></c>',
            "D2": f'<c r="D2" s="{style}"><v>42064</v></c>',
        },
    )
    ((_row, raw),) = records(data)[2]
    assert raw["unit"] == dt.datetime(2015, 3, 1) and raw["joined"] == dt.datetime(2015, 3, 1)
    ((_row, before),) = records(data, read_only=True)[2]
    assert before["unit"] == 42064 and before["joined"] == 42064
    # A date column reads the same date either way; a text column now says what Excel shows.
    assert parse_cell(SPEC.column("joined"), raw["joined"]) == dt.date(2015, 3, 1)
    assert parse_cell(SPEC.column("joined"), before["joined"]) == dt.date(2015, 3, 1)
    assert parse_cell(SPEC.column("unit"), raw["unit"]) == "2015-03-01"


def test_escaped_characters_in_text_are_decoded():
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "单位名称"])
    wb.active.append(["张三", "110105491231002", "X"])
    data = _with_cells(
        _save(wb),
        {"C2": '<c r="C2" t="inlineStr"><is><t>城关镇_x000D_\n工会</t></is></c>'},
    )
    ((_row, raw),) = records(data)[2]
    assert raw["unit"] == "城关镇\r\n工会"
    assert parse_cell(SPEC.column("unit"), raw["unit"]) == "城关镇 工会"
    ((_row, before),) = records(data, read_only=True)[2]
    assert before["unit"] == "城关镇_x000D_\n工会"


def test_a_sheet_written_with_a_namespace_prefix_reads_the_same():
    def prefixed(xml):
        xml = re.sub(rb"<(/?)([A-Za-z]+)", rb"<\1x:\2", xml)
        return xml.replace(b'<x:worksheet xmlns="', b'<x:worksheet xmlns:x="', 1)

    data = _edit(ROSTER, SHEET, prefixed)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b"<x:c " in zf.read(SHEET)
        with zf.open(SHEET) as fh:
            scan = scan_sheet_xml(fh)
    assert (scan.rows, scan.last_row, scan.last_column, scan.unplaced) == (6, 7, 12, 0)
    assert scan.special  # its error values and long integer
    kind, header_row, rows = records(data)
    assert kind is CalamineBook and header_row == 2 and dict(rows) == EXPECTED
    assert records(data, read_only=True)[2] == rows


def test_whatever_calamine_raises_is_the_damaged_file_refusal(monkeypatch):
    """Rust panics reach Python as pyo3's PanicException, a BaseException."""
    PanicException = type("PanicException", (BaseException,), {})

    class Panicking:
        def __init__(self, book):
            self.book = book
            self.sheets_metadata = book.sheets_metadata

        def get_sheet_by_name(self, name):
            raise PanicException("called `Option::unwrap()` on a `None` value")

        def close(self):
            self.book.close()

    real = calamine_module.CalamineWorkbook

    class Stub:
        @staticmethod
        def from_filelike(filelike):
            return Panicking(real.from_filelike(filelike))

    monkeypatch.setattr(calamine_module, "CalamineWorkbook", Stub)
    with pytest.raises(SpreadsheetError) as refusal:
        records(ROSTER)
    assert refusal.value.code == "corrupt"

    class Failing:
        @staticmethod
        def from_filelike(filelike):
            raise PanicException("at opening")

    monkeypatch.setattr(calamine_module, "CalamineWorkbook", Failing)
    with pytest.raises(SpreadsheetError) as refusal:
        open_workbook(ROSTER)
    assert refusal.value.code == "corrupt"
