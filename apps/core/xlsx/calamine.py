"""Uploads read with python-calamine (the Rust calamine reader), several times faster than
openpyxl's parse, behind the few openpyxl attributes :mod:`.reading` uses: a workbook's
``worksheets``, ``sheetnames`` and ``wb[name]``; a sheet's ``title``, ``sheet_state``,
``max_row``, ``max_column`` and ``iter_rows(values_only=True)``; merged cells as ranges.

:func:`open_book` is called by :func:`.opening.open_workbook` once every check on the upload
has passed, and answers None for a workbook calamine cannot safely hold or read alike
(openpyxl then opens it as before): a sheet not among the parts those checks read, a grid
over :data:`.opening.MAX_GRID_CELLS`, cells without their own position, an error value
calamine does not know (#SPILL!, #CALC! …: it would refuse the whole sheet).

Values are those openpyxl gives with ``data_only=True`` (formulas' cached values):

- calamine reads every number as a float: a whole one below 2**53 (where a float is exact) is
  an int, as openpyxl reads ``<v>12</v>``; an integer of 16 digits or more, which a float
  cannot hold (an ID number a program wrote as a number), is taken from the sheet's XML;
- a date without a time is a ``date``: here a ``datetime`` at midnight, as openpyxl gives it;
- an empty cell is ``""``: here None;
- an error value (#N/A, #DIV/0! …) is an empty cell: here its text, from the sheet's XML.

Two readings differ from openpyxl's, both as Excel shows the cell: the built-in number formats
27–36 and 50–58 (the Chinese, Japanese and Korean dates, yyyy"年"m"月"d"日" …, which Excel and
WPS in Chinese write without defining them) are dates, which openpyxl reads as plain numbers;
and ``_x000D_`` escapes in text are decoded (openpyxl leaves them in the text).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import iterparse
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from .opening import (
    _ERROR_TYPE,
    _LONG_INTEGER,
    _NS_PREFIX,
    MAX_GRID_CELLS,
    SheetScan,
    _col_number,
    _corrupt,
)

__all__ = ["CalamineBook", "CalamineSheet", "open_book"]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# (calamine's enums compare but do not hash)
_STATES = (
    (SheetVisibleEnum.Visible, "visible"),
    (SheetVisibleEnum.Hidden, "hidden"),
    (SheetVisibleEnum.VeryHidden, "veryHidden"),
)
# The error values calamine reads; any other one makes it refuse the whole sheet.
_KNOWN_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_EXACT_FLOAT = 2.0**53
_DATETIME = dt.datetime
_DATE = dt.date


def _failed(exc: BaseException) -> None:
    """Turn whatever calamine raised into the "damaged file" refusal. Rust panics reach Python
    as ``pyo3_runtime.PanicException``, a BaseException: caught too, but not a Ctrl-C."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc
    raise _corrupt() from None


# ---------------------------------------------------------------------------
# Which part holds which sheet, as calamine finds them
# ---------------------------------------------------------------------------


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str] | None:
    """{sheet name: part} of the workbook's worksheets, resolved as calamine does (it reads
    xl/workbook.xml and its relationships); None when they cannot be told."""
    try:
        with zf.open("xl/_rels/workbook.xml.rels") as fh:
            targets = {
                el.get("Id"): el.get("Target") or ""
                for _event, el in iterparse(fh)
                if el.tag == f"{_PACKAGE_REL_NS}Relationship"
            }
        with zf.open("xl/workbook.xml") as fh:
            sheets = [
                (el.get("name"), el.get(f"{_REL_NS}id"))
                for _event, el in iterparse(fh)
                if el.tag == f"{_MAIN_NS}sheet"
            ]
    except (KeyError, ParseError, ValueError):
        return None
    parts = {}
    for name, rel in sheets:
        target = targets.get(rel)
        if name is None or target is None:
            return None
        if target.startswith("/xl/"):
            path = target[1:]
        elif target.startswith("xl/"):
            path = target
        else:
            path = f"xl/{target}"
        if path.split("/")[1:2] == ["worksheets"]:
            parts[name] = path
    return parts


# ---------------------------------------------------------------------------
# Cells calamine reads unlike openpyxl, read from the sheet's XML
# ---------------------------------------------------------------------------

_CELL_START = re.compile(rb"<" + _NS_PREFIX + rb"c[\s/>]")
_CELL_END = re.compile(rb"</" + _NS_PREFIX + rb"c\s*>")
_ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_VALUE = re.compile(rb"<" + _NS_PREFIX + rb"v(?:\s[^>]*)?>([^<]*)<")
_REFERENCE = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_INTEGER = re.compile(rb"\s*[+-]?[0-9]+\s*")


class _Unreadable(Exception):
    """The sheet has a cell calamine would refuse, or one that cannot be placed."""


def _enclosing_cell(xml: bytes, pos: int) -> int | None:
    """The start of the ``<c …>`` tag around ``pos`` (in its start tag or in its ``<v>``), or
    None when ``pos`` is in no cell. Between a cell's start tag and its value there are only
    the tags of its formula (text holds no ``<``)."""
    lt = pos
    for _ in range(6):
        lt = xml.rfind(b"<", 0, lt)
        if lt < 0:
            return None
        if _CELL_START.match(xml, lt):
            return lt
        if _CELL_END.match(xml, lt) or xml.startswith(b"</row", lt):
            return None
    return None


def _cell(xml: bytes, start: int) -> tuple[tuple[int, int], dict[bytes, bytes], bytes | None]:
    """A cell's (row, column), attributes and the text of its ``<v>`` (None without one)."""
    end = xml.find(b">", start)
    if end < 0:
        raise _Unreadable
    attrs = {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTRIBUTE.finditer(xml, start, end)
    }
    ref = _REFERENCE.fullmatch(attrs.get(b"r", b""))
    if ref is None:
        raise _Unreadable
    position = (int(ref.group(2)), _col_number(ref.group(1)))
    if xml[end - 1 : end] == b"/":
        return position, attrs, None
    close = _CELL_END.search(xml, end)
    value = _VALUE.search(xml, end, close.start() if close else len(xml))
    return position, attrs, value.group(1) if value else None


def special_cells(xml: bytes) -> dict[int, dict[int, object]]:
    """{row: {column: value}} of the cells calamine reads unlike openpyxl: error values (their
    text, as openpyxl gives it) and integers of 16 digits or more (exact). Raises
    :class:`_Unreadable` for an error value calamine does not know."""
    found: dict[int, dict[int, object]] = {}
    for match in _ERROR_TYPE.finditer(xml):
        start = _enclosing_cell(xml, match.start())
        if start is None:
            continue
        (row, col), attrs, text = _cell(xml, start)
        if attrs.get(b"t") != b"e":
            continue
        value = text.decode("utf-8", "replace") if text is not None else None
        if value is not None and value not in _KNOWN_ERRORS:
            raise _Unreadable
        found.setdefault(row, {})[col] = value
    for match in _LONG_INTEGER.finditer(xml):
        start = _enclosing_cell(xml, match.start())
        if start is None:
            continue
        (row, col), attrs, text = _cell(xml, start)
        if attrs.get(b"t", b"n") != b"n" or text is None or not _INTEGER.fullmatch(text):
            continue
        found.setdefault(row, {})[col] = int(text)
    return found


# ---------------------------------------------------------------------------
# The workbook and its sheets
# ---------------------------------------------------------------------------


def open_book(data: bytes, scans: dict[str, SheetScan]) -> CalamineBook | None:
    """The upload (already checked, see :func:`.opening.open_workbook`) opened with calamine,
    or None when openpyxl should read it (this module's docstring)."""
    cells = [scan.grid_cells for scan in scans.values()]
    if None in cells or sum(cells) > MAX_GRID_CELLS:
        return None
    specials = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = _sheet_parts(zf)
            if parts is None or any(path not in scans for path in parts.values()):
                return None
            for name, path in parts.items():
                if scans[path].special:
                    specials[name] = special_cells(zf.read(path))
    except _Unreadable:
        return None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        raise _corrupt() from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = [m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    except BaseException as exc:
        _failed(exc)
    if any(m.name not in parts for m in metadata):
        book.close()
        return None
    return CalamineBook(book, metadata, specials)


def _state(visible) -> str:
    return next((state for value, state in _STATES if value == visible), "visible")


class CalamineBook:
    """An upload read by calamine, shaped like the openpyxl workbooks :mod:`.reading` reads."""

    def __init__(self, book: CalamineWorkbook, metadata, specials):
        self._book = book
        self.worksheets = [
            CalamineSheet(self, m.name, _state(m.visible), specials.get(m.name)) for m in metadata
        ]

    @property
    def sheetnames(self) -> list[str]:
        return [ws.title for ws in self.worksheets]

    def __getitem__(self, name: str) -> CalamineSheet:
        for ws in self.worksheets:
            if ws.title == name:
                return ws
        raise KeyError(name)

    def _load(self, name: str):
        if self._book is None:
            raise _corrupt()
        try:
            return self._book.get_sheet_by_name(name)
        except BaseException as exc:
            _failed(exc)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None
        for ws in self.worksheets:
            ws._sheet = None


class CalamineSheet:
    """One worksheet; calamine reads it on first use (its values, its merged cells)."""

    def __init__(self, parent: CalamineBook, title: str, state: str, special):
        self.parent = parent
        self.title = title
        self.sheet_state = state
        self._special = special or {}
        self._sheet = None
        self._merges = None

    def __repr__(self):
        return f"<CalamineSheet {self.title!r}>"

    def _grid(self):
        if self._sheet is None:
            self._sheet = self.parent._load(self.title)
        return self._sheet

    @property
    def max_row(self) -> int:
        end = self._grid().end
        return 0 if end is None else end[0] + 1

    @property
    def max_column(self) -> int:
        end = self._grid().end
        return 0 if end is None else end[1] + 1

    @property
    def merges(self) -> list[tuple[int, int, int, int]]:
        """``(min_row, min_col, max_row, max_col)`` of every merge, 1-based, sorted."""
        if self._merges is None:
            try:
                ranges = self._grid().merged_cell_ranges or []
            except BaseException as exc:
                _failed(exc)
            self._merges = sorted((r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in ranges)
        return self._merges

    def iter_rows(self, min_row=1, max_row=None, max_col=None, values_only=True):
        """Every row from ``min_row`` (to ``max_row``), each a list of the values of columns A…
        (up to ``max_col``; shorter when its last cells are empty), as openpyxl gives them."""
        if not values_only:
            raise ValueError("a calamine sheet gives values only")
        grid = self._grid()
        start = grid.start
        if start is None:
            return
        lead = start[1]  # calamine's rows begin at the sheet's first used column
        keep = None if max_col is None else max(max_col - lead, 0)
        special = self._special
        try:
            for r, raw in enumerate(grid.iter_rows(), start=1):
                if r < min_row:
                    continue
                if max_row is not None and r > max_row:
                    break
                values = _values(raw if keep is None else raw[:keep])
                if lead and values:
                    values = [None] * lead + values
                if r in special:
                    values = _with_special(values, special[r], max_col)
                yield values
        except BaseException as exc:
            _failed(exc)


def _values(raw: list) -> list:
    """calamine's values as openpyxl gives them (this module's docstring)."""
    return [
        None
        if v == ""
        else int(v)
        if type(v) is float and v.is_integer() and -_EXACT_FLOAT < v < _EXACT_FLOAT
        else _DATETIME(v.year, v.month, v.day)
        if type(v) is _DATE
        else v
        for v in raw
    ]


def _with_special(values: list, cells: dict[int, object], max_col: int | None) -> list:
    for col, value in cells.items():
        if max_col is not None and col > max_col:
            continue
        if len(values) < col:
            values.extend([None] * (col - len(values)))
        values[col - 1] = value
    return values
