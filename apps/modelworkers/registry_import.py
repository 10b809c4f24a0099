"""The registry imports, set-based as the roster import and the competitions' participant import
are: 先进个人 (model-worker files and their honours, kind "model_workers") and 先进集体 (honoured
collectives and theirs, "honoured_collectives"). A county's registry of thousands of rows is
checked in one pass and saved in a handful of statements, not a form, a service and a dozen
queries per row. Each keeps the spec, template and error workbook of `spreadsheets.py`.

A row is a recipient and, optionally, one honour of theirs. Every row is checked by the rules
the web page and the services enforce, and every failing row is named with all of its reasons:

- the cells parsed as any ledger's are, the required ones given;
- the managing union (管理工会代码) is an open union within the importer's scope, the honour
  (荣誉称号) an active type, named by name; a year, a day or a number with no honour is refused;
- 先进个人: the ID number is valid, and normalised (15 digits, a lower-case x) before anything
  looks for it; sex and birth date follow from it (`services.registry.worker_identity`); a
  person on file under a union outside the scope is refused, saying nothing more of them;
- 先进集体: a collective is found by its name within the union named; its 所属单位 is an
  employer in scope, by credit code, else by name (the first in the employers' order);
- a recipient not on file: the row's values held to the record form's own fields
  (`ModelWorkerForm`, `CollectiveForm`: lengths, choices, text cleaned as the form cleans it).
  The first row of a recipient that passes makes the record; their later rows, in this file or
  another, only add honours, as each row saved in turn would;
- the honour: the rules of `record_award` (`rules.award_errors`: a type conferred on this kind
  of recipient, its own level, no honour to one whose title was withdrawn; the year and the day
  fit; the award's own field checks; the same honour to the same recipient for the same year
  once, against the awards on file and the earlier rows).

Nothing is saved unless every row passes. Saving takes the turn of saving the ledger (as every
ledger's save does), locks the records on file that the rows name, checks against the database
as it then stands, and writes in one transaction: the new records with COPY (a file with its
treatment level and highest honour already computed, `worker_standing`, as `refresh_worker`
computes them; names' readings as `PinyinNamed.save` makes them), their awards with COPY, the
files on record whose treatment or highest honour changes updated in one statement; the history
events of all in the importer's history context (source "import"), one insert event per new
record and award, an update event per changed file. Checking (`commit=False`, the preview)
writes nothing. A record saved from another page meanwhile (the database refuses a second one)
makes the save check again once.
"""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.ledgers import (
    PREVIEW_ROWS,
    ImportContext,
    Importer,
    ImportOutcome,
    _saves_take_turns,
    register,
)
from apps.core.models import Employer, UnionOrg
from apps.core.services import history_context
from apps.core.validators import clean_text
from apps.core.xlsx import (
    CellError,
    SpreadsheetError,
    find_sheet,
    iter_records,
    open_workbook,
    parse_cell,
)
from apps.membership.bulk import copy_rows, name_pinyin
from apps.membership.importing import reserve_ids

from . import rules
from .choices import Employment
from .forms.registry import CollectiveForm, ModelWorkerForm
from .models import Collective, HonourAward, HonourType, ModelWorker
from .services.registry import (
    AWARD_CLEAN_EXCLUDE,
    already_held,
    award_date_errors,
    member_links,
    new_award,
    worker_identity,
    worker_standing,
)
from .spreadsheets import collective_spec, worker_spec

# The cells of a row's honour: when one failed to parse, its message says all.
HONOUR_CELLS = {"year", "conferred_on", "level", "document_no", "certificate_no", "deeds"}
# The honour's cells an award is made of (the level is checked against the type).
AWARD_CELLS = ("year", "conferred_on", "document_no", "certificate_no", "deeds")
# Cells and form fields whose values differ from row to row: not worth remembering.
UNIQUE_CELLS = {"name", "id_number", "phone", "deeds"}
UNIQUE_VALUES = {"name", "phone"}
# An award's columns written by COPY, in order (the recipient's is added; the rest take their
# defaults).
AWARD_COLUMNS = (
    "id",
    "honour_type_id",
    "level",
    "year",
    "conferred_on",
    "document_no",
    "certificate_no",
    "recommended_by",
    "deeds",
    "source",
    "entered_by_id",
)


# What `refresh_worker` saves of a file on record.
REFRESHED_FIELDS = ["treatment_level", "top_award", "name_pinyin", "name_initials", "updated_at"]
# Service and form field names → the sheet column that holds them, for messages.
FIELD_COLUMNS = {
    "org": "org_code",
    "honour_type": "honour",
    "model_worker": "honour",
    "collective": "honour",
    "union_org": "honour",
}


def labelled(error, labels):
    """A ValidationError's messages, each after the label of the sheet column that holds the
    field (the recipient's and the type's rules are said of the 荣誉称号)."""
    if not hasattr(error, "error_dict"):
        return [str(m) for m in error.messages]
    found = []
    for name, errors in error.message_dict.items():
        label = labels.get(FIELD_COLUMNS.get(name, name))
        found.extend(f"{label}: {m}" if label else str(m) for m in errors)
    return found


def row_honour(check, data, types):
    """The honour type the row names (of `types`, {name: active type}), or None when the row
    names none; a year, a day, a number or a level with no honour is refused."""
    name = data.get("honour")
    if not name:
        for key in ("year", "conferred_on", "document_no", "certificate_no", "level"):
            if data.get(key) not in (None, ""):
                check.errors.append(
                    _("%(column)s: give the honour the row's award is for")
                    % {"column": check.context.labels["honour"]}
                )
                break
        return None
    return check.find("honour", name, types, model=HonourType)


def honour_dates(data):
    """(year, day of conferment) of a row's honour: the 获得年份 given, else the 授予日期's
    year; the 授予日期 given, else 1 January of the year. ValidationError when neither is."""
    conferred_on = data.get("conferred_on")
    year = data.get("year") or (conferred_on.year if conferred_on else None)
    if year is None:
        raise ValidationError({"year": [_("Give the year of the honour.")]})
    return year, conferred_on or datetime.date(int(year), 1, 1)


@dataclass(eq=False)
class RegistryImporter(Importer):
    """A registry ledger: checked in one pass, saved in bulk when every row passes (module
    docstring). Keeps the generic interface (run / template / count_rows / error_workbook)."""

    process_row: Callable | None = None
    registry: type | None = None  # the `Registry` subclass of the ledger

    def run(self, data, *, user, org=None, commit, progress=None):
        if not getattr(user, "can_edit", False):
            raise PermissionDenied
        workbook = open_workbook(data)
        try:
            sheet, header_row, mapping = find_sheet(workbook, self.sheet)
            registry = self.registry(self, user)
            for row, raw in iter_records(sheet, self.sheet, header=(header_row, mapping)):
                registry.read(row, raw)
            sheet_title = sheet.title
        finally:
            workbook.close()
        saved = self._check_and_save(registry, commit=commit, progress=progress)
        if progress:
            progress(len(registry.rows), len(registry.rows))
        return ImportOutcome(
            header_row=header_row,
            sheet_title=sheet_title,
            total=len(registry.rows),
            errors=registry.errors,
            preview=registry.preview,
            saved=saved,
        )

    def _check_and_save(self, registry, *, commit, progress):
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    if commit:
                        _saves_take_turns(self.kind)
                    registry.check(lock=commit, progress=progress)
                    if not commit or registry.errors:
                        return 0
                    with history_context(registry.user, source="import"):
                        registry.write()
                    return len(registry.rows)
            except IntegrityError as error:
                # A record with one of the rows' keys was saved meanwhile: check again, once.
                if attempt == 2:
                    raise SpreadsheetError(
                        _("The registry conflicts with records saved meanwhile; nothing was saved.")
                    ) from error
        return 0  # pragma: no cover


@dataclass
class Row:
    """A data row as read: its cells parsed, the messages of the cells that failed."""

    number: int
    data: dict
    errors: list
    failed: set
    identity: tuple | None = None  # a person's (ID number normalised, birth date, sex)


@dataclass
class Recipient:
    """One person or collective the file names: their record (on file, or to be made by the
    row that passed first) and the honours they hold, those on file and those of earlier rows."""

    record: object
    on_file: bool
    visible: bool = True
    held: set = field(default_factory=set)  # (honour type id, year)
    awards: list = field(default_factory=list)  # awards on file, with their types
    new_awards: list = field(default_factory=list)


class Registry:
    """One registry file being checked (and saved). Subclasses say how a row names its
    recipient (`recipient_key`, `on_file`), how a new record is made (`new_record`) and what
    is written of it (`record_columns`, `record_values`)."""

    model = None
    form_class = None
    recipient_field = None  # the award's field for this kind of recipient
    record_columns = ()
    # The form's fields a row fills: {form field: (column, default)}.
    form_fields_filled = {}
    # The record's cells the award rules read: when one failed, its message says all.
    award_needs = frozenset()

    def __init__(self, importer, user):
        self.user = user
        self.labels = importer.labels
        self.columns = importer.sheet.columns
        self.shown = importer._shown
        self.context = ImportContext(user=user, labels=self.labels)
        self.rows = []
        self.form_fields = self.form_class(instance=self.model(), user=user).fields
        self.cells, self.form_values, self.awards_checked = {}, {}, {}
        self.blank = self.model(entered_by=user)
        self.types = {t.name: t for t in HonourType.objects.active()}

    # --- reading ---------------------------------------------------------------------------

    def read(self, number, raw):
        """Parse a row's cells: no queries."""
        data, errors, failed = {}, [], set()
        for column in self.columns:
            value = raw.get(column.key)
            if value is None:  # an empty cell, or a column the sheet has not
                data[column.key] = None
                if column.required:
                    errors.append(_("%(column)s: required") % {"column": column.label})
                    failed.add(column.key)
                continue
            try:
                data[column.key] = self._parse(column, value)
            except CellError as error:
                data[column.key] = None
                errors.append(f"{column.label}: {error}")
                failed.add(column.key)
                continue
            if column.required and data[column.key] in (None, ""):
                errors.append(_("%(column)s: required") % {"column": column.label})
                failed.add(column.key)
        row = Row(number, data, errors, failed)
        self.read_row(row)
        self.rows.append(row)

    def read_row(self, row):
        """What a subclass reads of a row beyond its cells, without queries."""

    def _parse(self, column, value):
        """`parse_cell`, remembered for the columns whose values repeat down a registry
        (union codes, categories, workplaces, honours, years, document numbers)."""
        if column.key in UNIQUE_CELLS:
            return parse_cell(column, value)
        key = (column.key, type(value), value)
        try:
            parsed = self.cells[key]
        except KeyError:
            try:
                parsed = parse_cell(column, value)
            except CellError as error:
                parsed = error
            self.cells[key] = parsed
        if isinstance(parsed, CellError):
            raise parsed
        return parsed

    # --- checking --------------------------------------------------------------------------

    def check(self, *, lock, progress=None):
        """Every row against the rules and the database as it stands: a fixed number of
        queries for the whole file. With `lock`, the records on file that the rows name are
        locked until the transaction ends (as `record_award` locks the record it adds to)."""
        self.errors, self.preview = {}, []
        self.new_records, self.new_awards = [], []  # in the order of the rows
        codes = {row.data["org_code"] for row in self.rows if "org_code" not in row.failed}
        self.unions = {
            union.code: union
            for union in UnionOrg.objects.visible_to(self.user)
            .open()
            .filter(code__in=codes)
            .only("id", "code", "name", "path")
        }
        self.recipients = self.on_file(lock=lock)
        self._held_on_file()
        for n, row in enumerate(self.rows, 1):
            errors = self._check_row(row)
            if errors:
                self.errors[row.number] = errors
            elif len(self.preview) < PREVIEW_ROWS:
                self.preview.append(self.shown(row.data))
            if progress and n % 1000 == 0:
                progress(n, len(self.rows))

    def on_file(self, *, lock):
        """{recipient key: Recipient} of the records on file that the rows name."""
        raise NotImplementedError

    def recipient_key(self, row, org):
        """The key the row names its recipient by, None when a cell it needs failed."""
        raise NotImplementedError

    def _held_on_file(self):
        """The awards of the records on file (those in scope), for the once-a-year rule."""
        by_pk = {r.record.pk: r for r in self.recipients.values() if r.visible}
        if not by_pk:
            return
        awards = HonourAward.objects.filter(**{f"{self.recipient_field}__in": list(by_pk)})
        for award in awards.select_related("honour_type").order_by("pk"):
            recipient = by_pk[getattr(award, f"{self.recipient_field}_id")]
            recipient.awards.append(award)
            recipient.held.add((award.honour_type_id, award.year))

    def _check_row(self, row):
        """The row's messages (none when it passes); a row that passes is taken into the
        recipients' state, as a row saved in turn would be."""
        data, errors = row.data, list(row.errors)
        check = self.context.row(row.number, errors)
        org = None
        if "org_code" not in row.failed:
            org = check.find("org_code", data["org_code"], self.unions, model=UnionOrg)
        honour_type = None
        if "honour" not in row.failed:
            honour_type = row_honour(check, data, self.types)
        extra = self.check_links(row, check)
        key = self.recipient_key(row, org)
        recipient = self.recipients.get(key) if key is not None else None
        if recipient is not None and not recipient.visible:
            errors.append(
                _("%(column)s: this person is on file with a union outside your scope")
                % {"column": self.labels["id_number"]}
            )
            return errors
        new = recipient is None
        if new:
            record = self.new_record(row, org, extra, errors)
            recipient = Recipient(record=record, on_file=False)
        award = None
        if honour_type is not None and not row.failed & (HONOUR_CELLS | self.award_needs):
            award = self._award(row, honour_type, recipient, errors)
        if errors:
            return errors
        if new:
            self.recipients[key] = recipient
            self.new_records.append(recipient)
        if award is not None:
            recipient.new_awards.append(award)
            recipient.held.add((honour_type.pk, award.year))
            self.new_awards.append((award, recipient))
        return []

    def check_links(self, row, check):
        """Records besides the union that the row names (checked, messages in `check`)."""
        return {}

    def new_record(self, row, org, extra, errors):
        """The record the row makes, its values held to the form's fields (cleaned as the form
        cleans them); a subclass sets what the service and the model derive."""
        data = row.data
        # A copy of a blank record: cheaper than a model's __init__, the same instance.
        record = copy.copy(self.blank)
        for name, (column, default) in self.form_fields_filled.items():
            if column in row.failed:
                continue
            value = data.get(column)
            value, messages = self._form_value(name, default if value in (None, "") else value)
            if messages:
                errors.extend(f"{self.labels[column]}: {m}" for m in messages)
            else:
                setattr(record, name, value)
        record.org = org
        for name, value in extra.items():
            setattr(record, name, value)
        return record

    def _form_value(self, name, value):
        """(value as the form's field cleans it, []) or (None, its messages); the values
        that repeat down a registry (categories, workplaces, posts) are cleaned once."""
        key = (name, value)
        cached = self.form_values.get(key)
        if cached is not None:
            return cached
        form_field = self.form_fields[name]
        try:
            cleaned = form_field.clean(value)
        except ValidationError as error:
            cached = (None, error.messages)
        else:
            if isinstance(cleaned, str):
                multiline = isinstance(form_field.widget, forms.Textarea)
                cleaned = clean_text(cleaned, multiline=multiline)
            cached = (cleaned, [])
        if name not in UNIQUE_VALUES:
            self.form_values[key] = cached
        return cached

    def _award(self, row, honour_type, recipient, errors):
        """The award the row records on `recipient`, checked as `record_award` checks it: the
        rules of the recipient, then the award's own checks, then once per recipient and
        year."""
        data = row.data
        record = recipient.record
        problems = rules.award_errors(
            honour_type=honour_type, **{self.recipient_field: record}, level=data.get("level")
        )
        template, own, year = self._checked_award(honour_type, data)
        for name, messages in own.items():
            problems.setdefault(name, []).extend(messages)
        if year is not None and (honour_type.pk, year) in recipient.held:
            for name, messages in already_held(record.name, honour_type, year).items():
                problems.setdefault(name, []).extend(messages)
        if problems:
            errors.extend(labelled(ValidationError(problems), self.labels))
            return None
        return copy.copy(template)

    def _checked_award(self, honour_type, data):
        """(award unsaved or None, {field: [message]}, year) for the honour's cells: its year
        and day, the award's field checks. Rows of one commendation share them: checked once."""
        key = (honour_type.pk, *(data.get(name) for name in AWARD_CELLS))
        cached = self.awards_checked.get(key)
        if cached is not None:
            return cached
        try:
            year, conferred_on = honour_dates(data)
        except ValidationError as error:
            cached = (None, error.message_dict, None)
            self.awards_checked[key] = cached
            return cached
        problems = award_date_errors(year, conferred_on)
        award = new_award(
            honour_type=honour_type,
            actor=self.user,
            year=year,
            conferred_on=conferred_on,
            document_no=data.get("document_no"),
            deeds=data.get("deeds"),
            certificate_no=data.get("certificate_no"),
        )
        try:
            # As `record_award` cleans it. The importer (entered_by) is known to exist; the
            # model's constraints and unique checks all concern the recipient or the type,
            # which `full_clean` skips there too (they are checked above, and by the database).
            award.full_clean(
                exclude=[*AWARD_CLEAN_EXCLUDE, "entered_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.setdefault(name, []).extend(messages)
        cached = (award, problems, year)
        self.awards_checked[key] = cached
        return cached

    # --- writing -----------------------------------------------------------------------------

    def write(self):
        """The new records, their awards and what follows on the records on file: inside the
        caller's transaction and history context."""
        new, awards = self.new_records, self.new_awards
        # Ids in the order of the rows, as saving row by row numbers them.
        record_ids = sorted(reserve_ids(self.model, len(new))) if new else []
        award_ids = sorted(reserve_ids(HonourAward, len(awards))) if awards else []
        for recipient, pk in zip(new, record_ids, strict=True):
            recipient.record.pk = pk
        attname = f"{self.recipient_field}_id"
        for (award, recipient), pk in zip(awards, award_ids, strict=True):
            award.pk = pk
            setattr(award, attname, recipient.record.pk)
        self.before_writing()
        copy_rows(self.model, self.record_columns, (self.record_values(r) for r in new))
        copy_rows(
            HonourAward,
            (*AWARD_COLUMNS, attname),
            ((*(getattr(a, c) for c in AWARD_COLUMNS), getattr(a, attname)) for a, _r in awards),
        )
        self.after_writing()

    def before_writing(self):
        """What follows from the awards for the records, computed before they are written."""

    def after_writing(self):
        """What follows from the awards for the records on file."""

    def record_values(self, recipient):
        record = recipient.record
        return tuple(getattr(record, column) for column in self.record_columns)


class WorkerRegistry(Registry):
    """先进个人: a person by ID number, their file, their honours."""

    model = ModelWorker
    form_class = ModelWorkerForm
    recipient_field = "model_worker"
    form_fields_filled = {
        "name": ("name", ""),
        "phone": ("phone", ""),
        "person_category": ("person_category", ""),
        "work_unit": ("work_unit", ""),
        "post": ("post", ""),
        "employment": ("employment", Employment.IN_POST),
        "hardship": ("hardship", False),
    }
    record_columns = (
        "id",
        "org_id",
        "name",
        "name_pinyin",
        "name_initials",
        "id_number",
        "sex",
        "birth_date",
        "phone",
        "member_id",
        "person_category",
        "work_unit",
        "post",
        "employment",
        "hardship",
        "treatment_level",
        "top_award_id",
        "entered_by_id",
    )

    def read_row(self, row):
        """The ID number as a file's: normalised, with the birth date and sex it gives."""
        if "id_number" in row.failed:
            return
        try:
            row.identity = worker_identity(row.data["id_number"])
        except ValidationError as error:
            row.errors.extend(labelled(error, self.labels))
            row.failed.add("id_number")

    def recipient_key(self, row, org):
        return row.identity[0] if row.identity else None

    def on_file(self, *, lock):
        """The files on record with the file's numbers (those outside the importer's scope
        with nothing of theirs read), and the member records the new ones link to."""
        numbers = {row.identity[0] for row in self.rows if row.identity}
        recipients = {}
        if numbers:
            on_file = ModelWorker.objects.filter(id_number__in=numbers).order_by("pk")
            if lock:
                on_file = on_file.select_for_update()
            workers = list(on_file)
            visible = set(
                ModelWorker.objects.visible_to(self.user)
                .filter(pk__in=[w.pk for w in workers])
                .values_list("pk", flat=True)
            )
            recipients = {
                w.id_number: Recipient(record=w, on_file=True, visible=w.pk in visible)
                for w in workers
            }
        self.members = member_links(numbers - set(recipients))
        return recipients

    def new_record(self, row, org, extra, errors):
        """The file, with what `save_worker` and the model derive: sex and birth date from
        the ID number, the member record, the name's readings."""
        worker = super().new_record(row, org, extra, errors)
        if row.identity:
            worker.id_number, worker.birth_date, worker.sex = row.identity
            worker.member_id = self.members.get(worker.id_number)
        if worker.name:
            # `PinyinNamed.save`'s readings of a person's name, computed fast and cached.
            worker.name_pinyin, worker.name_initials = name_pinyin(worker.name)
        return worker

    def before_writing(self):
        """Each new file's treatment level and highest honour, as `refresh_worker` computes
        them: written with the file (its top_award and the award's model_worker reference each
        other; both constraints are checked at commit)."""
        for recipient in self.recipients.values():
            if recipient.new_awards or not recipient.on_file:
                worker = recipient.record
                treatment, top = worker_standing(
                    worker.status, [*recipient.awards, *recipient.new_awards]
                )
                recipient.standing = (treatment, top.pk if top else None)
                if not recipient.on_file:
                    worker.treatment_level, worker.top_award_id = recipient.standing

    def after_writing(self):
        """The files on record whose treatment or highest honour the new awards change, saved
        as `refresh_worker` saves them (the name's readings made again, as the model's save
        makes them), in one statement."""
        now, changed = timezone.now(), []
        for recipient in self.recipients.values():
            worker = recipient.record
            if not (recipient.on_file and recipient.new_awards):
                continue
            if (worker.treatment_level, worker.top_award_id) != recipient.standing:
                worker.treatment_level, worker.top_award_id = recipient.standing
                worker.name_pinyin, worker.name_initials = name_pinyin(worker.name)
                worker.updated_at = now
                changed.append(worker)
        ModelWorker.objects.bulk_update(changed, REFRESHED_FIELDS, batch_size=1000)


class CollectiveRegistry(Registry):
    """先进集体: a collective by its name within its union, its record, its honours."""

    model = Collective
    form_class = CollectiveForm
    recipient_field = "collective"
    award_needs = frozenset({"kind"})
    form_fields_filled = {
        "name": ("name", ""),
        "kind": ("kind", ""),
        "parent_unit": ("parent_unit", ""),
        "leader": ("leader", ""),
        "phone": ("phone", ""),
    }
    record_columns = (
        "id",
        "org_id",
        "name",
        "name_pinyin",
        "name_initials",
        "kind",
        "employer_id",
        "parent_unit",
        "leader",
        "phone",
        "entered_by_id",
    )

    def recipient_key(self, row, org):
        if org is None or "name" in row.failed:
            return None
        return (org.pk, row.data["name"])

    def on_file(self, *, lock):
        """The collectives on file under the unions the rows name, by the names they give;
        the employers the rows name, by credit code and by name."""
        names = {row.data["name"] for row in self.rows if "name" not in row.failed}
        collectives = Collective.objects.visible_to(self.user).filter(
            org__in=list(self.unions.values()), name__in=names
        )
        if lock:
            collectives = collectives.select_for_update(of=("self",))
        recipients = {
            (c.org_id, c.name): Recipient(record=c, on_file=True)
            for c in collectives.order_by("pk")
        }
        self._employers()
        return recipients

    def _employers(self):
        values = {row.data["employer"] for row in self.rows if row.data.get("employer")}
        self.by_code, self.by_name = {}, {}
        if not values:
            return
        employers = (
            Employer.objects.visible_to(self.user)
            .filter(Q(credit_code__in=[v.upper() for v in values]) | Q(name__in=values))
            .order_by(*Employer._meta.ordering)
            .only("pk", "name", "credit_code")
        )
        for employer in employers:
            if employer.credit_code:
                self.by_code.setdefault(employer.credit_code, employer)
            self.by_name.setdefault(employer.name, employer)

    def check_links(self, row, check):
        """The 所属单位: an employer in scope, by credit code, else by name."""
        value = row.data.get("employer")
        if not value or "employer" in row.failed:
            return {}
        employer = self.by_code.get(value.upper()) or self.by_name.get(value)
        if employer is None:
            check.find("employer", value, {}, model=Employer)
        return {"employer": employer}

    def new_record(self, row, org, extra, errors):
        """The collective, with the name's readings `PinyinNamed.save` gives it."""
        collective = super().new_record(row, org, extra, errors)
        if collective.name:
            collective.name_pinyin, collective.name_initials = collective.name_readings()
        return collective


WORKER_IMPORTER = RegistryImporter(
    kind="model_workers",
    title="先进个人导入",
    spec=worker_spec,
    registry=WorkerRegistry,
)
COLLECTIVE_IMPORTER = RegistryImporter(
    kind="honoured_collectives",
    title="先进集体导入",
    spec=collective_spec,
    registry=CollectiveRegistry,
)
register(importers=[WORKER_IMPORTER, COLLECTIVE_IMPORTER])
