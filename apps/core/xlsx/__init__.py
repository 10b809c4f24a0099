"""Shared .xlsx support: templates, tolerant imports, safe exports.

See the module docstrings: ``columns`` (Column/SheetSpec), ``parsing`` (cell
parsers), ``opening`` (upload checks), ``calamine`` (uploads read with python-calamine),
``reading`` (header detection, records), ``writing`` (templates, exports), ``errors``
(error workbooks). Importing a ledger (check, preview, save) is
`apps.core.ledgers.Importer`.
"""

from .columns import KINDS, Column, SheetSpec
from .errors import error_workbook
from .parsing import (
    CellError,
    parse_bool,
    parse_cell,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_id_text,
    parse_int,
    parse_text,
)
from .reading import (
    INSTRUCTIONS_SHEET_TITLE,
    SpreadsheetError,
    count_sheet_rows,
    find_sheet,
    iter_records,
    locate_header,
    normalize_header,
    open_workbook,
    read_upload,
)
from .writing import (
    ERROR_COLUMN_LABEL,
    build_template,
    export_workbook,
    safe_value,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = [
    "ERROR_COLUMN_LABEL",
    "INSTRUCTIONS_SHEET_TITLE",
    "KINDS",
    "XLSX_CONTENT_TYPE",
    "CellError",
    "Column",
    "SheetSpec",
    "SpreadsheetError",
    "build_template",
    "count_sheet_rows",
    "error_workbook",
    "export_workbook",
    "find_sheet",
    "iter_records",
    "locate_header",
    "normalize_header",
    "open_workbook",
    "parse_bool",
    "parse_cell",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_id_text",
    "parse_int",
    "parse_text",
    "read_upload",
    "safe_value",
]
