"""The per-person participant import (参赛人员名单), set-based as the membership roster's: a
city-scale competition names tens of thousands of workers. Every row is checked with the same
rules in one pass over the file (the competition open for entries and in scope, the employer in
scope, the name given); when every row passes, the people are written with COPY, the missing
participations created and each employer's 人次 raised to the people named, all in one
transaction; a bad row lists the row and reason and nothing is saved. Registered with the
other competition ledgers in `spreadsheets.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.core.ledgers import (
    PREVIEW_ROWS,
    Importer,
    ImportOutcome,
)
from apps.core.models import Employer
from apps.core.services import history_context
from apps.core.xlsx import (
    CellError,
    SpreadsheetError,
    find_sheet,
    iter_records,
    open_workbook,
    parse_cell,
)

from .models import (
    Competition,
    Participant,
    Participation,
)
from .rules import entry_errors


@dataclass(eq=False)
class ParticipantImporter(Importer):
    """参赛人员名单: checked in one pass, saved with COPY when every row passes (this module's
    docstring). Keeps the generic interface (run / template / count_rows / error_workbook)."""

    process_row: Callable | None = None

    def run(self, data, *, user, org=None, commit, progress=None):
        if not getattr(user, "can_edit", False):
            raise PermissionDenied
        workbook = open_workbook(data)
        try:
            sheet, header_row, mapping = find_sheet(workbook, self.sheet)
            batch = _ParticipantBatch(self, user)
            for row, raw in iter_records(sheet, self.sheet, header=(header_row, mapping)):
                batch.check_row(row, raw)
            sheet_title = sheet.title
        finally:
            workbook.close()
        if not batch.rows and not batch.errors:
            raise SpreadsheetError(
                _("Sheet “%(sheet)s” has a header row but no data rows.") % {"sheet": sheet_title},
                code="no_data",
            )
        saved = 0
        if commit and not batch.errors:
            saved = batch.save()
        return ImportOutcome(
            header_row=header_row,
            sheet_title=sheet_title,
            total=len(batch.rows) + len(batch.errors),
            errors=batch.errors,
            preview=batch.preview,
            saved=saved,
        )


class _ParticipantBatch:
    def __init__(self, importer, user):
        self.importer = importer
        self.user = user
        self.labels = importer.labels
        self.columns = importer.sheet.columns
        self.errors, self.rows, self.preview = {}, [], []
        self.competitions = {}  # id -> competition or None
        employers = Employer.objects.visible_to(user).values_list("pk", "credit_code", "name")
        self.by_code, self.by_name = {}, {}
        for pk, code, name in employers.iterator(chunk_size=5000):
            if code:
                self.by_code[code] = pk
            self.by_name.setdefault(name, pk)

    def _competition(self, pk):
        if pk not in self.competitions:
            found = Competition.objects.visible_to(self.user).filter(pk=pk).first()
            self.competitions[pk] = found
        return self.competitions[pk]

    def check_row(self, row, raw):
        parsed, errors = {}, []
        for column in self.columns:
            value = raw.get(column.key)
            try:
                parsed[column.key] = parse_cell(column, value)
            except CellError as error:
                errors.append(f"{column.label}: {error}")
                continue
            if column.required and parsed[column.key] in (None, ""):
                errors.append(_("%(column)s: required") % {"column": column.label})
        if not errors:
            errors = self._check_links(parsed)
        if errors:
            self.errors[row] = errors
            return
        self.rows.append(parsed)
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(
                {
                    c.label: "" if parsed.get(c.key) is None else str(parsed[c.key])
                    for c in self.columns
                }
            )

    def _check_links(self, parsed):
        errors = []
        competition = self._competition(parsed["competition"])
        if competition is None:
            errors.append(
                _("%(column)s: no %(record)s %(value)s in your scope")
                % {
                    "column": self.labels["competition"],
                    "record": Competition._meta.verbose_name,
                    "value": parsed["competition"],
                }
            )
        else:
            errors.extend(str(m) for m in entry_errors(competition).get(None, []))
        code = (parsed.get("credit_code") or "").upper()
        name = parsed.get("employer_name") or ""
        if code:
            employer = self.by_code.get(code)
            key, value = "credit_code", code
        elif name:
            employer = self.by_name.get(name)
            key, value = "employer_name", name
        else:
            errors.append(
                _("%(name)s or %(code)s: required")
                % {"name": self.labels["employer_name"], "code": self.labels["credit_code"]}
            )
            return errors
        if employer is None:
            errors.append(
                _("%(column)s: no %(record)s %(value)s in your scope")
                % {
                    "column": self.labels[key],
                    "record": Employer._meta.verbose_name,
                    "value": value,
                }
            )
        if len(parsed["name"]) > 50:
            errors.append(_("%(column)s: at most 50 characters") % {"column": self.labels["name"]})
        parsed["employer"] = employer
        return errors

    def save(self):
        from apps.membership.bulk import copy_rows
        from apps.membership.importing import reserve_ids

        with transaction.atomic(), history_context(self.user, source="import"):
            competition_ids = sorted({row["competition"] for row in self.rows})
            locked = Competition.objects.select_for_update().filter(pk__in=competition_ids)
            for competition in locked:
                problems = entry_errors(competition)
                if problems:
                    raise ValidationError(problems[None])
            pairs = {(row["competition"], row["employer"]) for row in self.rows}
            existing = {
                (c, e): pk
                for pk, c, e in Participation.objects.filter(
                    competition_id__in=competition_ids
                ).values_list("pk", "competition_id", "employer_id")
            }
            missing = [
                Participation(competition_id=c, employer_id=e)
                for c, e in sorted(pairs - set(existing))
            ]
            for participation in Participation.objects.bulk_create(missing, batch_size=2000):
                existing[(participation.competition_id, participation.employer_id)] = (
                    participation.pk
                )
            ids = reserve_ids(Participant, len(self.rows))
            fields = ("id", "participation_id", "name", "sex", "trade", "team", "phone")
            written = copy_rows(
                Participant,
                fields,
                (
                    (
                        pk,
                        existing[(row["competition"], row["employer"])],
                        row["name"],
                        row.get("sex") or "",
                        row.get("trade") or "",
                        row.get("team") or "",
                        row.get("phone") or "",
                    )
                    for pk, row in zip(ids, self.rows, strict=True)
                ),
            )
            touched = sorted(set(existing[pair] for pair in pairs))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {Participation._meta.db_table} AS p SET workers = n.named
                    FROM (
                        SELECT participation_id, COUNT(*) AS named
                        FROM {Participant._meta.db_table}
                        WHERE participation_id = ANY(%s) GROUP BY participation_id
                    ) AS n
                    WHERE p.id = n.participation_id AND p.workers < n.named
                    """,
                    [touched],
                )
        return written
