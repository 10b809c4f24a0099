"""The 先进集体 import (`IMPORTERS["honoured_collectives"]`): a collective by its name within its
union, made by the first row naming it, found when on file; its honours checked by the award
rules; every bad row named at once and nothing saved then; history in the import's context;
queries that do not grow with the file."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.ledgers import IMPORTERS
from apps.core.models import Employer
from apps.modelworkers import services
from apps.modelworkers.choices import CollectiveKind, CollectiveStatus
from apps.modelworkers.models import Collective, HonourAward

from .conftest import award, make_collective

pytestmark = pytest.mark.usefixtures("media_root")

IMPORTER = IMPORTERS["honoured_collectives"]
HEADER = ["集体名称", "集体类别", "管理工会代码", "所属单位", "负责人", "荣誉称号", "获得年份"]


def row(name, kind="team", code="QH-01-001", employer="宏达纺织有限公司", honour="县工人先锋号",
        year=2024, leader="张志强"):  # fmt: skip
    return [name, kind, code, employer, leader, honour, year]


def workbook(*rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "先进集体"
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def events(model):
    return model._meta.get_field("events").related_model.objects


def counts():
    return (
        Collective.objects.count(),
        HonourAward.objects.count(),
        events(Collective).count(),
        events(HonourAward).count(),
    )


def run(user, *rows, commit=True):
    return IMPORTER.run(workbook(*rows), user=user, commit=commit)


def test_a_good_file_makes_each_collective_and_its_honours(personas, tree, honour_types):
    user = personas["township_staff"]
    coded = Employer.objects.create(
        name="城关镇卫生院",
        credit_code="12330100MB0000001X",
        township=tree.township_a,
        nature="170",
    )
    on_file = make_collective(tree.union_a1, name="一号机组班")
    outcome = run(
        user,
        row("纺纱车间甲班"),
        row("纺纱车间甲班", honour="市工人先锋号", year=2025),  # the same team again
        row(
            "卫生院",
            kind="unit",
            code="QH-01-002",
            employer="12330100mb0000001x",
            honour="县五一劳动奖状",
        ),  # fmt: skip
        row("一号机组班", honour="省工人先锋号"),  # on file: the honour is added
    )
    assert outcome.ok, outcome.errors
    assert outcome.saved == 4
    team = Collective.objects.get(name="纺纱车间甲班")
    assert (team.org, team.kind, team.employer) == (tree.union_a1, "team", tree.employer_a1)
    assert team.leader == "张志强" and team.entered_by == user
    assert sorted(team.awards.values_list("honour_type__name", "year")) == [
        ("县工人先锋号", 2024),
        ("市工人先锋号", 2025),
    ]
    unit = Collective.objects.get(name="卫生院")
    assert (unit.org, unit.employer) == (tree.union_a2, coded)
    assert Collective.objects.count() == 3
    assert on_file.awards.get().honour_type.name == "省工人先锋号"
    # Readings as saving the record gives them.
    made = make_collective(tree.union_a2, name="纺纱车间甲班")
    assert (team.name_pinyin, team.name_initials) == (made.name_pinyin, made.name_initials)
    for event in events(Collective).filter(pgh_label="insert", pgh_obj_id__in=[team.pk, unit.pk]):
        assert event.pgh_context.metadata == {"user": user.pk, "source": "import"}
    assert events(HonourAward).filter(pgh_label="insert").count() == 4


def test_a_file_with_several_bad_rows_lists_every_row_and_reason_and_saves_nothing(
    personas, tree, honour_types
):
    user = personas["township_staff"]
    withdrawn = make_collective(tree.union_a1, name="撤销班")
    services.change_collective_status(
        collective=withdrawn,
        actor=None,
        status=CollectiveStatus.WITHDRAWN,
        on=datetime.date(2024, 1, 1),
        reason="违纪",
    )
    held = make_collective(tree.union_a1, name="先锋班")
    award(honour_types["县工人先锋号"], year=2024, collective=held)
    before = counts()
    outcome = run(
        user,
        row("纺纱车间甲班"),  # 2: good
        row("乙班", employer="无此单位"),  # 3
        row("丙班", code="QH-02-001"),  # 4: outside the scope
        row("丁班", honour="县五一劳动奖状"),  # 5: a unit's honour to a team
        row("撤销班"),  # 6
        row("先锋班"),  # 7: held already
        row("戊班", honour="县劳动模范"),  # 8: a person's honour
        row("纺纱车间甲班"),  # 9: the same again
        row("己班", kind="班组?"),  # 10: no such kind
    )
    assert counts() == before
    assert sorted(outcome.errors) == list(range(3, 11))
    errors = {r: " / ".join(messages) for r, messages in outcome.errors.items()}
    assert errors[3] == "所属单位: no employer 无此单位 in your scope"
    assert errors[4] == "管理工会代码: no union organisation QH-02-001 in your scope"
    assert errors[5] == "荣誉称号: 县五一劳动奖状 is conferred on: Unit; 丁班 is a Team."
    assert errors[6] == (
        "荣誉称号: The title of 撤销班 was withdrawn (取消称号): no further honour can be recorded."
    )
    assert errors[7] == "荣誉称号: 先锋班 already holds 县工人先锋号 for 2024."
    assert errors[8] == (
        "荣誉称号: 县劳动模范 is conferred on: Individual; this recipient is not one."
    )
    assert errors[9] == "荣誉称号: 纺纱车间甲班 already holds 县工人先锋号 for 2024."
    assert errors[10].startswith("集体类别: ")


def test_queries_do_not_grow_with_the_file(personas, tree, honour_types):
    user = personas["township_staff"]

    def queries(year, rows):
        on_file = [make_collective(tree.union_a1, name=f"{year}老班{n}") for n in range(3)]
        collectives = [row(f"{year}新班{n}", year=year) for n in range(rows)]
        collectives += [row(c.name, year=year) for c in on_file]
        collectives.append(row(f"{year}新班0", honour="市工人先锋号", year=year))
        with CaptureQueriesContext(connection) as captured:
            outcome = run(user, *collectives)
        assert outcome.ok, outcome.errors
        return len(captured.captured_queries)

    small, large = queries(2021, 10), queries(2022, 50)
    assert small == large
    assert small <= 30
    assert Collective.objects.filter(kind=CollectiveKind.TEAM).count() == 66
