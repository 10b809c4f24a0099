"""The generic two-step import engine: validate the whole file, then commit.

Typical view code::

    data = read_upload(request.FILES["file"])
    result = validate_workbook(data, MEMBER_SHEET, row_validator=clean_member)
    duplicate_check(result, lambda d: d.get("id_number"), _("Same ID number as row %(row)s."))
    if not result.ok:
        return xlsx_response(error_workbook(data, result.errors_by_row(), result.header_row,
                                            sheet_name=result.sheet_title))
    commit(result, save_members)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from .columns import SheetSpec
from .parsing import CellError, parse_cell
from .reading import SpreadsheetError, find_sheet, iter_records, open_workbook

__all__ = [
    "ImportResult",
    "RowResult",
    "RowValidator",
    "commit",
    "duplicate_check",
    "validate_workbook",
]

# (parsed_data, excel_row) -> (cleaned_data, errors)
RowValidator = Callable[[dict, int], "tuple[dict, list[str]] | dict | list[str] | None"]


@dataclass(slots=True)
class RowResult:
    """One data row.  ``row`` is the Excel row number users see; ``data`` the
    parsed (and, if valid, cleaned) values keyed by column key; ``raw`` the cell
    values as read, kept only for rows with errors (for showing them back)."""

    row: int
    data: dict
    errors: list[str] = field(default_factory=list)
    raw: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    rows: list[RowResult]
    header_row: int
    sheet_title: str = ""

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        """Number of rows with at least one error."""
        return sum(1 for r in self.rows if r.errors)

    @property
    def valid_count(self) -> int:
        return sum(1 for r in self.rows if not r.errors)

    def errors_by_row(self) -> dict[int, list[str]]:
        """``{excel_row: [messages]}`` for :func:`~.errors.error_workbook`."""
        return {r.row: list(r.errors) for r in self.rows if r.errors}

    def error_lines(self, limit: int | None = None) -> list[str]:
        """Human-readable lines such as "Row 5: 姓名: This field is required."."""
        lines = []
        for r in self.rows:
            for message in r.errors:
                lines.append(
                    gettext("Row %(row)s: %(message)s") % {"row": r.row, "message": message}
                )
                if limit is not None and len(lines) >= limit:
                    return lines
        return lines


def _validation_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _run_validator(row_validator: RowValidator, data: dict, excel_row: int):
    """Call a row validator; normalise its result to ``(data, errors)``.

    The validator returns ``(cleaned_dict, errors_list)``; for convenience a bare
    dict (no errors), a bare list (errors, data unchanged) or ``None`` are also
    accepted, and a raised ``ValidationError``/``CellError`` becomes its messages."""
    try:
        outcome = row_validator(data, excel_row)
    except ValidationError as exc:
        return data, _validation_messages(exc)
    except CellError as exc:
        return data, [str(exc)]
    if outcome is None:
        return data, []
    if isinstance(outcome, tuple) and len(outcome) == 2 and isinstance(outcome[0], dict):
        cleaned, errors = outcome
        return cleaned, [str(e) for e in (errors or [])]
    if isinstance(outcome, dict):
        return outcome, []
    if isinstance(outcome, list):
        return data, [str(e) for e in outcome]
    raise TypeError(
        "row_validator must return (cleaned_dict, errors_list), a dict, a list or None; "
        f"got {type(outcome).__name__}"
    )


def validate_workbook(
    fileobj,
    spec: SheetSpec,
    *,
    row_validator: RowValidator | None = None,
    filename: str | None = None,
    sheet_name: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    read_only: bool | None = None,
) -> ImportResult:
    """Open, check and parse an uploaded workbook; never writes anything.

    Every mapped cell goes through :func:`~.parsing.parse_cell`; failures become
    "列名: reason" messages and empty required cells "列名: This field is
    required.".  Rows without cell errors are then passed to
    ``row_validator(data, excel_row)`` which returns ``(cleaned_dict,
    errors_list)`` (see :func:`_run_validator` for accepted shorthands).  ``data``
    always has every spec key (``None`` when the column is absent or empty).

    Raises :class:`~.reading.SpreadsheetError` for files that cannot be used at
    all (wrong type, missing headers, too many rows, no data rows)."""
    wb = open_workbook(
        fileobj,
        filename=filename,
        max_bytes=max_bytes,
        max_rows=max_rows,
        read_only=read_only,
    )
    try:
        ws, header_row, mapping = find_sheet(wb, spec, sheet_name)
        columns = list(spec.columns)
        label_fmt = gettext("%(column)s: %(message)s")
        required_msg = gettext("This field is required.")
        rows: list[RowResult] = []
        for excel_row, raw in iter_records(
            ws, spec, header=(header_row, mapping), max_rows=max_rows
        ):
            data = {}
            errors = []
            for column in columns:
                value = raw.get(column.key)
                try:
                    parsed = parse_cell(column, value)
                except CellError as exc:
                    errors.append(label_fmt % {"column": column.label, "message": exc})
                    data[column.key] = None
                    continue
                if parsed is None and column.required:
                    errors.append(label_fmt % {"column": column.label, "message": required_msg})
                data[column.key] = parsed
            if not errors and row_validator is not None:
                data, errors = _run_validator(row_validator, data, excel_row)
            rows.append(RowResult(excel_row, data, errors, dict(raw) if errors else None))
        if not rows:
            raise SpreadsheetError(
                gettext("Sheet “%(sheet)s” has a header row but no data rows.")
                % {"sheet": ws.title},
                code="no_data",
            )
        return ImportResult(rows=rows, header_row=header_row, sheet_title=ws.title)
    finally:
        wb.close()


def duplicate_check(
    results: ImportResult | Iterable[RowResult],
    key_fn: Callable[[dict], object],
    message: str,
) -> int:
    """Flag rows whose ``key_fn(row.data)`` repeats an earlier row of the file.

    ``message`` may use ``%(row)s`` (the first row with that key) and
    ``%(key)s``.  Keys that are ``None``/``""`` (or where ``key_fn`` raises
    ``KeyError``/``TypeError``/``AttributeError``) are skipped.  Returns the
    number of rows flagged.  Linear time."""
    rows = results.rows if isinstance(results, ImportResult) else results
    first_seen: dict[object, int] = {}
    flagged = 0
    for row in rows:
        try:
            key = key_fn(row.data)
        except (KeyError, TypeError, AttributeError):
            continue
        if key is None or key == "":
            continue
        first = first_seen.setdefault(key, row.row)
        if first != row.row:
            row.errors.append(str(message) % {"row": first, "key": key})
            flagged += 1
    return flagged


def commit(
    result: ImportResult,
    save_rows: Callable[[list[dict]], int | None],
    *,
    using: str | None = None,
) -> int:
    """Save a fully valid import in one transaction.

    Refuses (``SpreadsheetError`` with code ``"invalid"``) unless ``result.ok``.
    ``save_rows`` receives every row's cleaned data and returns how many objects
    it saved (``None`` means ``len(rows)``).  Any exception rolls everything
    back and propagates."""
    if not result.ok:
        count = result.error_count
        raise SpreadsheetError(
            ngettext(
                "%(count)s row has errors; nothing was saved.",
                "%(count)s rows have errors; nothing was saved.",
                count,
            )
            % {"count": count},
            code="invalid",
        )
    data = [r.data for r in result.rows]
    with transaction.atomic(using=using):
        saved = save_rows(data)
    return len(data) if saved is None else int(saved)
