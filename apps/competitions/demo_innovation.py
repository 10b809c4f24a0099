"""The demo county's innovation side, FIRST_YEAR to the demo's "today" (membership's `AS_OF`),
called at the end of the app's `demo.seed`:

- each year, proposals (合理化建议) in a third of the organised enterprises, most reviewed
  within two months (about half adopted or partly adopted, a fifth not adopted with the
  reason, some archived), most adopted ones implemented with an annual benefit, a few marked
  金点子; those submitted in the last weeks before "today" still wait for review;
- 五小 and technical innovations, a few with patents;
- innovation studios led by model workers of the registry who hold a qualifying honour for
  the studio's type and level (`rules_innovation.QUALIFYING`), named with a subsidy, with a
  yearly report and a re-check due three years on;
- 安康杯 entries of a quarter of the organised enterprises each year.

Rows are written in bulk without a history event each (the demo data is nobody's change);
every row keeps the rules the services check (and the database's)."""

import datetime
from decimal import Decimal

import pgtrigger

from apps.core.choices import OrgLevel
from apps.core.models import Employer
from apps.core.services import history_context
from apps.membership.demo import AS_OF

from . import rules_innovation as rules
from .choices_innovation import (
    AnkangAward,
    AwardLevel,
    InnovationKind,
    PatentKind,
    ProposalCategory,
    ProposalReview,
    StudioLevel,
    StudioStatus,
    StudioType,
)
from .models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal, StudioReport

FIRST_YEAR = 2021
DAY = datetime.timedelta(days=1)
TRACKED = [
    f"competitions.{m}:insert_insert"
    for m in ("Proposal", "Innovation", "InnovationStudio", "StudioReport", "AnkangEntry")
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
TOPICS = [
    "关于优化{}工序流程的建议",
    "{}设备节能改造建议",
    "改进{}质量检验方法",
    "{}车间安全防护改进",
    "降低{}原材料损耗的办法",
    "{}班组管理制度完善建议",
]
SUBJECTS = ["纺纱", "织造", "包装", "机加工", "焊接", "装配", "仓储", "配电", "锅炉", "污水处理"]


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _day(rng, year):
    last = min(datetime.date(year, 12, 31), AS_OF)
    first = datetime.date(year, 1, 1)
    return first + rng.randint(0, (last - first).days) * DAY


def _proposal(rng, employer, year):
    submitted = _day(rng, year)
    p = Proposal(
        title=rng.choice(TOPICS).format(rng.choice(SUBJECTS)),
        org=employer.union,
        employer=employer,
        proposers="、".join(_name(rng) for _ in range(rng.choice((1, 1, 1, 2, 3)))),
        category=rng.choice(ProposalCategory.values),
        submitted_on=submitted,
    )
    reviewed = submitted + rng.randint(10, 60) * DAY
    if reviewed > AS_OF or rng.random() < 0.1:
        return p
    roll = rng.random()
    p.reviewed_on = reviewed
    if roll < 0.35:
        p.review_result = ProposalReview.ADOPTED
    elif roll < 0.55:
        p.review_result = ProposalReview.PARTLY
    elif roll < 0.8:
        p.review_result = ProposalReview.REJECTED
        p.review_reason = rng.choice(["投入过大，暂不具备实施条件", "已有类似措施", "技术上不可行"])
    else:
        p.review_result = ProposalReview.ARCHIVED
    implemented = reviewed + rng.randint(15, 120) * DAY
    adopted = p.review_result in (ProposalReview.ADOPTED, ProposalReview.PARTLY)
    if adopted and implemented <= AS_OF and rng.random() < 0.8:
        p.implemented_on = implemented
        p.annual_benefit = Decimal(rng.randint(2, 300) * 1000)
        p.reward = Decimal(rng.choice((200, 300, 500, 1000, 2000)))
        p.golden_idea = p.annual_benefit >= 200000
    return p


def _innovation(rng, employer, year):
    kind = rng.choice(InnovationKind.values)
    i = Innovation(
        title=f"{rng.choice(SUBJECTS)}{InnovationKind(kind).label}成果",
        kind=kind,
        org=employer.union,
        employer=employer,
        people="、".join(_name(rng) for _ in range(rng.randint(1, 4))),
        year=year,
        benefit=Decimal(rng.randint(0, 80) * 5000),
        award_level=rng.choice(["", "", AwardLevel.COUNTY, AwardLevel.CITY, AwardLevel.ENTERPRISE]),
    )
    if kind == InnovationKind.BREAKTHROUGH:
        i.problems_solved = f"解决了{rng.choice(SUBJECTS)}环节的效率和质量难题"
    if rng.random() < 0.15:
        i.patent_kind = rng.choice(PatentKind.values)
        i.patent_no = f"ZL{year}{rng.randint(1, 2)}{rng.randint(10000000, 99999999)}"
    return i


def _studios(rng):
    """Studios for model workers holding a qualifying honour, at the level it allows."""
    from apps.modelworkers.models import ModelWorker

    studios, reports = [], []
    workers = list(
        ModelWorker.objects.filter(employer__isnull=False, employer__union__isnull=False)
        .select_related("employer__union")
        .order_by("pk")[:400]
    )
    rng.shuffle(workers)
    for worker in workers:
        if len(studios) >= 24:
            break
        studio_type = rng.choice(StudioType.values)
        level = next(
            (
                lv
                for lv in (StudioLevel.CITY, StudioLevel.COUNTY)
                if rules.qualifying_awards(worker, studio_type, lv).exists()
            ),
            None,
        )
        if level is None:
            continue
        named = datetime.date(rng.randint(FIRST_YEAR, AS_OF.year - 1), rng.randint(3, 11), 18)
        studios.append(
            InnovationStudio(
                name=f"{worker.name}{StudioType(studio_type).label}",
                studio_type=studio_type,
                level=level,
                org=worker.employer.union,
                host_employer=worker.employer,
                leader=worker,
                members=rng.randint(5, 30),
                status=StudioStatus.NAMED,
                named_on=named,
                doc_no=f"清工发〔{named.year}〕{rng.randint(10, 60)}号",
                subsidy=Decimal(50000 if level == StudioLevel.CITY else 30000),
                recheck_due=named.replace(year=named.year + 3),
            )
        )
    return studios, reports


def build(rng):
    if Proposal.objects.exists() or AnkangEntry.objects.exists():
        return {}  # seeded already: a second seed adds nothing
    employers = list(
        Employer.objects.filter(union__isnull=False, nature__lt="400")
        .select_related("union")
        .order_by("pk")
    )
    if not employers or not Employer.objects.filter(township__level=OrgLevel.TOWNSHIP).exists():
        return {}
    proposals, innovations, entries = [], [], []
    for year in range(FIRST_YEAR, AS_OF.year + 1):
        for employer in employers:
            if rng.random() < 0.33:
                proposals.extend(_proposal(rng, employer, year) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.12:
                innovations.append(_innovation(rng, employer, year))
            if rng.random() < 0.25 and year < AS_OF.year:
                teams = rng.randint(2, 20)
                entries.append(
                    AnkangEntry(
                        employer=employer,
                        year=year,
                        teams=teams,
                        workers=teams * rng.randint(6, 25),
                        score=Decimal(rng.randint(820, 1000)) / 10,
                        award=rng.choice(["", "", "", AnkangAward.WINNER, AnkangAward.TEAM]),
                    )
                )
    studios, _reports = _studios(rng)
    with history_context(None, source="seed_demo"), pgtrigger.ignore(*TRACKED):
        Proposal.objects.bulk_create(proposals, batch_size=2000)
        Innovation.objects.bulk_create(innovations, batch_size=2000)
        AnkangEntry.objects.bulk_create(entries, batch_size=2000)
        InnovationStudio.objects.bulk_create(studios)
        StudioReport.objects.bulk_create(
            StudioReport(
                studio=studio,
                year=year,
                topics=rng.randint(1, 6),
                patents=rng.randint(0, 3),
                apprentices=rng.randint(2, 15),
                benefit=Decimal(rng.randint(5, 200) * 1000),
            )
            for studio in studios
            for year in range(studio.named_on.year, AS_OF.year)
        )
    return {
        "proposals": len(proposals),
        "innovations": len(innovations),
        "studios": len(studios),
        "ankang": len(entries),
    }


def seed(*, rng, options=None, out=None, **_ignored):
    counts = build(rng)
    if out is not None and counts:
        out.write(
            f"Innovation: {counts['proposals']} proposals, {counts['innovations']} innovations, "
            f"{counts['studios']} studios, {counts['ankang']} 安康杯 entries."
        )
    return counts
