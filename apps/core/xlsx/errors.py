"""The error workbook: the uploaded workbook returned with a 错误原因 column naming each bad
row's problems, bad rows highlighted, the rest of the sheet unchanged."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Mapping

import openpyxl
from django.utils.translation import gettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .opening import (
    INSTRUCTIONS_SHEET_TITLE,
    SpreadsheetError,
    _choose_read_only,
    _corrupt,
    _inspect,
    read_upload,
)
from .reading import normalize_header
from .writing import (
    _ERROR_FILL,
    _NO_FILL,
    ERROR_COLUMN_LABEL,
    ERROR_FILL_RGB,
    ERROR_SEPARATOR,
    RED,
    _put,
    _save,
)

__all__ = ["error_workbook"]

# ---------------------------------------------------------------------------
# Error workbooks
# ---------------------------------------------------------------------------


def _messages(errors: Mapping[int, Iterable]) -> dict[int, str]:
    return {
        int(r): ERROR_SEPARATOR.join(str(m) for m in msgs) for r, msgs in errors.items() if msgs
    }


def _pick_sheet(wb, sheet_name: str | None):
    if sheet_name is not None:
        if sheet_name not in wb.sheetnames:
            raise SpreadsheetError(
                gettext("The workbook has no sheet named “%(name)s”.") % {"name": sheet_name},
                code="sheet_not_found",
            )
        return wb[sheet_name]
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and ws.title != INSTRUCTIONS_SHEET_TITLE:
            return ws
    return wb.worksheets[0]


def error_workbook(
    original,
    errors: Mapping[int, Iterable[str]],
    header_row: int,
    *,
    sheet_name: str | None = None,
    filename: str | None = None,
) -> bytes:
    """Return the uploaded workbook with a ``错误原因`` column added after the
    last used column: its heading in ``header_row`` and, on every row in
    ``errors`` (Excel row number → messages), the messages joined with "；";
    those rows are highlighted light red.  Everything else is left as it was.

    Pass ``sheet_name=result.sheet_title`` when the import used a sheet other
    than the first visible one.  A re-uploaded error workbook reuses its
    ``错误原因`` column (old messages and highlights are cleared).  Files large
    enough to be read in streaming mode (> 2 MB) keep their values and formulas
    but lose cell formatting."""
    data = read_upload(original)
    info = _inspect(data, filename)
    messages = _messages(errors)
    if _choose_read_only(data, info):
        return _error_workbook_streaming(data, messages, header_row, sheet_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=True)
    except Exception:
        raise _corrupt() from None
    ws = _pick_sheet(wb, sheet_name)

    wanted = normalize_header(ERROR_COLUMN_LABEL)
    err_col = None
    for cell in ws[header_row] if ws.max_row >= header_row else ():
        if isinstance(cell.value, str) and normalize_header(cell.value) == wanted:
            err_col = cell.column
            break
    if err_col is None:
        err_col = ws.max_column + 1 if ws.max_row >= 1 and ws.max_column else 1
    else:
        # Re-uploaded error workbook: clear previous messages and our highlight.
        for row in ws.iter_rows(min_row=header_row + 1, max_col=err_col):
            for cell in row:
                fill = cell.fill
                if fill.fill_type == "solid" and fill.fgColor.rgb == ERROR_FILL_RGB:
                    cell.fill = _NO_FILL
            row[err_col - 1].value = None

    head = _put(ws.cell(row=header_row, column=err_col), ERROR_COLUMN_LABEL)
    head.font = Font(bold=True, color=RED)
    ws.column_dimensions[get_column_letter(err_col)].width = 50
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, text in sorted(messages.items()):
        for c in range(1, err_col):
            ws.cell(row=r, column=c).fill = _ERROR_FILL
        cell = _put(ws.cell(row=r, column=err_col), text)
        cell.fill = _ERROR_FILL
        cell.font = Font(color=RED)
        cell.alignment = wrap
    return _save(wb)


def _error_workbook_streaming(data: bytes, messages: dict[int, str], header_row, sheet_name):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            src = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise _corrupt() from None
    try:
        target = _pick_sheet(src, sheet_name)
        out = openpyxl.Workbook(write_only=True)
        wanted = normalize_header(ERROR_COLUMN_LABEL)
        for ws in src.worksheets:
            ws.reset_dimensions()
            ws_out = out.create_sheet(ws.title)
            if ws is not target:
                for row in ws.iter_rows():
                    ws_out.append([_copy_cell(ws_out, c) for c in row])
                continue
            # First pass: last used column and an existing 错误原因 column.
            width, err_col = 0, None
            for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
                used = [i for i, v in enumerate(row, start=1) if v is not None]
                if r == header_row:
                    for i, v in enumerate(row, start=1):
                        if isinstance(v, str) and normalize_header(v) == wanted:
                            err_col = i
                            break
                if used:
                    width = max(width, used[-1])
            if err_col is None:
                err_col = width + 1
            ws_out.column_dimensions[get_column_letter(err_col)].width = 50
            for r, row in enumerate(ws.iter_rows(), start=1):
                text = messages.get(r)
                cells = [_copy_cell(ws_out, c) for c in row]
                if len(cells) < err_col:
                    cells.extend([None] * (err_col - len(cells)))
                if r == header_row:
                    head = _put(WriteOnlyCell(ws_out), ERROR_COLUMN_LABEL)
                    head.font = Font(bold=True, color=RED)
                    cells[err_col - 1] = head
                elif text:
                    cells = [c if c is not None else WriteOnlyCell(ws_out) for c in cells]
                    for c in cells:
                        c.fill = _ERROR_FILL
                    cell = _put(cells[err_col - 1], text)
                    cell.font = Font(color=RED)
                else:
                    cells[err_col - 1] = None
                ws_out.append(cells)
        return _save(out)
    except SpreadsheetError:
        raise
    except Exception:
        raise _corrupt() from None
    finally:
        src.close()


def _copy_cell(ws_out, cell):
    value = getattr(cell, "value", None)
    if value is None:
        return None
    out = WriteOnlyCell(ws_out, value=value)
    if cell.data_type == "s":
        out.data_type = "s"
    fmt = getattr(cell, "number_format", None)
    if fmt and fmt != "General":
        out.number_format = fmt
    return out
