"""Tolerant header and row reading of an opened workbook. :func:`iter_records` works the same
for workbooks read by calamine (:mod:`.calamine`) and by openpyxl, normal or read-only,
including merged cells, whose top-left value is copied to every cell of the merge. Opening and
the upload checks are in :mod:`.opening`.
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from collections.abc import Iterator

from django.utils.translation import gettext

from .calamine import CalamineSheet
from .columns import Column, SheetSpec
from .opening import (
    DEFAULT_MAX_ROWS,
    HEADER_SCAN_ROWS,
    INSTRUCTIONS_SHEET_TITLE,
    MAX_HEADER_COLUMNS,
    SpreadsheetError,
    _corrupt,
    _scan_merges,
    _setting,
    _too_many_rows,
    count_row_tags,
    open_workbook,
    read_upload,
)
from .parsing import _nfkc

__all__ = [
    "INSTRUCTIONS_SHEET_TITLE",
    "SpreadsheetError",
    "count_sheet_rows",
    "find_sheet",
    "iter_records",
    "locate_header",
    "normalize_header",
    "open_workbook",
    "read_upload",
]

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
    if isinstance(ws, CalamineSheet):
        return ws.merges
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


def locate_header(
    ws, spec: SheetSpec, scan_rows: int = HEADER_SCAN_ROWS
) -> tuple[int, dict[int, Column]]:
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


def _row_limit(ws, max_rows: int | None) -> int:
    return (
        max_rows
        or getattr(ws.parent, "_spreadsheet_max_rows", None)
        or _setting("SPREADSHEET_MAX_ROWS", DEFAULT_MAX_ROWS)
    )


def count_sheet_rows(ws, *, header_row: int = 0, max_rows: int | None = None) -> int:
    """The rows of a sheet (those above the data included), to choose between inline and
    background work, refusing a sheet with more than ``max_rows`` rows below ``header_row``.

    A loaded sheet knows its size. A streamed one (a large file, whose declared dimension is
    not trusted to be complete) has had its ``<row>`` tags counted when it was opened, without
    parsing and only up to the limit (else they are counted here so): a sheet of a million rows
    is refused after reading a fifth of it, in a fraction of a second."""
    limit = _row_limit(ws, max_rows)
    bound = header_row + limit
    counted = getattr(ws.parent, "_spreadsheet_part_rows", {})
    if ws.max_row is not None:
        rows = ws.max_row
    elif getattr(ws, "_worksheet_path", None) in counted:  # on opening, see _check_rows
        rows = counted[ws._worksheet_path]
    elif hasattr(ws, "_get_source"):
        try:
            with ws._get_source() as source:
                rows = count_row_tags(source, stop=bound)
        except SpreadsheetError:
            raise
        except Exception:
            raise _corrupt() from None
    else:
        rows = 0
    if rows > bound:
        raise _too_many_rows(limit)
    return rows


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
    limit = _row_limit(ws, max_rows)
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
