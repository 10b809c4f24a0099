"""Safe opening of uploaded .xlsx files: the upload is checked *before* any reader sees it
(size, zip structure, macros, encryption, zip bombs, sheets too large). Uploads are then read
with python-calamine (:mod:`.calamine`, a Rust reader, several times faster than openpyxl);
a workbook it cannot safely hold (see :data:`MAX_GRID_CELLS`) is opened with openpyxl as
before: small files normally (merged cells, styles), large ones with ``read_only=True``.

A sheet that is too large is refused from what costs little to read: the zip directory gives
each part's expanded size, the start of a sheet's XML its declared ``<dimension>``, and its
``<row>`` tags, counted without parsing, stopping at the limit, how many rows it has. The same
pass finds the extent of the sheet's cells (the grid calamine would build) and whether it holds
cells calamine reads differently from openpyxl (error values, integers of 16 digits or more).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# One part (a sheet's XML) may expand to this much: about 100 000 rows of a full roster as
# Excel or openpyxl write it (a whole county's 40 000 members are some 40 MB), and reading
# it takes under a minute. Past that, an upload could keep a worker busy for many minutes.
DEFAULT_MAX_PART_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
# Above these sizes the workbook is opened read-only (streamed).
READ_ONLY_FILE_BYTES = 2 * 1024 * 1024
READ_ONLY_SHEET_XML_BYTES = 25 * 1024 * 1024
# openpyxl materialises every cell of a merge in normal mode.
MAX_MERGED_CELLS_NORMAL_MODE = 1_000_000
MAX_HEADER_COLUMNS = 1024
# The header is looked for in this many rows at the top of a sheet (title rows above it).
HEADER_SCAN_ROWS = 15
# A sheet's <dimension> comes right after its <sheetPr>: it is in the first few hundred bytes.
DIMENSION_SCAN_BYTES = 64 * 1024
# calamine holds a sheet as a dense grid from its first cell to its last, some 32 bytes a cell
# (a roster of 50 000 rows and 19 columns: 30 MB), so one cell in A1 and one in XFD1048576
# would ask for half a terabyte and end the process. Workbooks whose sheets' grids would
# together exceed this many cells are read with openpyxl's streaming reader instead, as are
# sheets whose cells do not all say where they are. 100 000 rows of 30 columns, about as much as
# DEFAULT_MAX_PART_BYTES lets through, take some 220 MB while calamine reads them.
MAX_GRID_CELLS = 3_000_000

INSTRUCTIONS_SHEET_TITLE = "填写说明"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORKSHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)


class SpreadsheetError(Exception):
    """The uploaded file cannot be used.  ``str(exc)`` is a translated message
    for the user; ``code`` is a stable machine-readable reason."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


def _setting(name: str, default):
    if settings.configured:
        value = getattr(settings, name, None)
        if value:
            return value
    return default


# ---------------------------------------------------------------------------
# Upload checks
# ---------------------------------------------------------------------------


def _too_large(size: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        gettext("The file is too large (%(size)s). The maximum is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def read_upload(source, *, max_bytes: int | None = None) -> bytes:
    """Read an upload (bytes, a file object, a Django ``UploadedFile`` or a path)
    into memory, refusing it as soon as it is known to exceed ``max_bytes``."""
    limit = max_bytes or _setting("SPREADSHEET_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        size = os.path.getsize(source)
        if size > limit:
            raise _too_large(size, limit)
        with open(source, "rb") as fh:
            data = fh.read(limit + 1)
    else:
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > limit:
            raise _too_large(size, limit)
        if hasattr(source, "seek"):
            with contextlib.suppress(OSError, ValueError):
                source.seek(0)
        data = source.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def _not_xlsx() -> SpreadsheetError:
    return SpreadsheetError(
        gettext("This is not an .xlsx file. Open it in Excel or WPS and save it as .xlsx."),
        code="not_xlsx",
    )


def _macro() -> SpreadsheetError:
    return SpreadsheetError(
        gettext(
            "Files with macros (.xlsm) are not accepted. "
            "Save the workbook as a plain .xlsx file and upload it again."
        ),
        code="macro",
    )


def _corrupt() -> SpreadsheetError:
    return SpreadsheetError(
        gettext(
            "The file is damaged and cannot be read. Open it in Excel or WPS and save it again."
        ),
        code="corrupt",
    )


def _zip_bomb() -> SpreadsheetError:
    return SpreadsheetError(
        gettext("The file expands to an unreasonable size and was refused."),
        code="zip_bomb",
    )


def _part_too_large(size: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        gettext(
            "A sheet of the file expands to %(size)s when opened; at most %(limit)s is "
            "accepted. Split it into smaller files."
        )
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="sheet_too_large",
    )


def _too_many_rows(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        gettext("The sheet has more than %(max)s data rows. Split it into smaller files.")
        % {"max": limit},
        code="too_many_rows",
    )


def _encrypted() -> SpreadsheetError:
    return SpreadsheetError(
        gettext("The file is password-protected. Remove the password and upload it again."),
        code="encrypted",
    )


_MERGE_RE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']"
    rb"([A-Za-z]{1,3}[0-9]{1,7})(?::([A-Za-z]{1,3}[0-9]{1,7}))?[\"']"
)
_CELL_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _scan_merges(stream) -> list[tuple[int, int, int, int]]:
    """Find ``<mergeCell ref=…>`` in a worksheet XML stream without parsing it.

    Returns ``(min_row, min_col, max_row, max_col)`` tuples.  Text content cannot
    contain a literal ``<``, so a plain byte search is reliable and streams in
    constant memory."""
    found = []
    tail = b""
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        buf = tail + chunk
        last_end = 0
        if b"mergeCell" in buf:
            for m in _MERGE_RE.finditer(buf):
                a = _CELL_REF.fullmatch(m.group(1))
                b = _CELL_REF.fullmatch(m.group(2) or m.group(1))
                r1, c1 = int(a.group(2)), _col_number(a.group(1))
                r2, c2 = int(b.group(2)), _col_number(b.group(1))
                found.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
                last_end = m.end()
        tail = buf[max(last_end, len(buf) - 512) :]
    return found


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s>/]")
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]{0,30}:)?dimension\s[^>]*?\bref\s*=\s*[\"']([^\"']{1,40})[\"']"
)
_REF_ROWS = re.compile(rb"[A-Za-z]{0,3}\$?([0-9]{1,8})")


def count_row_tags(stream, *, stop: int | None = None) -> int:
    """Count the ``<row>`` elements of a worksheet XML stream without parsing it, stopping as
    soon as there are more than ``stop``: a million-row sheet costs no more than a full one.

    A tag is never split between what is counted and what is carried to the next chunk: the
    chunk is cut before its last ``<`` (a ``<row`` match is short and contains no other
    ``<``), so each tag is counted exactly once."""
    count, tail = 0, b""
    while chunk := stream.read(1 << 20):
        buf = tail + chunk
        last = buf.rfind(b"<")
        cut = last if last >= len(buf) - 64 else len(buf)
        count += len(_ROW_TAG.findall(buf, 0, cut))
        tail = buf[cut:]
        if stop is not None and count > stop:
            return count
    return count + len(_ROW_TAG.findall(tail))


def declared_last_row(head: bytes) -> int | None:
    """The last row of a sheet's declared ``<dimension ref="A1:Z1048576"/>``, found in the
    first bytes of its XML; None when it declares none. Excel, WPS and openpyxl write a true
    one, so a sheet declaring more rows than the limit is refused on its word; one declaring
    too few (some generators write ``A1``) is caught by the row count."""
    match = _DIMENSION.search(head)
    if match is None:
        return None
    rows = [int(n) for n in _REF_ROWS.findall(match.group(1))]
    return max(rows) if rows else None


def _size_from_the_head(sheet):
    """Read a streamed sheet's declared dimension from the start of its XML only.

    openpyxl's read-only sheets look for ``<dimension>`` when they are opened, with an
    iterparse that stops at the *end* of ``<sheetData>``: a sheet without a dimension is parsed
    whole before anything can count or refuse it (30 s for a sheet of a million rows). The
    dimension comes before the data, so its first bytes say the same, at once. (The portal
    resets streamed sheets' dimensions anyway, see :func:`open_workbook`.) Installed in place
    of openpyxl's ``ReadOnlyWorksheet._get_size`` (openpyxl 3.1), whose results it keeps."""
    with sheet._get_source() as source:
        head = source.read(DIMENSION_SCAN_BYTES)
    try:
        dimensions = WorkSheetParser(io.BytesIO(head), []).parse_dimensions()
    except ParseError:  # the head ends inside the data: no dimension before it
        dimensions = None
    if dimensions is not None:
        sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = dimensions


ReadOnlyWorksheet._get_size = _size_from_the_head


@dataclass
class _Inspection:
    sheet_xml_bytes: int
    worksheet_parts: list[str]
    part_sizes: dict[str, int]


def _inspect(data: bytes, filename: str | None, max_uncompressed: int | None = None):
    """Structural checks on the raw upload; returns facts used to pick a load mode."""
    ext = os.path.splitext(filename or "")[1].lower()
    if ext in {".xlsm", ".xltm", ".xlam"}:
        raise _macro()
    if ext in {".xls", ".xlt", ".et"}:
        raise SpreadsheetError(
            gettext(
                "Old Excel 97–2003 (.xls) files are not accepted. "
                "Open the file in Excel or WPS and save it as .xlsx."
            ),
            code="old_format",
        )
    if ext == ".xlsb":
        raise _not_xlsx()

    if data.startswith(_OLE_MAGIC):
        # Encrypted OOXML files are OLE containers holding an "EncryptionInfo" stream.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise _encrypted()
        raise SpreadsheetError(
            gettext(
                "Old Excel 97–2003 (.xls) files are not accepted. "
                "Open the file in Excel or WPS and save it as .xlsx."
            ),
            code="old_format",
        )
    if not data.startswith(b"PK"):
        raise _not_xlsx()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _not_xlsx() from None

    with zf:
        if len(infos) > MAX_ZIP_MEMBERS:
            raise _zip_bomb()
        limit = max_uncompressed or _setting(
            "SPREADSHEET_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES
        )
        part_limit = _setting("SPREADSHEET_MAX_PART_BYTES", DEFAULT_MAX_PART_BYTES)
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _encrypted()
            total += info.file_size
            if info.file_size > RATIO_CHECK_MIN_BYTES and (
                info.compress_size == 0
                or info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
            ):
                raise _zip_bomb()
            if info.file_size > part_limit:
                raise _part_too_large(info.file_size, part_limit)
        if total > limit:
            raise _zip_bomb()

        names = {info.filename for info in infos}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise _macro()
        try:
            content_types = zf.getinfo("[Content_Types].xml")
        except KeyError:
            raise _not_xlsx() from None
        if content_types.file_size > 1024 * 1024:
            raise _corrupt()
        try:
            ct = zf.read(content_types).lower()
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
            raise _corrupt() from None
        if b"macroenabled" in ct:
            raise _macro()
        if (
            b"spreadsheetml.sheet.main+xml" not in ct
            and b"spreadsheetml.template.main+xml" not in ct
        ):
            raise _not_xlsx()
        parts = [info for info in infos if _WORKSHEET_PART.match(info.filename)]
        return _Inspection(
            sheet_xml_bytes=sum(info.file_size for info in parts),
            worksheet_parts=[info.filename for info in parts],
            part_sizes={info.filename: info.file_size for info in parts},
        )


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found, without parsing it (:func:`scan_sheet_xml`)."""

    rows: int = 0  # <row> tags
    last_row: int = 0  # the largest row and column a cell's r="…" names
    last_column: int = 0
    unplaced: int = 0  # cells without an r="…" (first, well-formed): placed by their order
    special: bool = False  # may hold error values or integers of 16 digits or more

    @property
    def grid_cells(self) -> int | None:
        """Cells of the dense grid calamine builds for the sheet; None when its cells do not
        all say where they are (their extent is then unknown)."""
        return None if self.unplaced else self.last_row * self.last_column


_NS_PREFIX = rb"(?:[A-Za-z_][\w.-]{0,30}:)?"
# Every cell's start tag: its reference (when r="…" is its first attribute and well formed) or
# b"" (the closing quote is required, so a tag cut at a chunk's end never passes for placed).
_CELL_START_TAG = rb"c(?:\s+r\s*=\s*[\"']([A-Z]{1,3}[0-9]{1,7})[\"']|[\s/>])"
_CELL_TAG = re.compile(rb"<" + _NS_PREFIX + _CELL_START_TAG)
# Without a namespace prefix, for chunks that hold none (ten times faster).
_PLAIN_CELL_TAG = re.compile(rb"<" + _CELL_START_TAG)
_PLAIN_ROW_TAG = re.compile(rb"<row[\s>/]")
_DIGITS = b"0123456789"
_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Cells calamine reads unlike openpyxl: an error value (openpyxl gives its text, "#N/A";
# calamine an empty cell) and an integer past 2**53 (openpyxl exact, calamine a float).
_ERROR_TYPE = re.compile(rb"\bt\s*=\s*[\"']e[\"']")
_LONG_INTEGER = re.compile(rb"v>\s*[+-]?[0-9]{16}")


def scan_sheet_xml(stream, *, stop: int | None = None) -> SheetScan:
    """One pass over a worksheet's XML: its ``<row>`` tags, counted as :func:`count_row_tags`
    does (stopping once there are more than ``stop``), the extent of its cells' references and
    whether it may hold cells calamine reads differently (:class:`SheetScan`)."""
    scan = SheetScan()
    tail = b""
    while chunk := stream.read(1 << 20):
        buf = tail + chunk
        last = buf.rfind(b"<")
        cut = last if last >= len(buf) - 64 else len(buf)
        _scan_chunk(scan, buf, cut)
        if stop is not None and scan.rows > stop:
            return scan
        tail = buf[cut:]
    _scan_chunk(scan, tail, len(tail))
    return scan


def _scan_chunk(scan: SheetScan, buf: bytes, cut: int) -> None:
    rows = _ROW_TAG if b":row" in buf else _PLAIN_ROW_TAG
    scan.rows += len(rows.findall(buf, 0, cut))
    if not scan.special and (
        (b"#" in buf and _ERROR_TYPE.search(buf)) or _LONG_INTEGER.search(buf)
    ):
        scan.special = True
    if scan.unplaced:
        return  # the extent no longer matters
    refs = (_CELL_TAG if b":c" in buf else _PLAIN_CELL_TAG).findall(buf, 0, cut)
    if not refs:
        return
    scan.unplaced += refs.count(b"")
    if scan.unplaced:
        return
    joined = b" ".join(refs)
    letters = joined.translate(None, _DIGITS).split()
    if max(map(len, letters)) == 1:
        column = max(letters)
    else:
        column = max(set(letters), key=lambda c: (len(c), c))
    scan.last_column = max(scan.last_column, _col_number(column))
    digits = set(joined.translate(None, _LETTERS).split())
    scan.last_row = max(scan.last_row, *map(int, digits))


def _check_rows(data: bytes, info: _Inspection, max_rows: int) -> dict[str, SheetScan]:
    """Refuse a sheet with more rows than the limit (plus the rows a header may have above it)
    before any reader reads anything: from its declared dimension, then from its ``<row>``
    tags, counted without parsing and only up to the limit (a million-row sheet is refused
    after a fifth of it). Returns each sheet part's :class:`SheetScan`, whose row count
    :func:`.reading.count_sheet_rows` then holds to the limit below the sheet's header."""
    bound = max_rows + HEADER_SCAN_ROWS
    scans = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in info.worksheet_parts:
                with zf.open(name) as fh:
                    last_row = declared_last_row(fh.read(DIMENSION_SCAN_BYTES))
                if last_row is not None and last_row > bound:
                    raise _too_many_rows(max_rows)
                with zf.open(name) as fh:
                    scans[name] = scan_sheet_xml(fh, stop=bound)
                if scans[name].rows > bound:
                    raise _too_many_rows(max_rows)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        raise _corrupt() from None
    return scans


def _merged_area(data: bytes, parts: list[str]) -> int:
    area = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in parts:
            with zf.open(name) as fh:
                for r1, c1, r2, c2 in _scan_merges(fh):
                    area += (r2 - r1 + 1) * (c2 - c1 + 1)
    return area


def _choose_read_only(data: bytes, info: _Inspection) -> bool:
    if len(data) > READ_ONLY_FILE_BYTES or info.sheet_xml_bytes > READ_ONLY_SHEET_XML_BYTES:
        return True
    try:
        return _merged_area(data, info.worksheet_parts) > MAX_MERGED_CELLS_NORMAL_MODE
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise _corrupt() from None


def open_workbook(
    source,
    *,
    filename: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    read_only: bool | None = None,
    data_only: bool = True,
    keep_links: bool = False,
):
    """Check and open an uploaded .xlsx, returning a workbook for :mod:`.reading`.

    By default that is a :class:`.calamine.CalamineBook` (the upload read by python-calamine:
    cached values of formulas, merged cells as ranges), or, for a workbook calamine cannot
    safely hold, an openpyxl ``Workbook``, loaded normally when small and streamed
    (``read_only``) when over 2 MB. Asking for an openpyxl mode (``read_only`` True or False),
    for formulas (``data_only=False``) or for external links opens it with openpyxl.
    Raises :class:`SpreadsheetError` with a user-facing message for anything unusable.
    ``max_rows`` is checked against every sheet's declared dimension and its ``<row>`` tags
    here, remembered on the workbook and enforced by :func:`iter_records`.
    """
    if filename is None:
        filename = getattr(source, "name", None)
        if not isinstance(filename, str):
            filename = None
    data = read_upload(source, max_bytes=max_bytes)
    info = _inspect(data, filename)
    max_rows = max_rows or _setting("SPREADSHEET_MAX_ROWS", DEFAULT_MAX_ROWS)
    scans = _check_rows(data, info, max_rows)
    part_rows = {name: scan.rows for name, scan in scans.items()}
    wb = None
    if read_only is None and data_only and not keep_links:
        from .calamine import open_book

        wb = open_book(data, scans)
    if wb is None:
        wb = _open_with_openpyxl(data, info, read_only, data_only, keep_links)
    wb._spreadsheet_max_rows = max_rows
    wb._spreadsheet_part_rows = part_rows
    return wb


def _open_with_openpyxl(data: bytes, info: _Inspection, read_only, data_only, keep_links):
    if read_only is None:
        read_only = _choose_read_only(data, info)
    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported" and similar noise.
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(
                io.BytesIO(data),
                read_only=read_only,
                data_only=data_only,
                keep_links=keep_links,
            )
    except SpreadsheetError:
        raise
    except Exception:
        raise _corrupt() from None
    if read_only:
        for ws in wb.worksheets:
            # Declared dimensions are often wrong; trusting them truncates data.
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()
    return wb


# ---------------------------------------------------------------------------
# Header detection
# ---------------------------------------------------------------------------
