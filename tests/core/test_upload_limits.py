"""Sheets too large to import are refused on the upload form within two seconds, before a reader
(calamine or openpyxl) or a worker reads them: a sheet of Excel's 1 048 576 rows (declaring them,
or not), and a file of 6.7 MB whose one sheet expands to 195 MB though its compression ratio and
total size are allowed.

The hostile files are written part by part (the sheet's XML streamed into the zip), so that
building them takes well under a second each.
"""

import io
import random
import re
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.models import Job
from apps.core.xlsx import SpreadsheetError, count_sheet_rows, find_sheet, open_workbook
from apps.core.xlsx.opening import (
    DEFAULT_MAX_PART_BYTES,
    DEFAULT_MAX_UNCOMPRESSED_BYTES,
    MAX_COMPRESSION_RATIO,
    READ_ONLY_FILE_BYTES,
)

pytestmark = pytest.mark.usefixtures("fast_passwords", "media_root")

REFUSAL_SECONDS = 2  # the bound for refusing a hostile upload
EXCEL_MAX_ROWS = 1_048_576
HEADERS = ("组织全称", "组织代码", "上级组织代码", "组织类别")
SHEET_PART = "xl/worksheets/sheet1.xml"
TOO_MANY_ROWS = "工作表数据超过200000行，请拆分成多个文件。"


def inline(text: bytes) -> bytes:
    return b'<c t="inlineStr"><is><t>%s</t></is></c>' % text


def sheet_xml(rows, *, dimension=None):
    """A worksheet's XML in chunks: the header row of the organisation ledger, then `rows`."""
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if dimension:
        yield b'<dimension ref="%s"/>' % dimension.encode()
    header = b"".join(inline(label.encode()) for label in HEADERS)
    yield b'<sheetData><row r="1">%s</row>' % header
    yield from rows
    yield b"</sheetData></worksheet>"


def workbook(chunks) -> bytes:
    """A workbook openpyxl wrote, with its sheet's XML replaced by `chunks`."""
    base = openpyxl.Workbook()
    base.active.title = "台账"
    base.active.append(HEADERS)
    original = io.BytesIO()
    base.save(original)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(original) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for item in source.infolist():
            if item.filename != SHEET_PART:
                out.writestr(item.filename, source.read(item.filename))
        with out.open(SHEET_PART, "w", force_zip64=True) as part:
            for chunk in chunks:
                part.write(chunk)
    return buffer.getvalue()


def numbered_rows(last, body=lambda r: b"<c><v>%d</v></c>" % r):
    """Rows 2…`last`, each holding `body(row number)`, in chunks of ten thousand."""
    for start in range(2, last + 1, 10_000):
        stop = min(start + 10_000, last + 1)
        yield b"".join(b'<row r="%d">%s</row>' % (r, body(r)) for r in range(start, stop))


def million_rows(*, declared):
    """Excel's every row, each naming a union; `declared`: with its <dimension>."""
    rows = numbered_rows(EXCEL_MAX_ROWS, lambda r: inline(b"%d" % r + "号工会".encode()))
    return workbook(sheet_xml(rows, dimension=f"A1:D{EXCEL_MAX_ROWS}" if declared else None))


def wide_rows():
    """199 990 rows of about a kilobyte (twelve names and two numbers): fewer rows than the
    limit, truthfully declared, compressing about 29 : 1 — allowed by every check but the size
    a sheet may expand to."""
    rng = random.Random(10)
    names = [
        f"城关镇{w}有限公司工会".encode()
        for w in ("宏达纺织", "永兴机械", "恒丰食品", "明珠电子", "华盛建材", "新星服装")
    ]
    fixed = b"".join(inline(names[i % len(names)]) for i in range(12))
    bodies = [
        fixed + b"<c><v>%d</v></c><c><v>%d</v></c>" % (rng.getrandbits(48), rng.getrandbits(48))
        for _ in range(997)
    ]
    last = 199_991
    rows = numbered_rows(last, lambda r: bodies[r % 997])
    return workbook(sheet_xml(rows, dimension=f"A1:N{last}"))


def refused(client_for, data):
    """Upload `data` as township staff; return the form's error and the seconds it took."""
    client = client_for("township_staff")
    started = time.perf_counter()
    response = client.post(
        reverse("core:import_upload", args=["orgs"]),
        {"file": SimpleUploadedFile("工会组织台账.xlsx", data)},
    )
    seconds = time.perf_counter() - started
    assert response.status_code == 400, response.status_code
    assert not Job.objects.exists()
    (error,) = response.context["form"].errors["file"]
    assert f'data-testid="error-file">{error}<' in response.content.decode()
    return error, seconds


def sheet_part(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(SHEET_PART)


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "undeclared"])
def test_a_sheet_of_a_million_rows_is_refused_at_upload_within_two_seconds(client_for, declared):
    data = million_rows(declared=declared)
    part = sheet_part(data)
    assert len(data) > READ_ONLY_FILE_BYTES  # streamed, not loaded: the count does the work
    assert part.file_size < DEFAULT_MAX_PART_BYTES
    assert part.file_size / part.compress_size < MAX_COMPRESSION_RATIO

    error, seconds = refused(client_for, data)

    assert error == TOO_MANY_ROWS
    assert seconds < REFUSAL_SECONDS, seconds


def test_a_sheet_expanding_to_195_mb_is_refused_from_the_zip_directory_within_two_seconds(
    client_for,
):
    data = wide_rows()
    part = sheet_part(data)
    assert 6 * 2**20 < len(data) < 8 * 2**20
    assert 180 * 2**20 < part.file_size < DEFAULT_MAX_UNCOMPRESSED_BYTES
    assert part.file_size / part.compress_size < MAX_COMPRESSION_RATIO

    error, seconds = refused(client_for, data)

    expected = (
        r"文件中的一个工作表解压后有 18\d\.\d\sMB，超过了 100\.0\sMB 的上限。"
        r"请拆分成较小的文件后再上传。"
    )
    assert re.fullmatch(expected, error), error
    assert seconds < REFUSAL_SECONDS, seconds


def test_a_small_file_of_too_many_rows_is_counted_before_it_is_loaded(client_for):
    """A file under 2 MB is loaded whole (merged cells, styles): its rows are counted first,
    or openpyxl would build every one of them."""
    data = workbook(sheet_xml(numbered_rows(250_000)))
    assert len(data) < READ_ONLY_FILE_BYTES

    error, seconds = refused(client_for, data)

    assert error == TOO_MANY_ROWS
    assert seconds < REFUSAL_SECONDS, seconds


def ledger(data_rows):
    """A title row, the header, then `data_rows` rows, as openpyxl writes them."""
    book = openpyxl.Workbook()
    book.active.append(["工会组织台账"])
    book.active.append(HEADERS)
    for i in range(data_rows):
        book.active.append([f"测试{i}工会", f"QH-01-{i:03d}", "QH-01", "企业"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("read_only", [None, False, True], ids=["calamine", "loaded", "streamed"])
def test_the_row_limit_counts_the_rows_below_the_header(settings, read_only):
    settings.SPREADSHEET_MAX_ROWS = 100
    from apps.core.spreadsheets import org_spec

    def count(data):
        book = open_workbook(data, read_only=read_only)
        sheet, header_row, _mapping = find_sheet(book, org_spec())
        return count_sheet_rows(sheet, header_row=header_row)

    assert count(ledger(100)) == 102  # the title and the header too
    with pytest.raises(SpreadsheetError) as refusal:
        count(ledger(101))
    assert refusal.value.code == "too_many_rows"


def test_a_declared_dimension_past_the_limit_is_refused_on_opening(settings):
    settings.SPREADSHEET_MAX_ROWS = 100
    with pytest.raises(SpreadsheetError) as refusal:
        open_workbook(workbook(sheet_xml(numbered_rows(10), dimension="A1:D116")))
    assert refusal.value.code == "too_many_rows"
    assert open_workbook(workbook(sheet_xml(numbered_rows(10), dimension="A1:D115")))


def test_the_expanded_size_of_a_part_is_a_setting(settings):
    data = ledger(200)
    settings.SPREADSHEET_MAX_PART_BYTES = sheet_part(data).file_size - 1
    with pytest.raises(SpreadsheetError) as refusal:
        open_workbook(data)
    assert refusal.value.code == "sheet_too_large"
    settings.SPREADSHEET_MAX_PART_BYTES = sheet_part(data).file_size
    assert open_workbook(data)
