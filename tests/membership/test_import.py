"""Importing a union's roster (会员花名册) from .xlsx: the messy files staff really send, a
50 000-row roster with three bad rows, the web page, `import_xlsx members`, and scope."""

import datetime
import io
import random
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.choices import JobStatus
from apps.core.demo import GIVEN, SURNAMES
from apps.core.ledgers import IMPORTERS
from apps.core.models import Job, UnionOrg
from apps.core.scoping import OutOfScope
from apps.core.validators import convert_15_to_18
from apps.core.xlsx import ERROR_COLUMN_LABEL, find_sheet, open_workbook
from apps.membership import importing
from apps.membership.choices import ChangeType, MemberStatus
from apps.membership.models import Member, MemberEvent, MembershipChange, MembershipChangeEvent
from apps.membership.rosters import ROSTER_HEADERS, roster_people, roster_workbook
from apps.membership.services import ALREADY_MEMBER
from tests.membership.helpers import (  # noqa: F401
    fast_passwords,
    id_number,
    make_member,
    wrong_check_digit,
)

pytestmark = pytest.mark.usefixtures("media_root")

IMPORTER = IMPORTERS["members"]
SHORT_ROSTER = ["姓名", "性别", "证件号码", "入会日期"]
WRONG_CHECK_DIGIT = _("ID number check digit is wrong. Please check the number.")


def already(column):
    return _("%(column)s: %(message)s") % {"column": column, "message": ALREADY_MEMBER}


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def messy_roster():
    """A roster as a township clerk keeps it: a merged title, a line about who filled it in, the
    headers of an older template, full-width digits, a 15-digit number, a lower-case x, dates
    typed every which way and spaces everywhere."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["宏达纺织有限公司工会会员花名册（2025年度）"])
    sheet.merge_cells("A1:L1")
    sheet.append(
        ["填报单位（盖章）：宏达纺织有限公司工会", None, None, None, "填报日期：2025年12月"]
    )
    sheet.append(
        [
            "序号",
            " 姓 名 ",
            "性别",
            "身份证号",
            "民族",
            "入会时间",
            "手机",
            "学历",
            "政治面貌",
            "工作单位",
            "是否农民工",
            "新就业形态",
        ]
    )
    sheet.append(
        [
            1,
            " 张三 ",
            "男",
            full_width(id_number(1)),
            "汉",
            "2015.03",
            "138 0013 8000",
            "大专",
            "党员",
            "宏达纺织有限公司",
            "否",
            "",
        ]
    )
    sheet.append(
        [2, "李 四", None, "110105491231002", "汉族", "2015年3月", 13900139000, "本科", "群众"]
    )
    lower_x = next(id_number(n) for n in range(2, 500) if id_number(n).endswith("X"))
    sheet.append([3, "王五", "男", lower_x.lower(), "回族", 42005, None, "高中", "共青团员"])
    sheet.append(
        [4, "赵六", "女", id_number(7, male=False), "汉", 2015.03, "", "", "", "", "是", "快递员"]
    )
    sheet.append([5, "  钱七", "女", f"  {id_number(9, male=False)}  ", "汉", "2016-7-1 "])
    sheet.append([None] * 12)  # a blank line before the totals people add
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), lower_x


def test_a_messy_real_style_roster_imports(tree, personas):
    data, lower_x = messy_roster()
    outcome = IMPORTER.run(data, user=personas["township_staff"], org=tree.union_a1, commit=True)

    assert outcome.errors == {}
    assert outcome.header_row == 3
    assert outcome.saved == outcome.total == 5
    members = {m.name: m for m in Member.objects.filter(union=tree.union_a1)}
    assert set(members) == {"张三", "李 四", "王五", "赵六", "钱七"}
    zhang = members["张三"]
    assert zhang.id_number == id_number(1)  # full-width digits folded
    assert zhang.joined_on == datetime.date(2015, 3, 1)  # "2015.03"
    assert zhang.phone == "13800138000"
    assert (zhang.ethnicity, zhang.education, zhang.political_status) == ("01", "30", "01")
    assert zhang.employer == tree.employer_a1  # 工作单位 names the union's employer
    assert zhang.name_pinyin == "zhangsan" and zhang.name_initials == "zs"
    li = members["李 四"]
    assert li.id_number == convert_15_to_18("110105491231002")  # the legacy number, upgraded
    assert li.birth_date == datetime.date(1949, 12, 31) and li.sex == "2"
    assert li.joined_on == datetime.date(2015, 3, 1)  # "2015年3月"
    assert li.phone == "13900139000"  # a phone typed as a number
    assert members["王五"].id_number == lower_x  # upper-case X
    assert members["王五"].joined_on == datetime.date(2015, 1, 1)  # an Excel serial
    assert members["王五"].ethnicity == "03"
    assert members["赵六"].joined_on == datetime.date(2015, 3, 1)  # 2015.03 as a number
    assert members["赵六"].is_migrant and members["赵六"].new_form_group == "02"
    assert members["钱七"].joined_on == datetime.date(2016, 7, 1)
    for member in members.values():
        assert member.status == MemberStatus.ACTIVE and member.status_since == member.joined_on
        (entry,) = member.changes.all()
        assert (entry.change_type, entry.changed_on, entry.union_id) == (
            ChangeType.JOIN,
            member.joined_on,
            tree.union_a1.pk,
        )
        assert entry.recorded_by == personas["township_staff"]
    # The history knows who imported each member, and how.
    events = MemberEvent.objects.filter(pgh_obj__union=tree.union_a1).select_related("pgh_context")
    assert events.count() == 5
    for event in events:
        assert event.pgh_label == "insert"
        assert event.pgh_context.metadata == {
            "user": personas["township_staff"].pk,
            "source": "import",
        }
    assert MembershipChange.objects.filter(member__union=tree.union_a1).count() == 5
    change_events = MembershipChangeEvent.objects.filter(pgh_obj__member__union=tree.union_a1)
    assert change_events.count() == 5
    assert {e.pgh_context.metadata["source"] for e in change_events} == {"import"}


def test_the_preview_shows_the_template_wording(tree, personas):
    data, _lower_x = messy_roster()
    outcome = IMPORTER.run(data, user=personas["county_admin"], org=tree.union_a1, commit=False)
    assert outcome.ok and outcome.saved == 0
    assert not Member.objects.exists()
    first = outcome.preview[0]
    assert first["姓名"] == "张三"
    assert first["性别"] == "男" and first["民族"] == "汉族" and first["学历"] == "大学专科"
    assert first["所属工会代码"] == tree.union_a1.code
    assert first["入会日期"] == "2015-03-01"


def excel_rows_with_errors(workbook_bytes):
    """{excel row: text} of the 错误原因 column of an error workbook."""
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    sheet = workbook.worksheets[0]
    column, found = None, {}
    for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if column is None:
            if ERROR_COLUMN_LABEL in values:
                column = values.index(ERROR_COLUMN_LABEL)
            continue
        if column < len(values) and values[column]:
            found[r] = values[column]
    workbook.close()
    return found


def test_fifty_thousand_rows_with_three_bad_ones_save_nothing_and_name_exactly_them(tree, personas):
    # Active in another township's union (born in a county the generated roster never uses).
    held = make_member(tree.union_b1, "孙八", id_number=id_number(77, region="370102"))
    rows = roster_people(random.Random(3), 50_000)
    first_row = 3  # a title row and the header above the data
    bad_check, duplicate, elsewhere = 1_234, 25_000, 49_999
    rows[bad_check]["证件号码"] = wrong_check_digit(rows[bad_check]["证件号码"])
    rows[duplicate] = {**rows[10], "证件号码": rows[10]["证件号码"].lower()}
    rows[elsewhere].update({"证件号码": held.id_number, "出生日期": held.birth_date, "性别": "男"})
    # The columns a short roster has, so that the file is quick to write and read back.
    data = roster_workbook(rows, headers=SHORT_ROSTER, title_rows=["会员花名册"])
    before = Member.objects.count(), MembershipChange.objects.count()

    outcome = IMPORTER.run(data, user=personas["county_admin"], org=tree.union_a1, commit=True)

    excel = {
        name: first_row + index
        for name, index in (("bad", bad_check), ("dup", duplicate), ("held", elsewhere))
    }
    assert outcome.total == 50_000
    assert set(outcome.errors) == set(excel.values())
    assert outcome.saved == 0
    assert (Member.objects.count(), MembershipChange.objects.count()) == before
    assert outcome.errors[excel["bad"]] == [
        _("%(column)s: %(message)s") % {"column": "证件号码", "message": WRONG_CHECK_DIGIT}
    ]
    assert outcome.errors[excel["dup"]] == [
        _("%(column)s repeats row %(row)d") % {"column": "证件号码", "row": first_row + 10}
    ]
    assert outcome.errors[excel["held"]] == [already("证件号码")]
    assert "新庄" not in str(outcome.errors)  # nothing about the other union

    marked = excel_rows_with_errors(IMPORTER.error_workbook(data, outcome))
    assert marked == {row: "；".join(messages) for row, messages in outcome.errors.items()}


def test_a_member_saved_meanwhile_fails_the_whole_import_cleanly(tree, personas, monkeypatch):
    """The partial unique index has the last word when someone saves the same person while the
    roster is being written: nothing is saved and the row is named."""
    rows = roster_people(random.Random(4), 30)
    data = roster_workbook(rows)
    taken = rows[17]["证件号码"]
    original = importing.Roster.save

    def someone_else_first(roster, records):
        make_member(tree.union_b1, "抢先", serial=1, id_number=taken)
        return original(roster, records)

    monkeypatch.setattr(importing.Roster, "save", someone_else_first)
    outcome = IMPORTER.run(data, user=personas["county_admin"], org=tree.union_a1, commit=True)
    assert outcome.saved == 0
    assert outcome.errors == {19: [already("证件号码")]}
    assert not Member.objects.filter(union=tree.union_a1).exists()


def test_rows_may_name_unions_below_the_chosen_one(tree, personas):
    rows = roster_people(random.Random(5), 3, union_code=tree.union_a2.code)
    rows[1]["所属工会代码"] = ""
    outcome = IMPORTER.run(
        roster_workbook(rows), user=personas["township_staff"], org=tree.township_a, commit=True
    )
    assert outcome.ok and outcome.saved == 3
    unions = sorted(Member.objects.values_list("union__code", flat=True))
    assert unions == sorted([tree.union_a2.code, tree.township_a.code, tree.union_a2.code])


def test_township_staff_cannot_import_into_another_township(tree, personas, client_for):
    staff = personas["township_staff"]
    rows = roster_people(random.Random(6), 3)
    rows[2]["所属工会代码"] = tree.union_b1.code  # a real union, but in 新庄镇
    outcome = IMPORTER.run(roster_workbook(rows), user=staff, org=tree.township_a, commit=True)
    assert set(outcome.errors) == {4}
    assert outcome.errors[4] == [
        _("%(column)s: no %(record)s %(value)s under %(org)s")
        % {
            "column": "所属工会代码",
            "record": UnionOrg._meta.verbose_name,
            "value": tree.union_b1.code,
            "org": tree.township_a.name,
        }
    ]
    with pytest.raises(OutOfScope):
        IMPORTER.run(roster_workbook(rows[:2]), user=staff, org=tree.union_b1, commit=True)

    response = client_for("township_staff").post(
        reverse("core:import_upload", args=["members"]),
        {
            "file": SimpleUploadedFile("花名册.xlsx", roster_workbook(rows[:2])),
            "org": tree.union_b1.pk,
        },
    )
    assert response.status_code == 400  # the form again, with the error on the union
    assert "org" in response.context["form"].errors
    assert not Member.objects.exists()
    assert not Job.objects.exists()


def _job(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return Job.objects.get(pk=int(re.search(r"/jobs/(\d+)/", response["Location"])[1]))


def test_the_web_page_checks_then_saves_on_confirm(tree, client_for):
    client = client_for("township_staff")
    rows = roster_people(random.Random(7), 40)
    response = client.post(
        reverse("core:import_upload", args=["members"]),
        {
            "file": SimpleUploadedFile("花名册.xlsx", roster_workbook(rows)),
            "org": tree.union_a1.pk,
        },
    )
    check = _job(response)
    assert check.status == JobStatus.DONE, check.message
    assert check.outcome["total"] == 40 and not check.outcome["error_rows"]
    assert not Member.objects.exists()  # checked, not saved
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert rows[0]["姓名"] in page.content.decode()  # the preview

    commit = _job(client.post(reverse("core:job_confirm", args=[check.pk])))
    assert commit.status == JobStatus.DONE, commit.message
    assert commit.outcome["saved"] == 40
    assert Member.objects.filter(union=tree.union_a1).count() == 40


def test_the_web_page_returns_the_error_workbook(tree, client_for):
    client = client_for("township_staff")
    rows = roster_people(random.Random(8), 10)
    rows[4]["入会日期"] = "2015年13月"
    response = client.post(
        reverse("core:import_upload", args=["members"]),
        {
            "file": SimpleUploadedFile("花名册.xlsx", roster_workbook(rows)),
            "org": tree.union_a1.pk,
        },
    )
    check = _job(response)
    assert check.outcome["error_rows"] == 1
    assert list(check.outcome["errors"]) == ["6"]
    assert "入会日期" in check.outcome["errors"]["6"][0]
    download = client.get(reverse("core:job_download", args=[check.pk]))
    marked = excel_rows_with_errors(b"".join(download.streaming_content))
    assert set(marked) == {6}
    assert client.post(reverse("core:job_confirm", args=[check.pk])).status_code == 403
    assert not Member.objects.exists()


def test_import_xlsx_members_with_org(tree, personas, tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roster_workbook(roster_people(random.Random(9), 25)))
    call_command("import_xlsx", "members", str(path), "--org", tree.union_a1.code, "--dry-run")
    assert not Member.objects.exists()
    call_command("import_xlsx", "members", str(path), "--org", tree.union_a1.code)
    assert Member.objects.filter(union=tree.union_a1).count() == 25

    # The same file again: every row is already a member of this union; nothing changes.
    with pytest.raises(CommandError, match="25 of 25 rows failed"):
        call_command("import_xlsx", "members", str(path), "--org", tree.union_a1.code)
    assert (tmp_path / "花名册-错误原因.xlsx").exists()
    assert Member.objects.count() == 25

    with pytest.raises(CommandError, match="needs --org"):
        call_command("import_xlsx", "members", str(path))
    with pytest.raises(CommandError, match="No organisation"):
        call_command(
            "import_xlsx",
            "members",
            str(path),
            "--org",
            tree.union_b1.code,
            "--user",
            "township_staff",
        )


def test_the_template_has_the_real_name_headers(db, tmp_path):
    out = tmp_path / "模板.xlsx"
    call_command("import_xlsx", "members", "--template", str(out))
    sheet = openpyxl.load_workbook(out).worksheets[0]
    headers = [str(cell.value).lstrip("*") for cell in sheet[1]]
    assert headers[:8] == [
        "姓名",
        "性别",
        "出生日期",
        "民族",
        "就业情况",
        "证件类型",
        "证件号码",
        "会员卡号",
    ]
    assert "所属工会代码" in headers and "入会日期" in headers and "会籍变化原因" in headers
    # A filled-in template imports: its own headers, and the template's wording in the cells.
    assert set(ROSTER_HEADERS) - {"序号"} <= set(headers)


def test_rows_are_counted_also_in_a_streamed_sheet(db):
    """Large uploads are read in streaming mode, whose declared dimensions are not trusted: the
    count that chooses between inline and background work reads the sheet's XML instead."""
    data = roster_workbook(roster_people(random.Random(10), 3_000), title_rows=["花名册"])
    assert IMPORTER.count_rows(data) == 3_002
    workbook = open_workbook(data, read_only=True)
    sheet, _header_row, _mapping = find_sheet(workbook, IMPORTER.sheet)
    assert sheet.max_row is None  # streaming: not known without reading
    assert importing._row_count(sheet) == 3_002


def test_pinyin_of_names_is_exactly_what_the_model_stores():
    rng = random.Random(11)
    names = [
        rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        for _ in range(3_000)
    ]
    names += ["长春", "重阳", "单田芳", "曾国藩", "乐嘉", "解放", "行长", "买买提·艾力", "A哥"]
    names += ["曾伟", "单于丽", "万俟明", "长孙无忌", "曾经", "曾", "解", "朴 槿惠"]
    for name in names:
        assert importing.name_pinyin(name) == Member(name=name).name_readings(), name
    assert importing.name_pinyin("曾国藩") == ("zengguofan", "zgf")
