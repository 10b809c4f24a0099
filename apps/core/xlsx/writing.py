"""Writing .xlsx files: blank templates, streamed exports and error workbooks.

Every value goes through :func:`safe_value`, which neutralises spreadsheet
formula injection (OWASP "CSV injection") and strips characters Excel rejects.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

import openpyxl
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import BOOL, CHOICE, DATE, DECIMAL, ID_TEXT, INT, Column, SheetSpec
from .opening import (
    INSTRUCTIONS_SHEET_TITLE,
)

__all__ = [
    "ERROR_COLUMN_LABEL",
    "build_template",
    "export_workbook",
    "safe_value",
]

ERROR_COLUMN_LABEL = "错误原因"
ERROR_SEPARATOR = "；"
EXCEL_MAX_ROW = 1_048_576
MAX_CELL_CHARS = 32_767
INLINE_LIST_LIMIT = 250

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DECIMAL_FORMAT = "0.00"
TEXT_FORMAT = "@"

RED = "FFC00000"
ERROR_FILL_RGB = "FFFFC7CE"
_HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
_ERROR_FILL = PatternFill("solid", fgColor=ERROR_FILL_RGB)
_NO_FILL = PatternFill(fill_type=None)
_BOLD = Font(bold=True)
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_LONG_DIGITS = re.compile(r"^[+-]?\d{11,}[Xx]?$")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def safe_value(value):
    """Return ``value`` in a form that is safe to put in a cell.

    * text starting with ``= + - @``, tab or CR gets a leading ``'`` so no
      spreadsheet program treats it as a formula (written as a string cell);
    * control characters Excel cannot store are removed, text is capped at
      32 767 characters;
    * aware datetimes become naive local time (Excel has no time zones);
    * integers Excel cannot hold exactly (16+ digits) become text;
    * NaN/infinity become empty; other objects become their ``str()``.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, int):
        return str(value) if abs(value) >= 10**15 else value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if not isinstance(value, str):
        value = str(value)
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(_FORMULA_PREFIXES):
        value = "'" + value
    return value[:MAX_CELL_CHARS]


def _auto_format(value) -> str | None:
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, Decimal):
        return DECIMAL_FORMAT
    if isinstance(value, str) and _LONG_DIGITS.match(value):
        return TEXT_FORMAT
    return None


def _put(cell, value, number_format: str | None = None, *, is_safe: bool = False):
    """Assign a value to a (normal or write-only) cell safely."""
    if not is_safe:
        value = safe_value(value)
    cell.value = value
    if isinstance(value, str):
        # Never a formula (or an error literal such as "#N/A").
        cell.data_type = "s"
    fmt = number_format or _auto_format(value)
    if fmt and value is not None:
        cell.number_format = fmt
    return cell


class _Exporter:
    """Per-column conversion of Python values to cell values."""

    def __init__(self, column: Column):
        self.column = column
        self.labels = {str(code): label for code, label in column.choices}

    def convert(self, value):
        kind = self.column.kind
        if value is None or value == "":
            return None, None
        if kind == CHOICE:
            return self.labels.get(str(value), value), None
        if kind == BOOL and isinstance(value, bool):
            return ("是" if value else "否"), None
        if kind == DATE:
            if isinstance(value, dt.datetime):
                if timezone.is_aware(value):
                    value = timezone.make_naive(value)
                value = value.date()
            return value, DATE_FORMAT if isinstance(value, dt.date) else None
        if kind == DECIMAL and isinstance(value, (int, float, Decimal)):
            return value, DECIMAL_FORMAT
        if kind == INT:
            return value, None
        if kind == ID_TEXT:
            return str(value), TEXT_FORMAT
        return value, None


def _sheet_title(title: str) -> str:
    cleaned = _SHEET_TITLE_BAD.sub("", str(title)).strip("'").strip()
    return cleaned[:31] or "Sheet1"


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def _kind_description(column: Column) -> str:
    return {
        "text": gettext("Text"),
        "int": gettext("Whole number, e.g. 12"),
        "decimal": gettext("Number with up to 2 decimal places, e.g. 1234.50"),
        "date": gettext("Date, e.g. 2015-03-01 (2015/3/1, 2015.03.01 and 2015年3月1日 also work)"),
        "bool": gettext("是 or 否"),
        "choice": gettext("One of the allowed values"),
        "id_text": gettext(
            "Text. Keep the column formatted as Text so long numbers keep every digit"
        ),
    }[column.kind]


def _allowed_values(column: Column) -> list[str]:
    if column.kind == CHOICE:
        return list(column.choice_labels)
    if column.kind == BOOL:
        return ["是", "否"]
    return []


def _comment_text(column: Column) -> str:
    lines = [column.label + (" (" + gettext("required") + ")" if column.required else "")]
    if column.help:
        lines.append(str(column.help))
    lines.append(_kind_description(column))
    allowed = _allowed_values(column)
    if allowed:
        lines.append(gettext("Allowed: %(values)s") % {"values": "、".join(allowed)})
    return "\n".join(lines)


def _list_validation(column: Column, letter: str) -> DataValidation | None:
    allowed = _allowed_values(column)
    if not allowed or any("," in v or '"' in v for v in allowed):
        return None
    formula = '"' + ",".join(allowed) + '"'
    if len(formula) > INLINE_LIST_LIMIT:
        return None
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=column.label,
        error=gettext("Choose one of the values in the list.")[:255],
    )
    dv.add(f"{letter}2:{letter}{EXCEL_MAX_ROW}")
    return dv


def build_template(spec: SheetSpec) -> bytes:
    """A blank import template: header row (required columns marked with a red
    ``*``), help comments, column formats (Text for ID-like columns so Excel
    keeps every digit), drop-down lists for short choice lists, and a
    ``填写说明`` sheet describing every column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _sheet_title(spec.title)
    for idx, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(idx)
        cell = ws.cell(row=1, column=idx)
        if column.required:
            cell.value = CellRichText(
                TextBlock(InlineFont(b=True, color=RED), "*"),
                TextBlock(InlineFont(b=True), column.label),
            )
        else:
            cell.value = column.label
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        cell.comment = Comment(_comment_text(column), "UnionPortal", height=160, width=260)
        dim = ws.column_dimensions[letter]
        dim.width = column.width
        fmt = {ID_TEXT: TEXT_FORMAT, DATE: DATE_FORMAT, DECIMAL: DECIMAL_FORMAT}.get(column.kind)
        if fmt:
            dim.number_format = fmt
        dv = _list_validation(column, letter)
        if dv is not None:
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30

    notes = wb.create_sheet(INSTRUCTIONS_SHEET_TITLE)
    headings = [
        gettext("Column"),
        gettext("Required"),
        gettext("Format"),
        gettext("Allowed values"),
        gettext("Notes"),
    ]
    for idx, (heading, width) in enumerate(
        zip(headings, (20, 10, 40, 40, 40), strict=True), start=1
    ):
        _put(notes.cell(row=1, column=idx), heading).font = _BOLD
        notes.cell(row=1, column=idx).fill = _HEADER_FILL
        notes.column_dimensions[get_column_letter(idx)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, column in enumerate(spec.columns, start=2):
        values = [
            column.label,
            gettext("Yes") if column.required else gettext("No"),
            _kind_description(column),
            "、".join(_allowed_values(column)),
            str(column.help),
        ]
        for idx, value in enumerate(values, start=1):
            _put(notes.cell(row=r, column=idx), value or None).alignment = wrap
        if column.required:
            notes.cell(row=r, column=1).font = Font(bold=True, color=RED)
    tips_row = len(spec.columns) + 3
    tips = [
        gettext("Fill in the data from row 2 of sheet “%(sheet)s”; do not change the header row.")
        % {"sheet": ws.title},
        gettext("Columns marked * are required."),
        gettext("Extra columns are ignored. Blank rows are skipped."),
    ]
    for offset, tip in enumerate(tips):
        _put(notes.cell(row=tips_row + offset, column=1), tip)
    return _save(wb)


# ---------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------


def export_workbook(
    spec: SheetSpec,
    rows: Iterable[Mapping],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> bytes:
    """Stream ``rows`` (dicts keyed by column key) into an .xlsx and return it.

    Uses a write-only workbook, so memory stays flat for 100 000+ rows (``rows``
    may be a generator / ``queryset.values().iterator()``).  ``title`` overrides
    the sheet name; ``caption`` adds a bold title row above the header (the
    importer skips it, so exports can be re-imported).  Choice codes are written
    as labels, booleans as 是/否, dates as dates, decimals as numbers with
    ``0.00``, ID-like columns as text."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(title or spec.title))
    columns = list(spec.columns)
    exporters = [_Exporter(c) for c in columns]
    for idx, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = column.width
    # Sheet-level settings must be in place before the first row is streamed.
    ws.freeze_panes = "A3" if caption else "A2"
    if caption:
        cell = _put(WriteOnlyCell(ws), caption)
        cell.font = Font(bold=True, size=14)
        ws.append([cell])
    header = []
    for column in columns:
        cell = _put(WriteOnlyCell(ws), column.label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        header.append(cell)
    ws.append(header)
    for row in rows:
        out = []
        for column, exporter in zip(columns, exporters, strict=True):
            value, fmt = exporter.convert(row.get(column.key))
            value = safe_value(value)
            if value is None:
                out.append(None)
            elif (
                fmt
                or isinstance(value, (dt.date, dt.time, Decimal))
                or (isinstance(value, str) and (value in ERROR_CODES or _LONG_DIGITS.match(value)))
            ):
                out.append(_put(WriteOnlyCell(ws), value, fmt, is_safe=True))
            else:
                # Plain numbers and already-neutralised text: let openpyxl make
                # the cell (cheaper); such text can no longer start with "=".
                out.append(value)
        ws.append(out)
    return _save(wb)
