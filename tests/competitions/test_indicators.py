"""Every competitions figure against independent SQL, for a calendar year, a range of years
and a statistics year, for the county and each township; drill-downs hold exactly the records
counted; an employer in overlapping competitions counts once, its 人次 are summed.

  C1 key project, township A, 2024-03-01 – 2024-11-30: employer_a1 100, state_a 30;
     awards: employer_a1 (unit) 2024-11-20, 王师傅 (person) 2024-11-25
  C2 skills contest, county, 2024-05-01 – 2025-06-30: employer_a1 20, employer_b1 15;
     焊工: 赵工 (a1, 技术能手 + 晋升技师), 钱工 (b1, 二等奖)
  C3 industry, township B, 2023-04-01 – 2023-10-31: employer_b1 50
"""

import datetime

import pytest
from django.db import connection

from apps.competitions import services
from apps.competitions.choices import (
    AwardeeKind,
    AwardTitle,
    CompetitionStatus,
    CompetitionType,
    GradePromotion,
    Prize,
    TitleGranted,
)
from apps.competitions.models import CompetitionAward, Contestant, ContestResult, SkillsContest
from apps.core.models import Employer
from apps.reports.evaluation import compute
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY

from .conftest import advance_to, enter, make_competition

D = datetime.date
pytestmark = pytest.mark.django_db
PERIODS = {
    "year 2024": Period.year(2024),
    "year 2023": Period.year(2023),
    "years 2023-2025": Period.years(2023, 2025),
    "stats 2024": Period.stats_year(2024),
}
MINE = [
    code
    for code in REGISTRY
    if code.startswith("competitions.")
    and code.split(".")[1].startswith(
        (
            "competitions",
            "employers",
            "workers",
            "key_project",
            "contest",
            "titles",
            "promotions",
            "units_",
            "people_",
        )
    )
]


@pytest.fixture
def history(tree):
    state = Employer.objects.create(
        name="城关镇国有粮库", nature="110", township=tree.township_a, headcount=30
    )
    c1 = make_competition(tree.township_a, start=(2024, 3, 1), end=(2024, 11, 30))
    enter(c1, tree.employer_a1, 100)
    enter(c1, state, 30)
    c2 = make_competition(
        tree.county,
        name="全县职业技能大赛",
        competition_type=CompetitionType.SKILLS_CONTEST,
        start=(2024, 5, 1),
        end=(2025, 6, 30),
    )
    enter(c2, tree.employer_a1, 20)
    enter(c2, tree.employer_b1, 15)
    contest = SkillsContest.objects.create(competition=c2, trade="焊工")
    zhao = Contestant.objects.create(contest=contest, name="赵工", employer=tree.employer_a1)
    qian = Contestant.objects.create(contest=contest, name="钱工", employer=tree.employer_b1)
    ContestResult.objects.create(
        contestant=zhao,
        rank=1,
        title_granted=TitleGranted.EXPERT,
        promotion=GradePromotion.TECHNICIAN,
    )
    ContestResult.objects.create(contestant=qian, rank=2, prize=Prize.SECOND)
    c3 = make_competition(
        tree.township_b,
        name="新庄镇机械行业竞赛",
        competition_type=CompetitionType.INDUSTRY,
        start=(2023, 4, 1),
        end=(2023, 10, 31),
    )
    enter(c3, tree.employer_b1, 50)
    c1 = advance_to(c1, CompetitionStatus.COMMENDING)
    for kind, fields in (
        (AwardeeKind.UNIT, {"employer": tree.employer_a1, "title": AwardTitle.WINNING_UNIT}),
        (AwardeeKind.PERSON, {"person_name": "王师傅", "title": AwardTitle.ADVANCED_PERSON}),
    ):
        day = D(2024, 11, 20) if kind == AwardeeKind.UNIT else D(2024, 11, 25)
        services.give_award(
            award=CompetitionAward(competition=c1, awardee_kind=kind, awarded_on=day, **fields),
            actor=None,
        )
    tree.state = state
    return tree


OVERLAP = "c.starts_on <= %(end)s AND c.ends_on >= %(start)s"
COMPETITIONS = f"""
    FROM competitions_competition c JOIN core_unionorg o ON o.id = c.organiser_id
    WHERE o.path LIKE %(path)s AND {OVERLAP}
"""
PARTICIPATIONS = f"""
    FROM competitions_participation p
    JOIN competitions_competition c ON c.id = p.competition_id
    JOIN core_employer e ON e.id = p.employer_id
    JOIN core_unionorg et ON et.id = e.township_id
    LEFT JOIN core_unionorg eu ON eu.id = e.union_id
    WHERE (et.path LIKE %(path)s OR eu.path LIKE %(path)s) AND {OVERLAP}
"""
NON_PUBLIC = "e.nature IN ('150', '159', '160', '169', '170', '190', '200', '300', '600')"
ORGANISED = """
    e.union_id IS NOT NULL AND e.must_organise
    AND (eu.founded_on IS NULL OR eu.founded_on <= %(day)s)
    AND (eu.status IN ('active', 'preparing') OR eu.closed_on > %(day)s)
"""
CONTEST = f"""
    FROM competitions_contestant ct
    JOIN competitions_skillscontest sc ON sc.id = ct.contest_id
    JOIN competitions_competition c ON c.id = sc.competition_id
    JOIN core_unionorg o ON o.id = c.organiser_id
    WHERE o.path LIKE %(path)s AND {OVERLAP}
"""
RESULTS = CONTEST.replace(
    "FROM competitions_contestant ct",
    "FROM competitions_contestresult r JOIN competitions_contestant ct ON ct.id = r.contestant_id",
)
AWARDS = """
    FROM competitions_competitionaward a
    JOIN competitions_competition c ON c.id = a.competition_id
    JOIN core_unionorg o ON o.id = c.organiser_id
    WHERE o.path LIKE %(path)s AND a.awarded_on BETWEEN %(start)s AND %(end)s
"""


def sql(query, **params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        value = cursor.fetchone()[0]
    return 0 if value is None else value


def expected(code, scope, period):
    day = min(period.end, datetime.date.today())
    p = {"path": scope.path + "%", "start": period.start, "end": period.end, "day": day}
    name = code.split(".", 1)[1]
    types = {
        "key_project": "key_project",
        "skills_contest": "skills_contest",
        "skills_drill": "skills_drill",
        "five_small": "five_small",
        "service_window": "service_window",
        "industry": "industry",
    }
    if name == "competitions":
        return sql(f"SELECT count(*) {COMPETITIONS}", **p)
    if name.startswith("competitions_"):
        kind = types[name.removeprefix("competitions_")]
        return sql(f"SELECT count(*) {COMPETITIONS} AND c.competition_type = '{kind}'", **p)
    distinct = f"SELECT count(DISTINCT p.employer_id) {PARTICIPATIONS}"
    summed = f"SELECT sum(p.workers) {PARTICIPATIONS}"
    queries = {
        "employers": distinct,
        "employers_non_public": f"{distinct} AND {NON_PUBLIC}",
        "employers_organised": f"{distinct} AND {ORGANISED}",
        "workers": summed,
        "workers_non_public": f"{summed} AND {NON_PUBLIC}",
        "key_project_workers": f"{summed} AND c.competition_type = 'key_project'",
        "contests": f"SELECT count(DISTINCT sc.id) FROM competitions_skillscontest sc "
        f"JOIN competitions_competition c ON c.id = sc.competition_id "
        f"JOIN core_unionorg o ON o.id = c.organiser_id WHERE o.path LIKE %(path)s AND {OVERLAP}",
        "contestants": f"SELECT count(*) {CONTEST}",
        "titles_granted": f"SELECT count(*) {RESULTS} AND r.title_granted <> ''",
        "promotions": f"SELECT count(*) {RESULTS} AND r.promotion <> ''",
        "units_commended": f"SELECT count(*) {AWARDS} AND a.awardee_kind IN ('unit', 'team')",
        "people_commended": f"SELECT count(*) {AWARDS} AND a.awardee_kind = 'person'",
    }
    if name == "employers_share":
        numerator = sql(queries["employers_organised"], **p)
        denominator = REGISTRY["membership.organised_employers"].value(scope, period)
        return None if not denominator else round(100 * numerator / denominator, 1)
    return sql(queries[name], **p)


def test_every_figure_is_checked():
    assert len(MINE) == 7 + 4 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1, MINE


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_figures_match_independent_sql(history, period_name):
    tree, period = history, PERIODS[period_name]
    for scope in (tree.county, tree.township_a, tree.township_b):
        together = compute(scope, period, MINE)
        for code in MINE:
            value = REGISTRY[code].value(scope, period)
            want = expected(code, scope, period)
            if code.endswith("_share") and value is not None:
                assert float(value) == pytest.approx(want, abs=0.05), (code, scope.name)
            else:
                assert value == want, (code, scope.name, period_name)
            assert together[code] == value, (code, scope.name, period_name)


def test_an_employer_in_overlapping_competitions_counts_once_and_its_workers_add_up(history):
    tree, period = history, Period.year(2024)
    assert REGISTRY["competitions.employers"].value(tree.county, period) == 3
    assert REGISTRY["competitions.workers"].value(tree.county, period) == 100 + 30 + 20 + 15
    assert REGISTRY["competitions.employers_non_public"].value(tree.county, period) == 2
    assert REGISTRY["competitions.employers"].value(tree.township_a, period) == 2


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_drilldowns_hold_exactly_the_records_counted(history, period_name):
    tree, period = history, PERIODS[period_name]
    for code in MINE:
        item = REGISTRY[code]
        if item.is_ratio or item.aggregate is not None:
            continue
        records = item.drilldown_records(tree.county, period)
        assert records.count() == item.value(tree.county, period), code
