"""The 先进个人 registry import (`IMPORTERS["model_workers"]`): every row checked by the rules
the web form and the services enforce, every bad row named at once and nothing saved then;
the same person twice in a file is one file with two honours; a person on file gets the honour
added; derived fields as saving through the form gives them; history events in the import's
context; queries that do not grow with the file."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.ledgers import IMPORTERS
from apps.core.validators import id_birth_date
from apps.membership.choices import Sex
from apps.modelworkers import services
from apps.modelworkers.choices import Level, PersonCategory, WorkerStatus
from apps.modelworkers.forms.registry import ModelWorkerForm
from apps.modelworkers.models import HonourAward, ModelWorker

from .conftest import award, id_number, make_worker

pytestmark = pytest.mark.usefixtures("media_root")

IMPORTER = IMPORTERS["model_workers"]
HEADER = [
    "姓名",
    "身份证号",
    "管理工会代码",
    "人员类别",
    "工作单位",
    "职务",
    "联系电话",
    "荣誉称号",
    "级别",
    "获得年份",
    "授予日期",
    "表彰文号",
    "证书编号",
]
KEYS = [
    "name",
    "id_number",
    "org_code",
    "category",
    "work_unit",
    "post",
    "phone",
    "honour",
    "level",
    "year",
    "conferred_on",
    "document_no",
    "certificate_no",
]


def row(name, number, code="QH-01-001", honour="县劳动模范", year=2024, **cells):
    values = {
        "name": name,
        "id_number": number,
        "org_code": code,
        "category": "一线职工",
        "work_unit": "宏达纺织有限公司",
        "honour": honour,
        "year": year,
        "document_no": f"县发〔{year}〕12号" if year else None,
        **cells,
    }
    return [values.get(key) for key in KEYS]


def workbook(*rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "先进个人"
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def events(model):
    return model._meta.get_field("events").related_model.objects


def counts():
    """Files, honours and their history events."""
    return (
        ModelWorker.objects.count(),
        HonourAward.objects.count(),
        events(ModelWorker).count(),
        events(HonourAward).count(),
    )


def run(user, *rows, commit=True):
    return IMPORTER.run(workbook(*rows), user=user, commit=commit)


# --- what is saved ---------------------------------------------------------------------------


def test_a_good_file_makes_each_person_s_file_and_their_honour(personas, tree, honour_types):
    outcome = run(
        personas["township_staff"],
        row("王建国", id_number(1)),
        row("李秀英", id_number(2, sex="2"), code="QH-01-002", honour="县五一劳动奖章"),
    )
    assert outcome.ok, outcome.errors
    assert outcome.saved == 2
    wang = ModelWorker.objects.get(id_number=id_number(1))
    assert wang.org == tree.union_a1
    assert wang.person_category == PersonCategory.FRONTLINE
    assert wang.work_unit == "宏达纺织有限公司"
    assert wang.treatment_level == Level.COUNTY
    (honour,) = wang.awards.all()
    assert wang.top_award == honour
    assert (honour.year, honour.conferred_on) == (2024, datetime.date(2024, 1, 1))
    assert honour.level == Level.COUNTY
    assert honour.document_no == "县发〔2024〕12号"
    assert honour.entered_by == personas["township_staff"]
    li = ModelWorker.objects.get(id_number=id_number(2, sex="2"))
    assert li.treatment_level == ""  # a county 五一劳动奖章 carries no treatment
    assert li.top_award.honour_type.name == "县五一劳动奖章"


def test_checking_a_file_saves_nothing(personas, tree, honour_types):
    before = counts()
    outcome = run(personas["township_staff"], row("王建国", id_number(1)), commit=False)
    assert outcome.ok and outcome.saved == 0
    assert outcome.preview[0]["姓名"] == "王建国"
    assert counts() == before


def test_the_same_person_twice_in_a_file_is_one_file_with_two_honours(personas, tree, honour_types):
    outcome = run(
        personas["township_staff"],
        row("王建国", id_number(1), honour="县五一劳动奖章", year=2019),
        # A later row's other cells do not change the file the first row made.
        row("王建国", id_number(1), code="QH-01-002", honour="县劳动模范", year=2023),
    )
    assert outcome.ok, outcome.errors
    worker = ModelWorker.objects.get()
    assert worker.org == tree.union_a1
    assert sorted(worker.awards.values_list("honour_type__name", "year")) == [
        ("县五一劳动奖章", 2019),
        ("县劳动模范", 2023),
    ]
    assert worker.treatment_level == Level.COUNTY
    assert worker.top_award.honour_type.name == "县劳动模范"


def test_a_person_on_file_gets_the_honour_added_not_a_second_file(personas, tree, honour_types):
    worker = make_worker(tree.union_a1, n=1)
    award(honour_types["县五一劳动奖章"], year=2018, model_worker=worker)
    readings = (worker.name_pinyin, worker.name_initials)
    ModelWorker.objects.filter(pk=worker.pk).update(name_pinyin="", name_initials="")
    outcome = run(
        personas["township_staff"],
        # Written as staff type it: lower case, spaces; still the same person.
        row("王建国", " " + id_number(1).lower() + " ", honour="市劳动模范", year=2022),
    )
    assert outcome.ok, outcome.errors
    assert ModelWorker.objects.count() == 1
    worker.refresh_from_db()
    assert worker.awards.count() == 2
    assert worker.treatment_level == Level.CITY
    assert worker.top_award.honour_type.name == "市劳动模范"
    # Saved as `refresh_worker` saves it: the name's readings made again.
    assert (worker.name_pinyin, worker.name_initials) == readings


def test_an_old_style_15_digit_number_finds_the_person_on_file(personas, tree, honour_types):
    number = id_number(1)
    worker = make_worker(tree.union_a1, n=1)
    old_style = number[:6] + number[8:17]
    outcome = run(personas["township_staff"], row("王建国", old_style, year=2022))
    assert outcome.ok, outcome.errors
    assert ModelWorker.objects.count() == 1
    assert worker.awards.count() == 1


# --- what is refused ---------------------------------------------------------------------------


def test_a_file_with_several_bad_rows_lists_every_row_and_reason_and_saves_nothing(
    personas, tree, honour_types
):
    withdrawn = make_worker(tree.union_a1, name="张志强", n=7)
    services.change_worker_status(
        worker=withdrawn,
        actor=None,
        status=WorkerStatus.WITHDRAWN,
        on=datetime.date(2024, 1, 1),
        reason="违纪",
    )
    before = counts()
    bad_check_digit = id_number(3)[:-1] + ("0" if id_number(3)[-1] != "0" else "1")
    outcome = run(
        personas["township_staff"],
        row("王建国", id_number(1)),  # row 2: good
        row("李秀英", id_number(2), code="QH-09-999"),  # 3: no such union
        row("赵海燕", bad_check_digit),  # 4: a wrong check digit
        row("刘伟明", id_number(4), honour="县劳动模范奖"),  # 5: no such honour
        row("陈丽华", id_number(5), level="省级"),  # 6: not the honour's level
        row("杨晓东", id_number(6), year=None, document_no="县发〔2024〕1号"),  # 7: no year
        row("张志强", id_number(7)),  # 8: title withdrawn
        row("黄桂兰", id_number(8), honour="县五一劳动奖状"),  # 9: goes to a unit
        row("吴建国", id_number(9), honour=None, year=2024),  # 10: a year but no honour
        row("周志强", id_number(10), conferred_on=datetime.date(2020, 5, 1)),  # 11: wrong date
        row("王建国", id_number(1)),  # 12: the same honour again, same year
        row("郑秀英", id_number(11), year=1900),  # 13: a year before 1949
        row("孙建" * 26, id_number(12)),  # 14: a name too long
    )
    assert not outcome.ok
    assert counts() == before
    assert sorted(outcome.errors) == list(range(3, 15))
    errors = {r: " / ".join(messages) for r, messages in outcome.errors.items()}
    assert errors[3] == "管理工会代码: no union organisation QH-09-999 in your scope"
    assert errors[4].startswith("身份证号: ")
    assert "check digit" in errors[4]
    assert errors[5] == "荣誉称号: no honour type 县劳动模范奖 in your scope"
    assert errors[6] == (
        "级别: 县劳动模范 is a County honour; a level the honour does not have is refused."
    )
    assert errors[7] == "获得年份: Give the year of the honour."
    assert errors[8] == (
        "荣誉称号: The title of 张志强 was withdrawn (取消称号): no further honour can be recorded."
    )
    assert errors[9] == (
        "荣誉称号: 县五一劳动奖状 is conferred on: Unit; this recipient is not one."
    )
    assert errors[10] == "荣誉称号: give the honour the row's award is for"
    assert errors[11] == "授予日期: Conferred on 2020-05-01 does not fit an honour of 2024."
    assert errors[12] == "荣誉称号: 王建国 already holds 县劳动模范 for 2024."
    assert errors[13] == "获得年份: Ensure this value is greater than or equal to 1949."
    assert errors[14] == ("姓名: Ensure this value has at most 50 characters (it has 52).")


def test_an_honour_already_held_on_file_is_refused(personas, tree, honour_types):
    worker = make_worker(tree.union_a1, n=1)
    award(honour_types["县劳动模范"], year=2024, model_worker=worker)
    outcome = run(personas["township_staff"], row("王建国", id_number(1)))
    assert outcome.errors == {2: ["荣誉称号: 王建国 already holds 县劳动模范 for 2024."]}


def test_a_union_outside_the_importer_s_scope_is_refused(personas, tree, honour_types):
    outcome = run(personas["township_staff"], row("王建国", id_number(1), code="QH-02-001"))
    assert outcome.errors == {2: ["管理工会代码: no union organisation QH-02-001 in your scope"]}
    assert not ModelWorker.objects.exists()


def test_a_person_on_file_outside_the_scope_is_refused_and_nothing_of_theirs_is_told(
    personas, tree, honour_types
):
    other = make_worker(tree.union_b1, name="新庄人", n=1)
    award(honour_types["县劳动模范"], year=2024, model_worker=other)
    before = counts()
    outcome = run(personas["township_staff"], row("王建国", id_number(1)))
    assert outcome.errors == {
        2: ["身份证号: this person is on file with a union outside your scope"]
    }
    assert "新庄人" not in str(outcome.errors)
    assert counts() == before


def test_an_importer_who_only_reads_may_not_import(personas, tree, honour_types):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(personas["leader"], row("王建国", id_number(1)))


# --- derived fields and history ----------------------------------------------------------------


NAMES = ["曾国藩", "单雄信", "长孙无忌", "王　建国", "解缙", "欧阳修", "乐嘉"]
DERIVED = ("name", "id_number", "sex", "birth_date", "name_pinyin", "name_initials", "member_id")


def saved_through_the_form(user, org, name, number):
    form = ModelWorkerForm(
        data={
            "name": name,
            "id_number": number,
            "org": org.pk,
            "person_category": PersonCategory.FRONTLINE,
            "employment": "in_post",
        },
        instance=ModelWorker(),
        user=user,
    )
    assert form.is_valid(), form.errors
    return services.save_worker(worker=form.save(commit=False), actor=user)


def test_derived_fields_are_those_saving_through_the_form_gives(personas, tree, honour_types):
    """Birth date, sex, the normalised number, the name's readings, the member record, who
    entered it: the same as the web form and `save_worker` make them."""
    from tests.membership.helpers import make_member

    user = personas["township_staff"]
    people = [
        (name, id_number(20 + n, birth=f"19{70 + n}0{n + 1}1{n}", sex=str(n % 2 + 1)).lower())
        for n, name in enumerate(NAMES)
    ]
    people[1] = (people[1][0], people[1][1][:6] + people[1][1][8:17])  # old-style, 15 digits
    make_member(tree.union_a1, name="曾国藩", id_number=people[0][1].upper())
    expected = {}
    for name, number in people:
        worker = saved_through_the_form(user, tree.union_a1, name, number)
        expected[worker.id_number] = {field: getattr(worker, field) for field in DERIVED}
        worker.delete()
    outcome = run(user, *(row(name, number, honour=None, year=None) for name, number in people))
    assert outcome.ok, outcome.errors
    imported = {
        w.id_number: {field: getattr(w, field) for field in DERIVED}
        for w in ModelWorker.objects.all()
    }
    assert imported == expected
    assert len(imported) == len(NAMES)
    first = ModelWorker.objects.get(name="曾国藩")
    assert first.member_id is not None and first.name_pinyin == "zengguofan"
    assert first.birth_date == id_birth_date(first.id_number)
    assert first.sex == (Sex.MALE if int(first.id_number[16]) % 2 else Sex.FEMALE)
    assert set(ModelWorker.objects.values_list("entered_by", flat=True)) == {user.pk}


def test_an_honour_is_made_as_recording_it_on_its_page_makes_it(personas, tree, honour_types):
    user = personas["township_staff"]
    cells = {"certificate_no": " ZS-01 ", "document_no": " 县发〔2024〕3号 ", "level": "县级"}
    outcome = run(user, row("王建国", id_number(1), **cells))
    assert outcome.ok, outcome.errors
    imported = HonourAward.objects.get()
    worker = make_worker(tree.union_a2, name="李秀英", n=2)
    recorded = services.record_award(
        honour_type=honour_types["县劳动模范"],
        actor=user,
        year=2024,
        conferred_on=datetime.date(2024, 1, 1),
        document_no=" 县发〔2024〕3号 ",
        certificate_no=" ZS-01 ",
        level="4",
        model_worker=worker,
    )
    fields = (
        "honour_type_id",
        "level",
        "year",
        "conferred_on",
        "document_no",
        "certificate_no",
        "deeds",
        "recommended_by",
        "source",
        "revoked",
        "entered_by_id",
    )
    assert {f: getattr(imported, f) for f in fields} == {f: getattr(recorded, f) for f in fields}
    worker.refresh_from_db()
    imported_worker = imported.model_worker
    assert (imported_worker.treatment_level, imported_worker.top_award_id) == (
        worker.treatment_level,
        imported.pk,
    )


def test_history_events_are_written_for_the_files_and_honours_in_the_import_s_context(
    personas, tree, honour_types
):
    user = personas["township_staff"]
    on_file = make_worker(tree.union_a1, n=9)
    outcome = run(
        user,
        row("王建国", id_number(1)),
        row("李秀英", id_number(2), year=2023),
        row("李秀英", id_number(2), honour="县五一劳动奖章", year=2024),
        row("王建国", id_number(9)),
    )
    assert outcome.ok, outcome.errors
    worker_events, award_events = events(ModelWorker), events(HonourAward)
    created = ModelWorker.objects.exclude(pk=on_file.pk)
    inserts = worker_events.filter(pgh_label="insert", pgh_obj_id__in=created)
    assert inserts.count() == 2
    assert award_events.filter(pgh_label="insert").count() == 4
    for event in [*inserts.select_related("pgh_context"), *award_events.all()]:
        assert event.pgh_context.metadata["user"] == user.pk
        assert event.pgh_context.metadata["source"] == "import"
    # The insert event holds the file as saved (its treatment and highest honour included).
    wang = ModelWorker.objects.get(id_number=id_number(1))
    event = worker_events.filter(pgh_obj_id=wang.pk).order_by("pgh_id").last()
    assert (event.treatment_level, event.top_award_id) == (Level.COUNTY, wang.top_award_id)
    # The person on file: the honour changed their treatment, recorded as an update.
    update = worker_events.filter(pgh_obj_id=on_file.pk, pgh_label="update").get()
    assert update.pgh_changes["treatment_level"] == ["", Level.COUNTY.value]
    assert update.pgh_context.metadata["source"] == "import"
    # The history page reads the import as such.
    from apps.core.history import history_for

    entries = history_for(wang, viewer=user)
    assert entries[-1].label == "insert"
    assert str(entries[-1].via) in ("import", "导入")


def test_queries_do_not_grow_with_the_file(personas, tree, honour_types):
    user = personas["township_staff"]

    def queries(year, rows):
        born = f"{year - 40}0101"
        on_file = [
            services.save_worker(
                worker=ModelWorker(
                    org=tree.union_a1,
                    name="老劳模",
                    id_number=id_number(80 + n, birth=born),
                    person_category=PersonCategory.FRONTLINE,
                ),
                actor=None,
            )
            for n in range(3)
        ]
        people = [row("王建国", id_number(n, birth=born)) for n in range(rows)]
        # People on file get honours too (their treatment changes), a person twice in the file.
        people += [row(w.name, w.id_number, year=year) for w in on_file]
        people.append(row("王建国", id_number(0, birth=born), honour="县五一劳动奖章"))
        with CaptureQueriesContext(connection) as captured:
            outcome = run(user, *people)
        assert outcome.ok, outcome.errors
        return len(captured.captured_queries)

    small, large = queries(2021, 10), queries(2022, 50)
    assert small == large
    assert small <= 30
    assert ModelWorker.objects.count() == 6 + 60


# --- the pages, the command, a person saved meanwhile ------------------------------------------


def test_the_upload_page_checks_then_saves_on_confirm_and_a_bad_file_gets_its_reasons(
    personas, tree, honour_types, client_for
):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from apps.core.models import Job
    from apps.core.xlsx import ERROR_COLUMN_LABEL

    client = client_for("township_staff")

    def upload(data):
        response = client.post(
            reverse("core:import_upload", args=["model_workers"]),
            {"file": SimpleUploadedFile("先进个人.xlsx", data)},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return Job.objects.get(pk=int(re.search(r"/jobs/(\d+)/", response["Location"])[1]))

    bad = upload(
        workbook(row("王建国", id_number(1)), row("李秀英", id_number(2), code="QH-02-001"))
    )
    assert bad.params["outcome"]["error_rows"] == 1
    sheet = openpyxl.load_workbook(io.BytesIO(bad.result_file.read())).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    reasons = [r[headers.index(ERROR_COLUMN_LABEL)] for r in sheet.iter_rows(2, values_only=True)]
    assert reasons[0] in (None, "") and "QH-02-001" in reasons[1]
    assert not ModelWorker.objects.exists()

    checked = upload(workbook(row("王建国", id_number(1)), row("王建国", id_number(1), year=2025)))
    assert checked.params["outcome"]["error_rows"] == 0
    assert not ModelWorker.objects.exists()
    response = client.post(reverse("core:job_confirm", args=[checked.pk]))
    assert response.status_code == 302
    assert ModelWorker.objects.get().awards.count() == 2


def test_import_xlsx_imports_a_registry(personas, tree, honour_types, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "先进个人.xlsx"
    path.write_bytes(workbook(row("王建国", id_number(1))))
    call_command("import_xlsx", "model_workers", str(path), "--user", "township_staff")
    assert ModelWorker.objects.get().awards.count() == 1


def test_a_person_saved_meanwhile_makes_the_save_check_again(
    personas, tree, honour_types, monkeypatch
):
    """A file saved from another page after the check read the files on record: the
    database refuses the second file, the save checks again, finds the person and adds the
    honour. Refused twice, nothing is saved and the file is said to conflict."""
    from apps.core.xlsx import SpreadsheetError
    from apps.modelworkers import registry_import

    user = personas["township_staff"]
    on_file = registry_import.WorkerRegistry.on_file
    checks = []

    def not_yet_seen_the_first_time(registry, *, lock):
        checks.append(lock)
        found = on_file(registry, lock=lock)
        return {} if len(checks) == 1 else found

    monkeypatch.setattr(registry_import.WorkerRegistry, "on_file", not_yet_seen_the_first_time)
    make_worker(tree.union_a1, n=1)
    outcome = run(user, row("王建国", id_number(1)), row("李秀英", id_number(2)))
    assert outcome.ok and outcome.saved == 2
    assert checks == [True, True]
    assert ModelWorker.objects.count() == 2
    assert ModelWorker.objects.get(id_number=id_number(1)).awards.count() == 1

    monkeypatch.setattr(
        registry_import.WorkerRegistry,
        "on_file",
        lambda registry, *, lock: on_file(registry, lock=lock) and {},
    )
    before = counts()
    with pytest.raises(SpreadsheetError, match="saved meanwhile"):
        run(user, row("王建国", id_number(1), year=2025))
    assert counts() == before


def test_a_later_row_of_a_person_whose_first_row_failed_is_checked_as_the_one_making_the_file(
    personas, tree, honour_types
):
    """As when each row was saved in turn: a failed row makes no file, so the person's next
    row is the one that would make it, and its own cells are checked."""
    outcome = run(
        personas["township_staff"],
        row("王建国", id_number(1), level="省级"),
        row("王建国", id_number(1), year=2025, post="岗" * 101),
        row("王建国", id_number(1), year=2023, post="岗" * 101),
    )
    assert outcome.errors[2] == [
        "级别: 县劳动模范 is a County honour; a level the honour does not have is refused."
    ]
    assert outcome.errors[3] == ["职务: Ensure this value has at most 100 characters (it has 101)."]
    assert outcome.errors[4] == outcome.errors[3]
