"""Safe opening of uploaded .xlsx files and tolerant header/row reading.

Uploads are checked *before* openpyxl sees them (size, zip structure, macros,
encryption, zip bombs).  Small files are loaded normally (merged cells, styles);
large ones with ``read_only=True``.  :func:`iter_records` works the same for
both, including merged cells, whose top-left value is copied to every cell of
the merge.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import warnings
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from .columns import Column, SheetSpec
from .parsing import _nfkc

__all__ = [
    "INSTRUCTIONS_SHEET_TITLE",
    "SpreadsheetError",
    "find_sheet",
    "iter_records",
    "locate_header",
    "normalize_header",
    "open_workbook",
    "read_upload",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
# Above these sizes the workbook is opened read-only (streamed).
READ_ONLY_FILE_BYTES = 2 * 1024 * 1024
READ_ONLY_SHEET_XML_BYTES = 25 * 1024 * 1024
# openpyxl materialises every cell of a merge in normal mode.
MAX_MERGED_CELLS_NORMAL_MODE = 1_000_000
MAX_HEADER_COLUMNS = 1024

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


@dataclass
class _Inspection:
    sheet_xml_bytes: int
    worksheet_parts: list[str]


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
        )


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
    """Check and open an uploaded .xlsx, returning an openpyxl ``Workbook``.

    ``read_only=None`` picks the mode: normal for small files (merged cells and
    styles available), read-only/streaming for files over 2 MB.  Raises
    :class:`SpreadsheetError` with a user-facing message for anything unusable.
    ``max_rows`` is remembered on the workbook and enforced by :func:`iter_records`.
    """
    if filename is None:
        filename = getattr(source, "name", None)
        if not isinstance(filename, str):
            filename = None
    data = read_upload(source, max_bytes=max_bytes)
    info = _inspect(data, filename)
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
    wb._spreadsheet_max_rows = max_rows or _setting("SPREADSHEET_MAX_ROWS", DEFAULT_MAX_ROWS)
    return wb


# ---------------------------------------------------------------------------
# Header detection
# ---------------------------------------------------------------------------

_NOTE_BRACKETS = re.compile(r"[(\[【〔{<《][^()\[\]【】〔〕{}<>《》]*[)\]】〕}>》]")


def normalize_header(value) -> str:
    """Canonical form of a header cell: NFKC, no spaces or ``*`` markers, casefolded."""
    if value is None:
        return ""
    text = _nfkc(str(value))
    text = re.sub(r"[\s*]+", "", text)
    return text.strip(":").casefold()


def _strip_notes(text: str) -> str:
    """``身份证号(必填)`` → ``身份证号``."""
    return _NOTE_BRACKETS.sub("", text).strip(":")


class _HeaderMatcher:
    def __init__(self, spec: SheetSpec):
        self.exact: dict[str, Column] = {}
        loose: dict[str, set[str]] = {}
        by_key = {c.key: c for c in spec.columns}
        for col in spec.columns:
            for name in (col.label, *col.synonyms):
                norm = normalize_header(name)
                if norm:
                    self.exact.setdefault(norm, col)
                    loose.setdefault(_strip_notes(norm), set()).add(col.key)
        # A bracket-less form is only usable when it identifies one column.
        self.loose = {k: by_key[next(iter(v))] for k, v in loose.items() if k and len(v) == 1}

    def match(self, value) -> Column | None:
        norm = normalize_header(value)
        if not norm:
            return None
        col = self.exact.get(norm)
        if col is None:
            stripped = _strip_notes(norm)
            col = self.exact.get(stripped) or self.loose.get(stripped)
        return col


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    cached = getattr(ws, "_spreadsheet_merges", None)
    if cached is not None:
        return cached
    merged = getattr(ws, "merged_cells", None)
    if merged is not None:
        ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in merged.ranges]
    elif hasattr(ws, "_get_source"):
        with ws._get_source() as src:
            ranges = _scan_merges(src)
    else:
        ranges = []
    ranges.sort()
    with contextlib.suppress(AttributeError):
        ws._spreadsheet_merges = ranges
    return ranges


def _iter_rows(
    ws, min_row: int, max_col: int | None, max_row: int | None = None, *, horizontal=True
):
    """Yield ``(excel_row, values)``; values of merged cells are the top-left value.

    Only merges whose top-left cell is at or below ``min_row`` are applied, so a
    header merged downwards never leaks into data rows.  With
    ``horizontal=False`` only the first column of a merge is filled (used for
    header detection: a header cell merged across two columns is one header)."""
    width = max_col or MAX_HEADER_COLUMNS
    pending = deque(m for m in _merged_ranges(ws) if m[0] >= min_row and m[1] <= width)
    active: list[tuple[tuple[int, int, int, int], object]] = []
    rows = ws.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col, values_only=True)
    try:
        for offset, values in enumerate(rows):
            r = min_row + offset
            if (pending and pending[0][0] <= r) or active:
                values = list(values)
                while pending and pending[0][0] <= r:
                    m = pending.popleft()
                    c = m[1]
                    active.append((m, values[c - 1] if c <= len(values) else None))
                still = []
                for m, value in active:
                    if m[2] < r:
                        continue
                    still.append((m, value))
                    last = min(m[3] if horizontal else m[1], width)
                    if len(values) < last:
                        values.extend([None] * (last - len(values)))
                    for c in range(m[1], last + 1):
                        if r != m[0] or c != m[1]:
                            values[c - 1] = value
                active = still
            yield r, values
    except SpreadsheetError:
        raise
    except Exception:
        # Read-only workbooks parse lazily, so damage shows up here.
        raise _corrupt() from None


def locate_header(ws, spec: SheetSpec, scan_rows: int = 15) -> tuple[int, dict[int, Column]]:
    """Find the header row among the first ``scan_rows`` rows.

    Returns ``(excel_row, {column_index (1-based): Column})``.  Title rows above
    the header, decorated headers (``*姓名``, ``身份证号（必填）``), synonyms and
    unknown extra columns are all tolerated.  Raises :class:`SpreadsheetError`
    naming missing required headers."""
    matcher = _HeaderMatcher(spec)
    required = {c.key for c in spec.required_columns}
    best: tuple[int, int, dict[int, Column]] | None = None  # (score, row, mapping)
    duplicates: dict[int, list[str]] = {}
    if ws.max_row is None:  # read-only: rows are ragged, stop after scan_rows
        last_row, last_col = scan_rows, None
    else:  # normal mode: do not create cells outside the used range
        last_row = min(scan_rows, ws.max_row)
        last_col = min(ws.max_column, MAX_HEADER_COLUMNS)
    for r, values in _iter_rows(ws, 1, last_col, max_row=last_row, horizontal=False):
        if r > scan_rows:
            break
        mapping: dict[int, Column] = {}
        seen: dict[str, int] = {}
        dupes = []
        for idx, value in enumerate(values[:MAX_HEADER_COLUMNS], start=1):
            col = matcher.match(value) if isinstance(value, str) else None
            if col is None:
                continue
            if col.key in seen:
                dupes.append(col.label)
                continue
            seen[col.key] = idx
            mapping[idx] = col
        if not mapping:
            continue
        duplicates[r] = dupes
        score = len(mapping) + 1000 * len(required & seen.keys())
        if best is None or score > best[0]:
            best = (score, r, mapping)

    if best is None:
        raise SpreadsheetError(
            gettext(
                "No header row was found in sheet “%(sheet)s”. The first rows should contain "
                "column headers such as: %(labels)s."
            )
            % {"sheet": ws.title, "labels": "、".join(c.label for c in spec.columns[:8])},
            code="no_header",
        )
    _score, row, mapping = best
    found = {c.key for c in mapping.values()}
    missing = [c.label for c in spec.required_columns if c.key not in found]
    if missing:
        raise SpreadsheetError(
            gettext("Required columns are missing from the header row (row %(row)s): %(labels)s.")
            % {"row": row, "labels": "、".join(missing)},
            code="missing_headers",
        )
    if duplicates.get(row):
        raise SpreadsheetError(
            gettext("Column “%(label)s” appears more than once in the header row (row %(row)s).")
            % {"label": duplicates[row][0], "row": row},
            code="duplicate_header",
        )
    return row, mapping


def find_sheet(wb, spec: SheetSpec, sheet_name: str | None = None):
    """Pick the worksheet to import: ``sheet_name`` if given, else a sheet titled
    ``spec.title``, else the first visible sheet with a usable header.

    Returns ``(worksheet, header_row, mapping)``."""
    if sheet_name is not None:
        if sheet_name not in wb.sheetnames:
            raise SpreadsheetError(
                gettext("The workbook has no sheet named “%(name)s”.") % {"name": sheet_name},
                code="sheet_not_found",
            )
        ws = wb[sheet_name]
        return (ws, *locate_header(ws, spec))
    wanted = normalize_header(spec.title)
    sheets = [
        ws
        for ws in wb.worksheets
        if getattr(ws, "sheet_state", "visible") == "visible"
        and ws.title != INSTRUCTIONS_SHEET_TITLE
    ] or list(wb.worksheets)
    sheets.sort(key=lambda ws: normalize_header(ws.title) != wanted)
    first_error = None
    for ws in sheets:
        try:
            return (ws, *locate_header(ws, spec))
        except SpreadsheetError as exc:
            if exc.code == "corrupt":
                raise
            if first_error is None or (first_error.code == "no_header" and exc.code != "no_header"):
                first_error = exc
    if first_error is None:
        raise _corrupt()
    raise first_error


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _too_many_rows(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        gettext("The sheet has more than %(max)s data rows. Split it into smaller files.")
        % {"max": limit},
        code="too_many_rows",
    )


def iter_records(
    ws,
    spec: SheetSpec,
    *,
    header: tuple[int, dict[int, Column]] | None = None,
    max_rows: int | None = None,
) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield ``(excel_row, {key: raw_value})`` for every non-blank data row.

    A row is blank when every mapped column is empty.  Columns of ``spec`` not
    present in the sheet are omitted from the dict.  ``header`` is the result
    of :func:`locate_header` (computed if not given).  More than ``max_rows``
    data rows raises :class:`SpreadsheetError`."""
    header_row, mapping = header or locate_header(ws, spec)
    limit = (
        max_rows
        or getattr(ws.parent, "_spreadsheet_max_rows", None)
        or _setting("SPREADSHEET_MAX_ROWS", DEFAULT_MAX_ROWS)
    )
    items = [(idx - 1, col.key) for idx, col in sorted(mapping.items())]
    max_col = max(mapping)
    # Rows iterated are bounded too, so a sheet of a million styled blank rows
    # cannot keep a worker busy.
    scan_limit = header_row + 2 * limit + 1000
    count = 0
    for r, values in _iter_rows(ws, header_row + 1, max_col):
        n = len(values)
        record = {key: (values[i] if i < n else None) for i, key in items}
        if all(_blank(v) for v in record.values()):
            if r > scan_limit:
                raise _too_many_rows(limit)
            continue
        count += 1
        if count > limit:
            raise _too_many_rows(limit)
        yield r, record
