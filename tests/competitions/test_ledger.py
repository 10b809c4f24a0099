"""Ledger round trips: participants by name (set-based) and per employer (through the form),
contest results; a bad row names the row and the reason and nothing is saved."""

import io

import openpyxl
import pytest
from django.urls import reverse

from apps.competitions.choices import CompetitionStatus
from apps.competitions.models import (
    Contestant,
    ContestResult,
    Participant,
    Participation,
    SkillsContest,
)
from apps.core.ledgers import IMPORTERS

from .conftest import advance_to, enter

pytestmark = pytest.mark.django_db


def workbook(header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_participants_import_with_a_bad_row_saves_nothing(tree, comp, personas):
    data = workbook(
        ["竞赛编号", "单位名称", "姓名", "性别", "工种"],
        [
            [comp.pk, "宏达纺织有限公司", "张三", "男", "挡车工"],
            [comp.pk, "不存在的公司", "李四", "女", "挡车工"],
            [comp.pk, "宏达纺织有限公司", "", "女", "挡车工"],
        ],
    )
    outcome = IMPORTERS["competition_participants"].run(
        data, user=personas["township_staff"], commit=True
    )
    assert set(outcome.errors) == {3, 4}
    assert "不存在的公司" in " ".join(outcome.errors[3])
    assert "姓名" in " ".join(outcome.errors[4])
    assert not Participant.objects.exists()
    assert not Participation.objects.exists()


def test_participants_import_creates_entries_and_raises_the_workers(tree, comp, personas):
    enter(comp, tree.employer_a1, 1)
    rows = [[comp.pk, "宏达纺织有限公司", f"职工{i}", "男", "挡车工"] for i in range(3)]
    data = workbook(["竞赛编号", "单位名称", "姓名", "性别", "工种"], rows)
    outcome = IMPORTERS["competition_participants"].run(
        data, user=personas["township_staff"], commit=True
    )
    assert outcome.ok and outcome.saved == 3
    entry = Participation.objects.get()
    assert entry.workers == 3
    assert Participant.objects.filter(participation=entry).count() == 3
    assert Participant.objects.get(name="职工0").sex == "1"
    assert entry.participants.first().events.count() == 1  # history written


def test_participants_import_refuses_another_townships_competition(tree, personas):
    from .conftest import make_competition

    theirs = make_competition(tree.township_b, name="新庄镇竞赛")
    data = workbook(["竞赛编号", "单位名称", "姓名"], [[theirs.pk, "宏达纺织有限公司", "张三"]])
    outcome = IMPORTERS["competition_participants"].run(
        data, user=personas["township_staff"], commit=True
    )
    assert list(outcome.errors) == [2]
    assert not Participant.objects.exists()


def test_participants_import_refused_after_the_assessment(tree, comp, personas):
    comp = advance_to(comp, CompetitionStatus.COMMENDING)
    data = workbook(["竞赛编号", "单位名称", "姓名"], [[comp.pk, "宏达纺织有限公司", "张三"]])
    outcome = IMPORTERS["competition_participants"].run(
        data, user=personas["township_staff"], commit=True
    )
    assert "until the assessment ends" in " ".join(outcome.errors[2])


def test_employer_entries_export_and_import_round_trip(tree, comp, personas, client_for):
    enter(comp, tree.employer_a1, 40, teams=3)
    client = client_for("township_staff")
    exported = client.get(reverse("competitions:participation_export"))
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in values if "参赛职工人次" in row)
    assert any(40 in row and "宏达纺织有限公司" in row for row in values)
    Participation.objects.all().delete()
    outcome = IMPORTERS["competition_entries"].run(
        exported.content, user=personas["township_staff"], commit=True
    )
    assert outcome.ok, outcome.errors
    entry = Participation.objects.get()
    assert (entry.employer, entry.workers, entry.teams) == (tree.employer_a1, 40, 3)
    assert "单位名称" in header


def test_employer_entries_with_a_bad_row_save_nothing(tree, comp, personas):
    data = workbook(
        ["竞赛编号", "单位名称", "参赛职工人次"],
        [[comp.pk, "宏达纺织有限公司", 30], [comp.pk, "宏达纺织有限公司", 20]],
    )
    outcome = IMPORTERS["competition_entries"].run(
        data, user=personas["township_staff"], commit=True
    )
    assert list(outcome.errors) == [3]
    assert not Participation.objects.exists()


def test_results_only_for_entered_contestants(tree, comp, personas):
    contest = SkillsContest.objects.create(competition=comp, trade="焊工")
    Contestant.objects.create(contest=contest, name="赵工", employer=tree.employer_a1)
    data = workbook(
        ["竞赛编号", "工种", "姓名", "单位名称", "名次", "授予称号"],
        [
            [comp.pk, "焊工", "赵工", "宏达纺织有限公司", 1, "技术能手"],
            [comp.pk, "焊工", "钱工", "宏达纺织有限公司", 2, ""],
        ],
    )
    outcome = IMPORTERS["contest_results"].run(data, user=personas["township_staff"], commit=True)
    assert list(outcome.errors) == [3]
    assert "only for contestants entered" in " ".join(outcome.errors[3])
    assert not ContestResult.objects.exists()
    data = workbook(
        ["竞赛编号", "工种", "姓名", "单位名称", "名次", "授予称号"],
        [[comp.pk, "焊工", "赵工", "宏达纺织有限公司", 1, "技术能手"]],
    )
    outcome = IMPORTERS["contest_results"].run(data, user=personas["township_staff"], commit=True)
    assert outcome.ok, outcome.errors
    assert ContestResult.objects.get().title_granted == "expert"
