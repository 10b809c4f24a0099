"""Exporters and importers of the county's Excel ledgers (台账), one of each per record type.

Each app declares its own in its `spreadsheets.py` and registers them here; the web pages, the
background jobs and `manage.py import_xlsx` find them by kind ("orgs", "members", …).

An import runs every row through the same form and service as the web page, inside one
transaction, each row in its own savepoint. Checking a file is the same run rolled back, so the
preview sees exactly what saving would do (a row may name a parent created by an earlier row);
saving is the same run committed only when no row failed.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import override

from .xlsx import (
    CellError,
    build_template,
    count_sheet_rows,
    error_workbook,
    export_workbook,
    find_sheet,
    iter_records,
    open_workbook,
    parse_cell,
)

EXPORTERS = {}
IMPORTERS = {}
PREVIEW_ROWS = 20
SAVE_LOCK = 0x1ED6E5  # first key of the advisory locks of saving ledgers (the second: the kind)
LEDGER_LANGUAGE = "zh-hans"  # ledgers are Chinese documents whatever the UI language


def zh_choices(choices_class):
    """(code, Chinese label) pairs of a TextChoices, for sheet columns."""
    with override(LEDGER_LANGUAGE):
        return tuple((value, str(label)) for value, label in choices_class.choices)


class SpecMixin:
    """`spec` is a factory (labels are translated, so the sheet is built on first use)."""

    @cached_property
    def sheet(self):
        with override(LEDGER_LANGUAGE):
            return self.spec()

    @cached_property
    def labels(self):
        return {column.key: column.label for column in self.sheet.columns}


@dataclass(eq=False)
class Exporter(SpecMixin):
    kind: str
    title: str
    spec: Callable  # () -> SheetSpec
    filterset_class: type
    base_queryset: Callable  # (user) -> scoped queryset
    row: Callable  # (record) -> {column key: value}

    def filtered(self, user, query):
        """The rows the list page shows for this query string, for this user."""
        if isinstance(query, str):
            query = QueryDict(query)
        filterset = self.filterset_class(
            query, queryset=self.base_queryset(user), request=SimpleNamespace(user=user)
        )
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def render(self, queryset, progress=None):
        total = queryset.count() if progress else 0

        def rows():
            for n, record in enumerate(queryset.iterator(chunk_size=2000), 1):
                if progress and n % 1000 == 0:
                    progress(n, total)
                yield self.row(record)

        with override(LEDGER_LANGUAGE):
            return export_workbook(self.sheet, rows(), title=self.title)


@dataclass
class ImportContext:
    """What a row handler knows: who imports, into which organisation, and what earlier rows of
    the same file said (for duplicate checks that name the first row)."""

    user: object
    labels: dict  # {column key: Chinese header}, for messages that name the column
    org: object = None
    seen: dict = field(default_factory=dict)

    def first_seen(self, key, value, row):
        """The earlier row holding the same value for `key`, or None (and remember this one)."""
        if value in (None, ""):
            return None
        earlier = self.seen.setdefault(key, {}).get(value)
        if earlier is None:
            self.seen[key][value] = row
        return earlier

    def row(self, row, errors=None):
        """The checks of ledger row `row`, collecting their messages in `errors`."""
        return RowCheck(self, row, [] if errors is None else errors)


@dataclass
class RowCheck:
    """The two checks every importer makes of a row, said once so that every ledger words them
    alike: a value that must be unique repeats an earlier row of the file ("repeats row N"), and
    a code (or name) names no record the importer may use ("no … in your scope").

    Each appends its message, labelled with the sheet column's Chinese header, to `errors`.
    """

    context: ImportContext
    row: int
    errors: list

    def unique(self, key, value):
        """False (and "<column> repeats row N") when an earlier row of the file holds `value`
        under `key`; True otherwise, remembering this row as the first to hold it."""
        earlier = self.context.first_seen(key, value, self.row)
        if earlier is None:
            return True
        label = self.context.labels[key]
        self.errors.append(_("%(column)s repeats row %(row)d") % {"column": label, "row": earlier})
        return False

    def find(self, key, value, records, *, by="code", under=None, model=None):
        """The record `value` names in `records`, or None (and a message naming the column and
        the value). `records` is a queryset already narrowed to the importer's scope (searched
        by its field `by`), or a mapping {value: record} built for the whole file. The message
        says "in your scope", or "under <org>" when the records are those below `under`."""
        if isinstance(records, Mapping):
            found = records.get(value)
        else:
            found = records.filter(**{by: value}).first()
        if found is not None:
            return found
        noun = (model or records.model)._meta.verbose_name
        params = {"column": self.context.labels[key], "record": noun, "value": value}
        if under is None:
            message = _("%(column)s: no %(record)s %(value)s in your scope") % params
        else:
            params["org"] = under.name
            message = _("%(column)s: no %(record)s %(value)s under %(org)s") % params
        self.errors.append(message)
        return None


@dataclass
class ImportOutcome:
    header_row: int
    sheet_title: str
    total: int
    errors: dict  # {excel row: [message, …]}
    preview: list  # the first rows as {column label: shown value}
    saved: int = 0

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        """JSON-safe form kept on the job for the preview page."""
        return {
            "header_row": self.header_row,
            "sheet_title": self.sheet_title,
            "total": self.total,
            "errors": {str(row): msgs for row, msgs in sorted(self.errors.items())[:500]},
            "error_rows": len(self.errors),
            "preview": self.preview,
            "saved": self.saved,
        }


class _RowFailed(Exception):
    pass


@dataclass(eq=False)
class Importer(SpecMixin):
    kind: str
    title: str
    spec: Callable  # () -> SheetSpec
    process_row: Callable  # (context, excel_row, parsed) -> list of error messages
    needs_org: bool = False
    # (context, [(excel_row, parsed)]) -> {excel_row: [message]}: the rows that match records
    # saved before, looked up for the whole file at once (as the roster does by ID number).
    find_existing: Callable | None = None

    def template(self):
        return build_template(self.sheet)

    def run(self, data, *, user, org=None, commit, progress=None):
        """Check (and, when `commit` and every row passes, save) a whole workbook.

        Rows that match records saved before (`find_existing`) fail like any other row: an
        import only adds records, so saving them would make a second copy. Saves of one kind
        of ledger take turns (`_saves_take_turns`), so the same file saved twice at once (two
        checks of it, each confirmed) is saved once, and the other save names the rows the
        first one saved."""
        workbook = open_workbook(data)
        try:
            sheet, header_row, mapping = find_sheet(workbook, self.sheet)
            records = list(iter_records(sheet, self.sheet, header=(header_row, mapping)))
        finally:
            workbook.close()
        context = ImportContext(user=user, labels=self.labels, org=org)
        rows = [(row, *self._parse(raw)) for row, raw in records]
        errors, preview = {}, []
        with transaction.atomic():
            if commit:
                _saves_take_turns(self.kind)
            existing = self._existing(context, rows)
            for n, (row, parsed, row_errors) in enumerate(rows, 1):
                if not row_errors:
                    row_errors = existing.get(row) or self._apply(context, row, parsed)
                if row_errors:
                    errors[row] = row_errors
                elif len(preview) < PREVIEW_ROWS:
                    preview.append(self._shown(parsed))
                if progress and n % 200 == 0:
                    progress(n, len(records))
            if errors or not commit:
                transaction.set_rollback(True)
        outcome = ImportOutcome(
            header_row=header_row,
            sheet_title=sheet.title,
            total=len(records),
            errors=errors,
            preview=preview,
        )
        if commit and outcome.ok:
            outcome.saved = len(records)
        return outcome

    def _existing(self, context, rows):
        """{excel row: messages} for the rows (those whose cells parsed) that match a record
        already saved, found for the whole file at once, before any row is saved."""
        if self.find_existing is None:
            return {}
        return self.find_existing(context, [(row, parsed) for row, parsed, bad in rows if not bad])

    def error_workbook(self, data, outcome):
        return error_workbook(
            data, outcome.errors, outcome.header_row, sheet_name=outcome.sheet_title
        )

    def count_rows(self, data, *, filename=None):
        """Check that an upload is a readable ledger (raising SpreadsheetError with the reason)
        and tell roughly how many rows it has, to choose between inline and background work."""
        workbook = open_workbook(data, filename=filename)
        try:
            sheet, header_row, _mapping = find_sheet(workbook, self.sheet)
            return count_sheet_rows(sheet, header_row=header_row)
        finally:
            workbook.close()

    def _parse(self, raw):
        parsed, errors = {}, []
        for column in self.sheet.columns:
            try:
                parsed[column.key] = parse_cell(column, raw.get(column.key))
            except CellError as error:
                errors.append(f"{column.label}: {error}")
                continue
            if column.required and parsed[column.key] in (None, ""):
                errors.append(_("%(column)s: required") % {"column": column.label})
        return parsed, errors

    def _apply(self, context, row, parsed):
        try:
            with transaction.atomic():
                errors = self.process_row(context, row, parsed)
                if errors:
                    raise _RowFailed
        except _RowFailed:
            return errors
        except IntegrityError:
            return [_("Conflicts with a record already saved (a duplicate code or number).")]
        except ValidationError as error:
            # A service's own check (made again inside its transaction) names the row too.
            return validation_messages(error, context.labels)
        return []

    def _shown(self, parsed):
        return {
            c.label: "" if parsed.get(c.key) is None else str(parsed[c.key])
            for c in self.sheet.columns
        }


def _saves_take_turns(kind):
    """Hold, until the transaction ends, the lock of saving ledgers of `kind`: a save waits for
    the one before it to commit and then sees its records (read committed), so two saves of the
    same rows cannot both find them new. Checks (previews) take no lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [SAVE_LOCK, kind])


def register(*, exporters=(), importers=()):
    for exporter in exporters:
        EXPORTERS[exporter.kind] = exporter
    for importer in importers:
        IMPORTERS[importer.kind] = importer


def validation_messages(error, labels):
    """A ValidationError's messages, each prefixed with the sheet column's Chinese label."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{labels[name]}: {message}" if name in labels else str(message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def form_errors(form, labels):
    """A form's errors as import messages, each prefixed with the sheet column's Chinese label."""
    messages = []
    for name, errors in form.errors.items():
        prefix = labels.get(name)
        for error in errors:
            messages.append(f"{prefix}: {error}" if prefix else str(error))
    return messages
