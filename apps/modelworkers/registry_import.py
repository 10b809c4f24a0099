"""The 先进个人 registry import (model-worker files and their honours), set-based as the roster
import and the competitions' participant import are: a county's registry of thousands of rows is
checked in one pass and saved in a handful of statements, not a form, a service and a dozen
queries per row. Registered under the kind "model_workers", with the spec, template and error
workbook of `spreadsheets.py`.

A row is a person and, optionally, one honour of theirs. Every row is checked by the rules the
web page and the services enforce, and every failing row is named with all of its reasons:

- the cells parsed as any ledger's are, the required ones given;
- the managing union (管理工会代码) is an open union within the importer's scope, the honour
  (荣誉称号) an active type, named by name; a year, a day or a number with no honour is refused;
- the ID number is valid, and normalised (15 digits, a lower-case x) before anything looks for
  it; sex and birth date follow from it (`services.registry.worker_identity`);
- a person on file under a union outside the scope is refused, saying nothing more of them;
- a person not on file: the row's values held to the file form's own fields (`ModelWorkerForm`:
  lengths, choices, text cleaned as the form cleans it). The first row of a person that passes
  makes the file; their later rows, in this file or another, only add honours, as each row
  saved in turn would;
- the honour: the rules of `record_award` (`rules.award_errors`: a type conferred on persons,
  its own level, no honour to a person whose title was withdrawn; the year and the day fit;
  the award's own field checks; the same honour to the same person for the same year once,
  against the awards on file and the earlier rows).

Nothing is saved unless every row passes. Saving takes the turn of saving registry ledgers
(as every ledger's save does), locks the files that get honours, checks against the database
as it then stands, and writes in one transaction: the new files with COPY, each with its
treatment level and highest honour already computed (`worker_standing`, as `refresh_worker`
computes them), their awards with COPY, the files on record whose treatment or highest honour
changes updated in one statement; the history events of all in the importer's history context
(source "import"), one insert event per new file and award, an update event per changed file.
Checking (`commit=False`, the preview) writes nothing. A person saved from another page
meanwhile (the database refuses a second file) makes the save check again once.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
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
from apps.core.models import UnionOrg
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
from .forms.registry import ModelWorkerForm
from .models import HonourAward, HonourType, ModelWorker
from .services.registry import (
    AWARD_CLEAN_EXCLUDE,
    already_held,
    award_date_errors,
    member_links,
    new_award,
    worker_identity,
    worker_standing,
)
from .spreadsheets import _honour, _messages, honour_dates, worker_spec

# The file's fields a row fills, as the form names them (the union is resolved for the file).
FORM_FIELDS = ("name", "phone", "person_category", "work_unit", "post", "employment", "hardship")
# The cells of a row's honour: when one failed to parse, its message says all.
HONOUR_CELLS = {"year", "conferred_on", "level", "document_no", "certificate_no", "deeds"}
# The honour's cells an award is made of (the level is checked against the type).
AWARD_CELLS = ("year", "conferred_on", "document_no", "certificate_no", "deeds")
# Cells and form fields whose values differ from row to row: not worth remembering.
UNIQUE_CELLS = {"name", "id_number", "phone", "deeds"}
UNIQUE_VALUES = {"name", "phone"}
# Columns written by COPY, in order (the rest take their defaults).
WORKER_COLUMNS = (
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
AWARD_COLUMNS = (
    "id",
    "honour_type_id",
    "level",
    "model_worker_id",
    "year",
    "conferred_on",
    "document_no",
    "certificate_no",
    "recommended_by",
    "deeds",
    "source",
    "entered_by_id",
)


@dataclass(eq=False)
class RegistryImporter(Importer):
    """先进个人: checked in one pass, saved in bulk when every row passes (module docstring).
    Keeps the generic interface (run / template / count_rows / error_workbook)."""

    process_row: Callable | None = None

    def run(self, data, *, user, org=None, commit, progress=None):
        if not getattr(user, "can_edit", False):
            raise PermissionDenied
        # Streamed whatever its size: only the values are read (merged cells are filled the
        # same way in both modes), and a small file is read twice as fast so.
        workbook = open_workbook(data, read_only=True)
        try:
            sheet, header_row, mapping = find_sheet(workbook, self.sheet)
            registry = Registry(self, user)
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
                # A file with one of the numbers was saved meanwhile: check again, once.
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
    identity: tuple | None = None  # (ID number normalised, birth date, sex)


@dataclass
class Person:
    """One person the file names: their file (on record, or to be made by the row that
    passed first) and the honours they hold, those on file and those of earlier rows."""

    worker: ModelWorker
    on_file: bool
    visible: bool = True
    held: set = field(default_factory=set)  # (honour type id, year)
    awards: list = field(default_factory=list)  # awards on file, with their types
    new_awards: list = field(default_factory=list)


class Registry:
    """One registry file being checked (and saved)."""

    def __init__(self, importer, user):
        self.user = user
        self.labels = importer.labels
        self.columns = importer.sheet.columns
        self.shown = importer._shown
        self.context = ImportContext(user=user, labels=self.labels)
        self.rows = []
        self.form_fields = ModelWorkerForm(instance=ModelWorker(), user=user).fields
        self.cells, self.form_values, self.awards_checked = {}, {}, {}
        self.blank_worker = ModelWorker(entered_by=user)
        self.types = {t.name: t for t in HonourType.objects.active()}

    # --- reading ---------------------------------------------------------------------------

    def read(self, number, raw):
        """Parse a row's cells, and its ID number as a file's: no queries."""
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
        if "id_number" not in failed:
            try:
                row.identity = worker_identity(data["id_number"])
            except ValidationError as error:
                errors.extend(_messages(error, self.labels))
                failed.add("id_number")
        self.rows.append(row)

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
        queries for the whole file. With `lock`, the files on record that the rows name are
        locked until the transaction ends (as `record_award` locks the file it adds to)."""
        self.errors, self.preview = {}, []
        self.new_workers, self.new_awards = [], []  # in the order of the rows
        codes = {row.data["org_code"] for row in self.rows if "org_code" not in row.failed}
        numbers = {row.identity[0] for row in self.rows if row.identity}
        self.unions = {
            union.code: union
            for union in UnionOrg.objects.visible_to(self.user)
            .open()
            .filter(code__in=codes)
            .only("id", "code", "name", "path")
        }
        self.people = self._on_file(numbers, lock=lock)
        self.members = member_links(numbers - set(self.people))
        for n, row in enumerate(self.rows, 1):
            errors = self._check_row(row)
            if errors:
                self.errors[row.number] = errors
            elif len(self.preview) < PREVIEW_ROWS:
                self.preview.append(self.shown(row.data))
            if progress and n % 1000 == 0:
                progress(n, len(self.rows))

    def _on_file(self, numbers, *, lock):
        """{ID number: Person} of the files on record with the file's numbers, with their
        awards (those outside the importer's scope with nothing of theirs)."""
        if not numbers:
            return {}
        on_file = ModelWorker.objects.filter(id_number__in=numbers).order_by("pk")
        if lock:
            on_file = on_file.select_for_update(of=("self",))
        workers = list(on_file)
        visible = set(
            ModelWorker.objects.visible_to(self.user)
            .filter(pk__in=[w.pk for w in workers])
            .values_list("pk", flat=True)
        )
        people = {
            w.id_number: Person(worker=w, on_file=True, visible=w.pk in visible) for w in workers
        }
        by_pk = {p.worker.pk: p for p in people.values() if p.visible}
        if by_pk:
            held = HonourAward.objects.filter(model_worker__in=list(by_pk)).select_related(
                "honour_type"
            )
            for award in held.order_by("pk"):
                person = by_pk[award.model_worker_id]
                person.awards.append(award)
                person.held.add((award.honour_type_id, award.year))
        return people

    def _check_row(self, row):
        """The row's messages (none when it passes); a row that passes is taken into the
        people's state, as a row saved in turn would be."""
        data, errors = row.data, list(row.errors)
        check = self.context.row(row.number, errors)
        org = None
        if "org_code" not in row.failed:
            org = check.find("org_code", data["org_code"], self.unions, model=UnionOrg)
        honour_type = None
        if "honour" not in row.failed:
            honour_type = _honour(check, data, self.types)
        number = row.identity[0] if row.identity else None
        person = self.people.get(number)
        if person is not None and not person.visible:
            errors.append(
                _("%(column)s: this person is on file with a union outside your scope")
                % {"column": self.labels["id_number"]}
            )
            return errors
        new = person is None
        if new:
            person = Person(worker=self._new_worker(row, org, errors), on_file=False)
        award = None
        if honour_type is not None and not row.failed & HONOUR_CELLS:
            award = self._award(row, honour_type, person, errors)
        if errors:
            return errors
        if new:
            self.people[number] = person
            self.new_workers.append(person)
        if award is not None:
            person.new_awards.append(award)
            person.held.add((honour_type.pk, award.year))
            self.new_awards.append((award, person))
        return []

    def _new_worker(self, row, org, errors):
        """The file the row makes, its values held to the form's fields (cleaned as the form
        cleans them) and its derived fields set as `save_worker` and the model set them."""
        data = row.data
        values = {
            "name": data["name"],
            "phone": data.get("phone") or "",
            "person_category": data["person_category"],
            "work_unit": data.get("work_unit") or "",
            "post": data.get("post") or "",
            "employment": data.get("employment") or Employment.IN_POST,
            "hardship": bool(data.get("hardship")),
        }
        # A copy of a blank file: cheaper than a model's __init__, the same instance.
        worker = copy.copy(self.blank_worker)
        for name in FORM_FIELDS:
            if name in row.failed:
                continue
            value, messages = self._form_value(name, values[name])
            if messages:
                errors.extend(f"{self.labels[name]}: {m}" for m in messages)
            else:
                setattr(worker, name, value)
        worker.org = org
        if row.identity:
            worker.id_number, worker.birth_date, worker.sex = row.identity
            worker.member_id = self.members.get(worker.id_number)
        if worker.name:
            # `PinyinNamed.save`'s readings of a person's name, computed fast and cached.
            worker.name_pinyin, worker.name_initials = name_pinyin(worker.name)
        return worker

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

    def _award(self, row, honour_type, person, errors):
        """The award the row records on `person`, checked as `record_award` checks it: the
        rules of the recipient, then the award's own checks, then once per person and year."""
        data = row.data
        worker = person.worker
        problems = rules.award_errors(
            honour_type=honour_type, model_worker=worker, level=data.get("level")
        )
        template, own, year = self._checked_award(honour_type, data)
        for name, messages in own.items():
            problems.setdefault(name, []).extend(messages)
        if year is not None and (honour_type.pk, year) in person.held:
            for name, messages in already_held(worker.name, honour_type, year).items():
                problems.setdefault(name, []).extend(messages)
        if problems:
            errors.extend(_messages(ValidationError(problems), self.labels))
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
        """The new files, their awards, the changed files on record: inside the caller's
        transaction and history context."""
        new_people, awards = self.new_workers, self.new_awards
        changed = [p for p in self.people.values() if p.on_file and p.new_awards]
        # Ids in the order of the rows, as saving row by row numbers them.
        worker_ids = sorted(reserve_ids(ModelWorker, len(new_people))) if new_people else []
        award_ids = sorted(reserve_ids(HonourAward, len(awards))) if awards else []
        for person, pk in zip(new_people, worker_ids, strict=True):
            person.worker.pk = pk
        for (award, person), pk in zip(awards, award_ids, strict=True):
            award.pk = pk
            award.model_worker_id = person.worker.pk
        for person in [*new_people, *changed]:
            treatment, top = worker_standing(
                person.worker.status, [*person.awards, *person.new_awards]
            )
            person.treatment, person.top_id = treatment, top.pk if top else None
        copy_rows(ModelWorker, WORKER_COLUMNS, (_worker_values(p) for p in new_people))
        # The files' top_award and the awards' model_worker reference each other; both
        # constraints are checked at commit.
        copy_rows(HonourAward, AWARD_COLUMNS, (_award_values(a) for a, _p in awards))
        updates = []
        now = timezone.now()
        for person in changed:
            worker = person.worker
            if (worker.treatment_level, worker.top_award_id) != (person.treatment, person.top_id):
                worker.treatment_level, worker.top_award_id = person.treatment, person.top_id
                worker.updated_at = now
                updates.append(worker)
        ModelWorker.objects.bulk_update(
            updates, ["treatment_level", "top_award", "updated_at"], batch_size=1000
        )


def _worker_values(person):
    w = person.worker
    return (
        w.pk,
        w.org_id,
        w.name,
        w.name_pinyin,
        w.name_initials,
        w.id_number,
        w.sex,
        w.birth_date,
        w.phone,
        w.member_id,
        w.person_category,
        w.work_unit,
        w.post,
        w.employment,
        w.hardship,
        person.treatment,
        person.top_id,
        w.entered_by_id,
    )


def _award_values(a):
    return (
        a.pk,
        a.honour_type_id,
        a.level,
        a.model_worker_id,
        a.year,
        a.conferred_on,
        a.document_no,
        a.certificate_no,
        a.recommended_by,
        a.deeds,
        a.source,
        a.entered_by_id,
    )


WORKER_IMPORTER = RegistryImporter(
    kind="model_workers",
    title="先进个人导入",
    spec=worker_spec,
)
register(importers=[WORKER_IMPORTER])
