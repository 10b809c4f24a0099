"""The roster import (花名册导入), set-based so that 50 000 rows are checked and saved in one go.

The generic `Importer` runs each row through the form and the service in a savepoint; for a
roster that is a minute of work per ten thousand members. This importer keeps the generic
interface (run / error_workbook / count_rows / template, so the upload page, the background
jobs and `import_xlsx members FILE --org CODE` work unchanged) and checks the same rules in bulk:

- every row: the cells parsed as any ledger's are (full-width digits, stray spaces, 2015.03 and
  2015年3月 dates, Excel serials, 15-digit and lower-case-x ID numbers), then held to
  `rules.clean_member`, the very function the member form uses;
- the union a row names (所属工会代码) must lie in the chosen union's subtree, within the
  importer's scope (one query for the whole subtree); a blank code means the chosen union;
- an ID number repeated in the file names the first row that has it;
- an ID number already held by an active (or retained) member is refused with the services'
  message, naming no other union's data: one query for all numbers of the file;
- nothing is saved unless every row passes. Saving (`commit`) writes the members with
  PostgreSQL COPY while the rows are still being read and checked, so the database works while
  Python parses; the members' 入会 ledger entries and the history events of both (in the
  importer's history context, source "import") follow, all in one transaction, rolled back if
  any row fails. The database's partial unique index has the last word: if a member with one of
  the numbers is saved meanwhile, the whole import is rolled back and its rows are named.
  Checking (`commit=False`, the preview) writes nothing.
"""

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.ledgers import PREVIEW_ROWS, ImportContext, Importer, ImportOutcome
from apps.core.models import Employer, UnionOrg
from apps.core.scoping import OutOfScope
from apps.core.services import history_context
from apps.core.xlsx import (
    CellError,
    SpreadsheetError,
    count_sheet_rows,
    find_sheet,
    iter_records,
    open_workbook,
    parse_bool,
    parse_choice,
    parse_date,
    parse_id_text,
    parse_text,
)
from apps.core.xlsx.columns import BOOL, DATE, ID_TEXT
from apps.core.xlsx.parsing import normalize

from .bulk import copy_rows, insert_joins, name_pinyin
from .choices import HOLDING_STATUSES, ChangeReason, IdType, MemberStatus
from .models import Member
from .rules import clean_member
from .services import ALREADY_MEMBER
from .tasks import build_recent_tallies

# ---------------------------------------------------------------------------------------------
# The roster
# ---------------------------------------------------------------------------------------------

# Member fields written by the import, in COPY order (the rest take their defaults).
MEMBER_FIELDS = (
    "id",
    "union_id",
    "name",
    "name_pinyin",
    "name_initials",
    "id_type",
    "id_number",
    "birth_date",
    "sex",
    "ethnicity",
    "education",
    "political_status",
    "phone",
    "employer_id",
    "work_unit",
    "employment",
    "skill_level",
    "household_type",
    "is_migrant",
    "new_form_group",
    "joined_on",
    "card_no",
    "status",
    "status_since",
)

# Where clean_member's field errors are shown: the sheet column of the field.
FIELD_COLUMN = {"union": "union_code"}
TEXT_LIMITS = {
    name: Member._meta.get_field(name).max_length
    for name in ("name", "id_number", "card_no", "work_unit")
}
DEFAULTS = {
    key: Member._meta.get_field(key).get_default()
    for key in ("ethnicity", "political_status", "employment", "skill_level", "household_type")
}


@dataclass(eq=False)
class MemberImporter(Importer):
    """The roster importer: `run` checks and saves a whole roster set-based (module docstring)."""

    process_row: Callable | None = None
    needs_org: bool = True
    aliases: Callable = dict  # () -> {column key: {normalised spelling: code}}

    def run(self, data, *, user, org=None, commit, progress=None):
        if org is None:
            raise SpreadsheetError(_("Choose the union the roster belongs to."), code="no_org")
        if not getattr(user, "can_edit", False):
            raise PermissionDenied
        if not UnionOrg.objects.visible_to(user).filter(pk=org.pk).exists():
            raise OutOfScope
        workbook = open_workbook(data)
        try:
            sheet, header_row, mapping = find_sheet(workbook, self.sheet)
            rows = max(0, _row_count(sheet) - header_row)  # at least the data rows
            roster = Roster(self, user=user, org=org, expected=rows, progress=progress)
            records = iter_records(sheet, self.sheet, header=(header_row, mapping))
            saved = roster.save(records) if commit else roster.check(records)
            sheet_title = sheet.title
        finally:
            workbook.close()
        if not roster.total:
            raise SpreadsheetError(
                _("Sheet “%(sheet)s” has a header row but no data rows.") % {"sheet": sheet_title},
                code="no_data",
            )
        if progress:
            progress(roster.total, roster.total)
        return ImportOutcome(
            header_row=header_row,
            sheet_title=sheet_title,
            total=roster.total,
            errors=roster.errors,
            preview=roster.preview,
            saved=saved,
        )

    def count_rows(self, data, *, filename=None):
        workbook = open_workbook(data, filename=filename)
        try:
            sheet, header_row, _mapping = find_sheet(workbook, self.sheet)
            return count_sheet_rows(sheet, header_row=header_row)
        finally:
            workbook.close()


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _row_count(sheet):
    """Rows of a sheet: known in normal mode; in streaming mode (large files, whose declared
    dimensions are not trusted) counted from the sheet's XML without parsing it."""
    if sheet.max_row is not None:
        return sheet.max_row
    if not hasattr(sheet, "_get_source"):
        return 0
    count, tail = 0, b""
    with sheet._get_source() as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            count += len(_ROW_TAG.findall(data))
            tail = data[-16:]
            count -= len(_ROW_TAG.findall(tail))
    return count + len(_ROW_TAG.findall(tail))


def reserve_ids(model, n):
    """`n` new primary keys from the model's sequence, in one query (rows written by COPY)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, n],
        )
        return [row[0] for row in cursor.fetchall()]


class _Discard(Exception):
    """A row failed: roll back what was written."""


class Roster:
    """One roster being checked (and saved): errors by Excel row, a preview, and for each ID
    number the first row that has it."""

    def __init__(self, importer, *, user, org, expected=0, progress=None):
        self.user, self.org = user, org
        self.expected, self.progress = expected, progress
        self.labels = importer.labels
        self.context = ImportContext(user=user, labels=self.labels, org=org)
        self.columns = importer.sheet.columns
        self.aliases = importer.aliases()
        self.today = timezone.localdate()
        self.errors = {}
        self.preview = []
        self.first_row = {}  # id number → (the first row holding it, its union's pk)
        self.total = 0
        subtree = UnionOrg.objects.visible_to(user).within(org)
        self.unions = {u.code: u for u in subtree.only("id", "code", "name", "status", "path")}
        self.employers = {
            (union_id, name): pk
            for pk, name, union_id in Employer.objects.filter(union__in=subtree).values_list(
                "pk", "name", "union_id"
            )
        }
        self.parsers = {column.key: self._parser(column) for column in self.columns}
        self.writing = False  # while COPY reads, the connection is busy: no progress queries

    # --- cells ---------------------------------------------------------------------------

    def _parser(self, column):
        """A cached parser per column: rosters repeat the same dates and choices endlessly."""
        if column.key in self.aliases:
            aliases, choices = self.aliases[column.key], column.choices

            def parse(value):
                key = normalize(str(value)).replace(" ", "").casefold()
                if key in aliases:
                    return aliases[key] or None
                return parse_choice(value, choices)

            return _cached(parse)
        if column.kind == DATE:
            return _cached(parse_date)
        if column.kind == BOOL:
            return _cached(parse_bool)
        if column.kind == ID_TEXT:
            return parse_id_text  # ID and phone numbers: all different
        if column.key in ("name", "card_no"):
            return parse_text
        return _cached(parse_text)  # workplaces and union codes repeat

    def _parse(self, raw):
        values = dict.fromkeys(self.parsers)
        errors, failed = [], set()
        for key, value in raw.items():
            if value is None or (type(value) is str and not value.strip()):
                continue
            try:
                values[key] = self.parsers[key](value)
            except CellError as error:
                failed.add(key)
                errors.append(self._message(key, error))
        return values, errors, failed

    def _message(self, key, message):
        return _("%(column)s: %(message)s") % {"column": self.labels[key], "message": message}

    # --- rows ------------------------------------------------------------------------------

    def check_row(self, row, raw):
        self.total += 1
        values, errors, failed = self._parse(raw)
        check = self.context.row(row, errors)
        union = self.org
        code = values.pop("union_code")
        if code:
            union = check.find("union_code", code, self.unions, under=self.org, model=UnionOrg)
            if union is None:
                failed.add("union_code")
        reason = values.pop("reason") or ChangeReason.NEW_MEMBER
        values["union"] = union
        cleaned, field_errors = clean_member(values, today=self.today)
        for field, messages in field_errors.items():
            key = FIELD_COLUMN.get(field, field)
            if key in failed:
                continue  # the cell's own message says it already
            errors.extend(self._message(key, message) for message in messages)
        for field, limit in TEXT_LIMITS.items():
            text = cleaned.get(field) or ""
            if len(text) > limit:
                errors.append(
                    self._message(
                        field,
                        _("Ensure this value has at most %(limit)d characters (it has %(n)d).")
                        % {"limit": limit, "n": len(text)},
                    )
                )
        number = cleaned.get("id_number")
        if (
            number
            and "id_number" not in field_errors
            and "id_number" not in failed
            and check.unique("id_number", number)
        ):
            self.first_row[number] = (row, union and union.pk)
        if self.progress and self.total % 1000 == 0 and not self.writing:
            self.progress(self.total, max(self.total, self.expected))
        if errors:
            self.errors[row] = errors
            return None
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(self._shown(cleaned, reason))
        return cleaned, reason

    def _shown(self, cleaned, reason):
        shown = {}
        for column in self.columns:
            if column.key == "union_code":
                value = cleaned["union"].code
            elif column.key == "reason":
                value = reason
            else:
                value = cleaned.get(column.key)
            if column.choices and value not in (None, ""):
                value = dict(column.choices).get(value, value)
            elif isinstance(value, bool):
                value = "是" if value else "否"
            shown[column.label] = "" if value is None else str(value)
        return shown

    # --- the database ------------------------------------------------------------------------

    def check(self, records):
        """Check every row and the ID numbers against the database; write nothing."""
        for row, raw in records:
            self.check_row(row, raw)
        self.check_against_database()
        return 0

    def check_against_database(self):
        """Refuse ID numbers already held by a current member: one query for the whole file."""
        if not self.first_row:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id_number, union_id FROM membership_member "
                "WHERE id_number = ANY(%s) AND status = ANY(%s)",
                [list(self.first_row), [str(s) for s in HOLDING_STATUSES]],
            )
            held = cursor.fetchall()
        for number, union_id in held:
            row, union = self.first_row[number]
            message = _("Already a member of this union.") if union == union_id else ALREADY_MEMBER
            self.errors.setdefault(row, []).append(self._message("id_number", message))

    def save(self, records):
        """Check every row, writing the members of the rows that pass while reading on; then
        their 入会 entries and the history, all in one transaction; roll back if any row
        failed, and name the rows whose ID numbers turn out to be held already."""
        ids = itertools.chain(reserve_ids(Member, self.expected), _more_rows_than_counted())
        joins = []  # (member pk, reason of the 入会 entry)
        members = self._members(records, ids, joins)
        try:
            with transaction.atomic(), history_context(self.user, source="import"):
                self.writing = True
                copy_rows(Member, MEMBER_FIELDS, members, between=self._report)
                self.writing = False
                if self.errors:
                    raise _Discard
                insert_joins([pk for pk, _reason in joins], [r for _pk, r in joins], self.user)
                transaction.on_commit(build_recent_tallies.enqueue)
            return len(joins)
        except _Discard:
            pass
        except IntegrityError as error:
            # Saved meanwhile by someone else: read the rest, name the rows or fail the file.
            self.writing = False
            for _member in members:
                pass
            self.check_against_database()
            if not self.errors:
                raise SpreadsheetError(
                    _("The roster conflicts with records saved meanwhile; nothing was saved.")
                ) from error
            return 0
        self.check_against_database()
        return 0

    def _report(self):
        if self.progress:
            self.progress(self.total, max(self.total, self.expected))

    def _members(self, records, ids, joins):
        """The member rows to write (until a row fails; then only checking goes on)."""
        for row, raw in records:
            passed = self.check_row(row, raw)
            if passed is None or self.errors:
                continue
            cleaned, reason = passed
            pk = next(ids)
            joins.append((pk, reason))
            yield self._member_values(pk, cleaned)

    def _member_values(self, pk, cleaned):
        union = cleaned["union"].pk
        name = cleaned["name"]
        work_unit = cleaned.get("work_unit") or ""
        pinyin, initials_ = name_pinyin(name)
        return (
            pk,
            union,
            name,
            pinyin,
            initials_,
            cleaned["id_type"] or IdType.RESIDENT_ID,
            cleaned["id_number"],
            cleaned.get("birth_date"),
            cleaned["sex"],
            cleaned.get("ethnicity") or DEFAULTS["ethnicity"],
            cleaned.get("education") or "",
            cleaned.get("political_status") or DEFAULTS["political_status"],
            cleaned.get("phone") or "",
            self.employers.get((union, work_unit)),
            work_unit,
            cleaned.get("employment") or DEFAULTS["employment"],
            cleaned.get("skill_level") or DEFAULTS["skill_level"],
            cleaned.get("household_type") or DEFAULTS["household_type"],
            bool(cleaned.get("is_migrant")),
            cleaned.get("new_form_group") or "",
            cleaned["joined_on"],
            cleaned.get("card_no") or "",
            MemberStatus.ACTIVE.value,
            cleaned["joined_on"],
        )


def _more_rows_than_counted():
    raise RuntimeError("the sheet has more rows than were counted")
    yield


def _cached(parse):
    """Memoise a cell parser by the cell's value (and type: 1 and True are different cells)."""
    cache = {}

    def cached(value):
        key = (type(value), value)
        try:
            result = cache[key]
        except KeyError:
            try:
                result = parse(value)
            except CellError as error:
                result = error
            if len(cache) < 50_000:
                cache[key] = result
        if isinstance(result, CellError):
            raise result
        return result

    return cached
