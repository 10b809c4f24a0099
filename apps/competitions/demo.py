"""The demo county's labour competitions, FIRST_YEAR to the demo's "today" (membership's
`AS_OF`), deterministic from `rng`:

- each year the county federation runs a key-project merit competition (五比五看 or 七比一创)
  over two or three major projects, a vocational skills contest in four trades, a service
  window competition and a 五小 competition; each township runs an industry competition;
- employers take part: a sixth of the organised enterprises in the key-project competition
  (so many are in two overlapping competitions), the township's own in its competition, with
  their workers (人次) and teams;
- each trade has 8–20 contestants with final results: the first three win prizes and money,
  the first is granted 技术能手 and the first three are promoted a grade;
- closed competitions commend their winning units, teams and people, dated within the period;
  this year's run on ("today" falls in them).

Rows are written in bulk without a history event each (the demo data is nobody's change);
every row keeps the rules the services check (and the database's)."""

import datetime
from decimal import Decimal

import pgtrigger

from apps.core.choices import OrgLevel
from apps.core.models import Employer, UnionOrg
from apps.core.services import history_context
from apps.membership.demo import AS_OF

from . import demo_innovation
from .choices import (
    AwardeeKind,
    AwardTitle,
    CompetitionLevel,
    CompetitionStatus,
    CompetitionType,
    ContestRound,
    GradePromotion,
    Prize,
    TitleGranted,
)
from .models import (
    Competition,
    CompetitionAward,
    CompetitionProject,
    Contestant,
    ContestResult,
    Participation,
    SkillsContest,
)

FIRST_YEAR = 2021
MODELS = (
    Competition,
    CompetitionProject,
    Participation,
    CompetitionAward,
    SkillsContest,
    Contestant,
    ContestResult,
)
TRACKED = [
    f"competitions.{model.__name__}:{op}_{op}"
    for model in MODELS
    for op in ("insert", "update", "delete")
]
TRADES = ["焊工", "电工", "钳工", "车工", "数控车工", "茶叶加工工", "中式烹调师", "育婴员"]
PROJECTS = [
    "县城污水处理厂扩建工程",
    "清河大道改造工程",
    "工业园区标准厂房",
    "高铁站站前广场",
    "县人民医院新院区",
    "农村公路提档升级工程",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国志强秀英桂兰海燕伟明晓东丽华红梅国庆春生玉兰永刚文军"
PRIZES = [(Prize.FIRST, 12000), (Prize.SECOND, 7000), (Prize.THIRD, 5000)]


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def _status(ends_on):
    return CompetitionStatus.CLOSED if ends_on < AS_OF else CompetitionStatus.RUNNING


def _competition(
    county,
    year,
    kind,
    name,
    *,
    organiser=None,
    level=CompetitionLevel.COUNTY,
    scheme="",
    co="",
    start=(3, 1),
    end=(11, 30),
    budget=0,
):
    starts_on = datetime.date(year, *start)
    ends_on = datetime.date(year, *end)
    return Competition(
        name=name,
        competition_type=kind,
        scheme=scheme,
        level=level,
        organiser=organiser or county,
        co_organisers=co,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=Decimal(budget),
        status=_status(ends_on),
    )


def build(rng):
    county = UnionOrg.objects.filter(level=OrgLevel.COUNTY).order_by("pk").first()
    townships = list(UnionOrg.objects.filter(level=OrgLevel.TOWNSHIP).order_by("code"))
    employers = list(Employer.objects.filter(union__isnull=False, nature__lt="400").order_by("pk"))
    if county is None or not employers:
        return {}
    by_township = {}
    for employer in employers:
        by_township.setdefault(employer.township_id, []).append(employer)
    plans = []  # (competition, [(employer, workers, teams)], trades, projects)
    for year in range(FIRST_YEAR, AS_OF.year + 1):
        scheme = "五比五看" if year % 2 else "七比一创"
        key = _competition(
            county,
            year,
            CompetitionType.KEY_PROJECT,
            f"{year}年全县重点工程“{scheme}”立功竞赛",
            scheme=scheme,
            co="县发改局、县住建局",
            budget=rng.randint(20, 60) * 10000,
        )
        chosen = rng.sample(employers, max(1, len(employers) // 6))
        plans.append(
            (
                key,
                [(e, rng.randint(20, 300), rng.randint(1, 8)) for e in chosen],
                [],
                rng.sample(PROJECTS, rng.randint(2, 3)),
            )
        )
        skills = _competition(
            county,
            year,
            CompetitionType.SKILLS_CONTEST,
            f"{year}年全县职工职业技能大赛",
            co="县人社局",
            start=(5, 1),
            end=(10, 31),
            budget=rng.randint(10, 30) * 10000,
        )
        plans.append((skills, [], rng.sample(TRADES, 4), []))
        window = _competition(
            county,
            year,
            CompetitionType.SERVICE_WINDOW,
            f"{year}年全县窗口服务劳动竞赛",
            start=(4, 1),
            end=(12, 31),
        )
        plans.append(
            (
                window,
                [
                    (e, rng.randint(10, 60), 1)
                    for e in rng.sample(employers, max(1, len(employers) // 12))
                ],
                [],
                [],
            )
        )
        five = _competition(
            county,
            year,
            CompetitionType.FIVE_SMALL,
            f"{year}年全县“五小”竞赛",
            start=(2, 1),
            end=(11, 30),
        )
        plans.append(
            (
                five,
                [
                    (e, rng.randint(5, 40), 1)
                    for e in rng.sample(employers, max(1, len(employers) // 10))
                ],
                [],
                [],
            )
        )
        for township in townships:
            own = by_township.get(township.pk, [])
            if not own or rng.random() < 0.4:
                continue
            local = _competition(
                county,
                year,
                CompetitionType.INDUSTRY,
                f"{year}年{township.short_name or township.name}行业劳动竞赛",
                organiser=township,
                level=CompetitionLevel.TOWNSHIP,
                start=(4, 15),
                end=(10, 15),
            )
            picked = rng.sample(own, max(1, len(own) // 3))
            plans.append(
                (local, [(e, rng.randint(10, 120), rng.randint(1, 4)) for e in picked], [], [])
            )
    with history_context(None, source="seed_demo"), pgtrigger.ignore(*TRACKED):
        return _write(rng, plans, employers)


def _write(rng, plans, employers):
    Competition.objects.bulk_create([plan[0] for plan in plans], batch_size=500)
    projects = CompetitionProject.objects.bulk_create(
        CompetitionProject(competition=c, name=name, investment=Decimal(rng.randint(1, 50) * 10**6))
        for c, _, _, names in plans
        for name in names
    )
    entries = Participation.objects.bulk_create(
        (
            Participation(
                competition=c,
                employer=e,
                workers=w,
                teams=t,
                project=next((p for p in projects if p.competition_id == c.pk), None),
            )
            for c, rows, _, _ in plans
            for e, w, t in rows
        ),
        batch_size=2000,
    )
    contests = SkillsContest.objects.bulk_create(
        SkillsContest(
            competition=c, trade=trade, rounds=2, held_on=c.ends_on - datetime.timedelta(days=10)
        )
        for c, _, trades, _ in plans
        for trade in trades
    )
    contestants = []
    for contest in contests:
        for number, employer in enumerate(
            rng.sample(employers, min(len(employers), rng.randint(8, 20))), 1
        ):
            contestants.append(
                Contestant(
                    contest=contest, name=_name(rng), employer=employer, number=f"{number:03d}"
                )
            )
    Contestant.objects.bulk_create(contestants, batch_size=2000)
    results = []
    by_contest = {}
    for contestant in contestants:
        by_contest.setdefault(contestant.contest_id, []).append(contestant)
    closed = {c.pk for c, *_ in plans if c.status == CompetitionStatus.CLOSED}
    competition_of = {contest.pk: contest.competition_id for contest in contests}
    for contest_id, entered in by_contest.items():
        if competition_of[contest_id] not in closed:
            continue
        for rank, contestant in enumerate(entered, 1):
            prize, money = PRIZES[rank - 1] if rank <= 3 else ("", 0)
            results.append(
                ContestResult(
                    contestant=contestant,
                    round=ContestRound.FINAL,
                    rank=rank,
                    score=Decimal(rng.randint(600, 990)) / 10,
                    prize=prize,
                    prize_money=Decimal(money),
                    title_granted=TitleGranted.EXPERT if rank == 1 else "",
                    promotion=GradePromotion.TECHNICIAN if rank <= 3 else "",
                )
            )
    ContestResult.objects.bulk_create(results, batch_size=2000)
    awards = []
    for competition, rows, _, _ in plans:
        if competition.status != CompetitionStatus.CLOSED or not rows:
            continue
        day = competition.ends_on - datetime.timedelta(days=5)
        ranked = sorted(rows, key=lambda row: -row[1])[:3]
        for employer, _workers, _teams in ranked:
            awards.append(
                CompetitionAward(
                    competition=competition,
                    awardee_kind=AwardeeKind.UNIT,
                    employer=employer,
                    title=AwardTitle.WINNING_UNIT,
                    awarded_on=day,
                    document_no=f"清工发〔{day.year}〕{rng.randint(10, 60)}号",
                )
            )
        for _ in range(rng.randint(2, 5)):
            employer = rng.choice(rows)[0]
            awards.append(
                CompetitionAward(
                    competition=competition,
                    awardee_kind=AwardeeKind.PERSON,
                    employer=employer,
                    person_name=_name(rng),
                    title=AwardTitle.ADVANCED_PERSON,
                    awarded_on=day,
                )
            )
        employer = ranked[0][0]
        awards.append(
            CompetitionAward(
                competition=competition,
                awardee_kind=AwardeeKind.TEAM,
                employer=employer,
                team_name=rng.choice(["一班", "突击队", "青年班组", "维修班"]),
                title=AwardTitle.ADVANCED_TEAM,
                awarded_on=day,
            )
        )
    CompetitionAward.objects.bulk_create(awards, batch_size=2000)
    return {
        "competitions": len(plans),
        "participations": len(entries),
        "contestants": len(contestants),
        "results": len(results),
        "awards": len(awards),
    }


def seed(*, rng, options=None, out=None, **_ignored):
    counts = build(rng)
    if out is not None and counts:
        out.write(
            f"Competitions: {counts['competitions']} competitions, {counts['participations']} "
            f"employers taking part, {counts['contestants']} contestants, {counts['awards']} "
            "awards."
        )
    counts["innovation"] = demo_innovation.seed(rng=rng, options=options, out=out)
    return counts
