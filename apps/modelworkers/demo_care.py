"""The demo county's nomination rounds and care ledger, 2022 to the demo's "today" (called at
the end of the registry's demo `seed`, once the model workers are on file).

- a county 五一 round each year (县五一劳动奖章): units recommend about a dozen people, most
  front-line, the notice's ratios (一线职工 ≥ 60 %, 企业负责人 ≤ 15 %, 女性 ≥ 30 %) met; 联审 by
  纪检监察 and 市场监管 (now and then an enterprise head struck off), a week's 公示 with the odd
  objection, then approval in late April conferring the honours; the last year's round is left
  under public notice;
- each year's care: 春节慰问 to most model workers on record (more for higher treatment), 五一慰问
  to the retired, home visits, health checks every other year, recuperation for a few, the
  three hardship subsidies to those flagged in hardship, honour allowances to the retired and
  insurance for some; about one entry in a hundred is reversed and most visits given again.

Everything goes through the services (each rule and the ledger's database rules hold), from a
seeded random generator, so a seed gives the same county on any day.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.core.validators import id_check_char
from apps.membership.demo import AS_OF

from .choices import Employment, PersonCategory, WorkerStatus
from .models import HonourType, ModelWorker
from .models.care import CareKind, FundLevel
from .models.rounds import CandidateStatus, CheckResult, NominationRound, ObjectionDecision
from .services import care, rounds

FIRST_YEAR = AS_OF.year - 4
ROUND_TYPE = "县五一劳动奖章"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "丽华", "海涛", "桂兰", "永红", "晓燕", "国庆", "春梅", "伟", "芳"]
D = datetime.date


def _id(rng, serial, female):
    born = D(1965 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28))
    seq = f"{serial % 1000:03d}"
    sex_digit = (int(seq[-1]) // 2) * 2 + (0 if female else 1)
    first17 = f"141024{born:%Y%m%d}{seq[:2]}{sex_digit}"
    return first17 + id_check_char(first17)


def _round(year, rng, type_, county, unions, serial):
    round_ = rounds.save_round(
        round_=NominationRound(
            org=county,
            honour_type=type_,
            year=year,
            name=f"{year}年县五一劳动奖章推荐评选",
            notice_no=f"县工发〔{year}〕{rng.randrange(3, 9)}号",
            quota=12,
            min_frontline=Decimal(60),
            max_manager=Decimal(15),
            min_women=Decimal(30),
        ),
        actor=None,
        opened_on=D(year, 3, 1),
    )
    people = []
    for n in range(12):
        category = (
            PersonCategory.MANAGER
            if n == 11
            else (PersonCategory.MIGRANT if n % 4 == 0 else PersonCategory.FRONTLINE)
        )
        if n in (9, 10):
            category = PersonCategory.TECHNICIAN
        female = n % 3 == 0
        serial += 1
        try:
            people.append(
                rounds.add_candidate(
                    round_=round_,
                    actor=None,
                    recommended_by=rng.choice(unions),
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    id_number=_id(rng, serial, female),
                    person_category=category,
                    employer_name="",
                    deeds="立足岗位、攻坚克难，带领班组完成年度生产任务。",
                )
            )
        except ValidationError:  # the same person drawn twice: the demo leaves them out
            continue
    rounds.submit_round(round_=round_, actor=None, submitted_on=D(year, 3, 25))
    rounds.record_joint_check(
        round_=round_,
        actor=None,
        department="纪检监察",
        result=CheckResult.PASSED,
        checked_on=D(year, 3, 30),
    )
    manager = people[-1]
    if rng.random() < 0.3:
        rounds.record_joint_check(
            round_=round_,
            actor=None,
            department="市场监管",
            result=CheckResult.FAILED,
            checked_on=D(year, 4, 1),
            candidate=manager,
            note="企业存在经营异常记录",
        )
    else:
        rounds.record_joint_check(
            round_=round_,
            actor=None,
            department="市场监管",
            result=CheckResult.PASSED,
            checked_on=D(year, 4, 1),
            candidate=manager,
        )
    rounds.start_publicity(
        round_=round_, actor=None, publicity_from=D(year, 4, 8), publicity_to=D(year, 4, 14)
    )
    if rng.random() < 0.5:
        objection = rounds.raise_objection(
            round_=round_,
            candidate=people[rng.randrange(8)],
            actor=None,
            raised_on=D(year, 4, 10),
            content="反映其事迹材料有夸大成分",
        )
        upheld = rng.random() < 0.3
        rounds.decide_objection(
            objection=objection,
            actor=None,
            decision=ObjectionDecision.UPHELD if upheld else ObjectionDecision.DISMISSED,
            decided_on=D(year, 4, 13),
            finding="经调查核实，反映情况属实" if upheld else "经调查核实，反映情况不属实",
        )
    if D(year, 4, 28) <= AS_OF and year < AS_OF.year:
        rounds.approve_round(
            round_=round_,
            actor=None,
            approved_on=D(year, 4, 28),
            document_no=f"县工发〔{year}〕{rng.randrange(10, 30)}号",
        )
    return serial


def _give(mw, kind, day, amount, fund, **extra):
    if day > AS_OF:
        return None
    try:
        return care.record_care(
            actor=None,
            model_worker=mw,
            kind=kind,
            given_on=day,
            amount=Decimal(amount),
            fund_level=fund,
            **extra,
        )
    except ValidationError:  # a rule refused it (e.g. a second visit): the demo leaves it out
        return None


def _care_year(year, rng, workers):
    entries = []
    for mw in workers:
        top = mw.treatment_level or "4"
        if rng.random() < 0.7 or top in ("1", "2"):
            amount = {"1": 2000, "2": 1000, "3": 800}.get(top, 500)
            entries.append(
                _give(
                    mw,
                    CareKind.SPRING_FESTIVAL,
                    D(year, 1, 15 + rng.randrange(10)),
                    amount,
                    FundLevel.UNION,
                )
            )
        if mw.employment == Employment.RETIRED and rng.random() < 0.6:
            entries.append(_give(mw, CareKind.MAY_DAY, D(year, 4, 25), 300, FundLevel.UNION))
            if top in ("1", "2", "3"):
                entries.append(
                    _give(
                        mw,
                        CareKind.ALLOWANCE,
                        D(year, 6, 30),
                        {"1": 3000, "2": 1200}.get(top, 600),
                        FundLevel.COUNTY,
                    )
                )
        if rng.random() < 0.08:
            entries.append(
                _give(
                    mw,
                    CareKind.HOME_VISIT,
                    D(year, 1 + rng.randrange(11), 10),
                    rng.choice([0, 200, 500]),
                    FundLevel.UNION,
                )
            )
        if (year + mw.pk) % 2 == 0 and rng.random() < 0.6:
            entries.append(
                _give(
                    mw,
                    CareKind.HEALTH_CHECK,
                    D(year, 5, 10 + rng.randrange(15)),
                    0,
                    FundLevel.COUNTY,
                )
            )
        if rng.random() < 0.04:
            entries.append(_give(mw, CareKind.RECUPERATION, D(year, 8, 5), 0, FundLevel.PROVINCE))
        if mw.hardship:
            entries.append(
                _give(
                    mw,
                    CareKind.LOW_INCOME,
                    D(year, 1, 10),
                    rng.choice([3000, 5000]),
                    FundLevel.PROVINCE,
                )
            )
            if rng.random() < 0.3:
                entries.append(
                    _give(
                        mw,
                        CareKind.MEDICAL,
                        D(year, 6 + rng.randrange(5), 18),
                        rng.choice([2000, 4000, 5000]),
                        FundLevel.CENTRAL,
                    )
                )
            if rng.random() < 0.2:
                entries.append(
                    _give(mw, CareKind.SPECIAL_HARDSHIP, D(year, 9, 12), 8000, FundLevel.PROVINCE)
                )
        if rng.random() < 0.05:
            entries.append(_give(mw, CareKind.INSURANCE, D(year, 3, 1), 600, FundLevel.UNION))
    for entry in [e for e in entries if e is not None]:
        if rng.random() < 0.01:
            day = min(entry.given_on + datetime.timedelta(days=3), AS_OF)
            care.reverse_care(
                record=entry, actor=None, reversed_on=day, reason="录入人员有误，冲销"
            )
            if entry.kind in (CareKind.SPRING_FESTIVAL, CareKind.MAY_DAY) and rng.random() < 0.8:
                _give(entry.model_worker, entry.kind, day, entry.amount, entry.fund_level)


def seed_rounds_and_care(*, rng, options=None, out=None):
    """The rounds and the care ledger of the demo county (see the module's docstring)."""
    from apps.core.choices import OrgLevel
    from apps.core.models import UnionOrg

    county = UnionOrg.objects.filter(depth=0).order_by("pk").first()
    type_ = HonourType.objects.filter(name=ROUND_TYPE).first()
    if county is None or type_ is None:
        return
    unions = list(UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS).order_by("pk")[:200])
    serial = 0
    for year in range(FIRST_YEAR, AS_OF.year + 1):
        serial = _round(year, rng, type_, county, unions, serial)
    workers = list(
        ModelWorker.objects.exclude(status=WorkerStatus.WITHDRAWN)
        .exclude(status=WorkerStatus.TRANSFERRED)
        .order_by("pk")
    )
    for year in range(FIRST_YEAR, AS_OF.year + 1):
        living = [w for w in workers if w.status != WorkerStatus.DECEASED]
        _care_year(year, rng, living)
    if out is not None:
        from .models.care import CareRecord

        out.write(
            f"  rounds: {NominationRound.objects.count()}, awarded "
            f"{NominationRound.objects.filter(candidates__status=CandidateStatus.AWARDED).count()}"
            f"; care entries: {CareRecord.objects.count()}\n"
        )
