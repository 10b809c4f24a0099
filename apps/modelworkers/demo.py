"""The demo county's registry of model workers and honours (劳模与荣誉), deterministic from `rng`:

- the standard honour types (`reference.load`);
- about 300 model-worker files (a tenth of them per 100 grassroots unions, at least 30), kept by
  the grassroots unions of their employers: two national model workers (2015, 2020), one
  national 五一劳动奖章, a few dozen provincial names (省劳模 every five years, 省五一劳动奖章
  each year), about a third at city level (市劳模 every three years) and the rest county model
  workers and advanced workers (every two years), each conferred around 五一 with its 表彰文号;
  some hold a second, higher honour later; a fifth are retired, a few died, had the title
  withdrawn or moved away, one in fifteen is in hardship;
- about 60 honoured collectives: units with 五一劳动奖状 and 模范集体, teams and workshops with
  工人先锋号, each a county honour, some a city one, a few a provincial one, one or two a
  national one;
- recognitions of union organisations: 合格 / 先进 / 模范职工之家, 星级工会, over the years;
- then the nomination rounds and the care ledger (`demo_care`).

Everything goes through the services, so every rule holds and the treatment levels follow from
the awards."""

import datetime

from django.core.exceptions import ValidationError

from apps.core.choices import OrgLevel
from apps.core.models import Employer, UnionOrg
from apps.core.validators import id_check_char
from apps.membership.demo import AS_OF

from . import reference, services
from .choices import CollectiveKind, Employment, PersonCategory, WorkerStatus
from .demo_care import seed_rounds_and_care
from .models import Collective, HonourAward, HonourType, ModelWorker

D = datetime.date
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程"
GIVEN = "建国志强秀英桂兰海涛丽华永红晓燕国庆春梅伟芳军平红霞玉珍文斌德明振华"
POSTS = [
    "车间主任",
    "班组长",
    "技术员",
    "高级技师",
    "农民专业合作社理事长",
    "教师",
    "医生",
    "工程师",
]
CATEGORIES = [
    (PersonCategory.FRONTLINE, 55),
    (PersonCategory.MIGRANT, 10),
    (PersonCategory.FARMER, 8),
    (PersonCategory.SCIENCE_EDUCATION, 10),
    (PersonCategory.TECHNICIAN, 9),
    (PersonCategory.MANAGER, 8),
]
# Issuers of the commendation documents by level.
ISSUERS = {"1": "国发", "2": "晋政发", "3": "临政发", "4": "县政发"}
TEAMS = ["一号机组班", "维修车间", "质检班", "运行值班组", "调度中心", "项目部", "急诊科", "客服班"]
# (honour type, years it is conferred in): the career ladder of the registry's people.
PERSON_LADDER = {
    "national": [("全国劳动模范", (2015, 2020))],
    "national_medal": [("全国五一劳动奖章", (2019,))],
    "provincial": [("省劳动模范", (2009, 2014, 2019, 2024)), ("省五一劳动奖章", range(2012, 2027))],
    "city": [("市劳动模范", range(2005, 2027, 3)), ("市五一劳动奖章", range(2014, 2027))],
    "county": [("县劳动模范", range(2002, 2027, 2)), ("县先进工作者", range(2004, 2027, 2))],
}
# (honour type, years it is conferred in, chance a collective holds it): every collective a
# county honour, some a city one later, few a provincial one, one in thirty a national one.
COLLECTIVE_LADDER = {
    CollectiveKind.UNIT: [
        ("县五一劳动奖状", range(2014, 2027), 1.0),
        ("县模范集体", range(2010, 2027, 2), 0.3),
        ("市五一劳动奖状", range(2016, 2027, 2), 0.25),
        ("省五一劳动奖状", (2018, 2023), 0.05),
    ],
    CollectiveKind.TEAM: [
        ("县工人先锋号", range(2014, 2027), 1.0),
        ("市工人先锋号", range(2016, 2027, 2), 0.25),
        ("省工人先锋号", (2017, 2021, 2024), 0.06),
        ("全国工人先锋号", (2022,), 0.03),
    ],
}
UNION_HONOURS = [
    ("县级合格职工之家", range(2016, 2027), 0.2),
    ("县级先进职工之家", range(2016, 2026, 2), 0.1),
    ("市级先进职工之家", (2018, 2021, 2024), 0.05),
    ("省级模范职工之家", (2019, 2024), 0.02),
    ("四星级工会", (2020, 2023), 0.03),
]


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def _id(rng, serial, born_from=1955):
    """A valid ID number of the registry's n-th person (area 141023, apart from the rounds')."""
    born = D(born_from + rng.randrange(38), 1 + rng.randrange(12), 1 + rng.randrange(28))
    first17 = f"141023{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def _weighted(rng, pairs):
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def _award(types, name, year, rng, **recipient):
    type_ = types[name]
    if D(year, 4, 28) > AS_OF:
        return None
    try:
        return services.record_award(
            honour_type=type_,
            actor=None,
            year=year,
            conferred_on=D(year, 4, 20 + rng.randrange(9)),
            document_no=f"{ISSUERS[type_.level]}〔{year}〕{rng.randrange(5, 60)}号",
            certificate_no=f"{year}{rng.randrange(1000, 9999)}",
            deeds="扎根一线、爱岗敬业，在技术攻关和安全生产中作出突出贡献。",
            **recipient,
        )
    except ValidationError:  # the same honour twice in a year: the demo leaves it out
        return None


def _rank(n, total):
    """The person's highest level by position: 2 national, a few dozen provincial …"""
    if n < 2:
        return "national"
    if n == 2:
        return "national_medal"
    if n < 3 + max(3, total // 10):
        return "provincial"
    if n < total // 2.5:
        return "city"
    return "county"


def _people(rng, types, employers, total):
    workers = []
    for n in range(total):
        employer = employers[rng.randrange(len(employers))]
        retired = rng.random() < 0.2
        worker = services.save_worker(
            worker=ModelWorker(
                org=employer.union,
                name=_name(rng),
                id_number=_id(rng, n, 1950 if retired else 1965),
                person_category=_weighted(rng, CATEGORIES),
                employer=employer,
                work_unit=employer.name,
                post=rng.choice(POSTS),
                employment=Employment.RETIRED if retired else Employment.IN_POST,
                hardship=rng.random() < 1 / 15,
                phone=f"139{rng.randrange(10**8):08d}",
            ),
            actor=None,
        )
        rank = _rank(n, total)
        # A career: often a county title first, the highest one later.
        if rank != "county" and rng.random() < 0.6:
            name, years = rng.choice(PERSON_LADDER["county"])
            _award(
                types, name, rng.choice([y for y in years if y < 2015]), rng, model_worker=worker
            )
        name, years = rng.choice(PERSON_LADDER[rank])
        _award(types, name, rng.choice(list(years)), rng, model_worker=worker)
        workers.append(worker)
    # Off the register: a few died, one had the title withdrawn, a few moved away.
    leaving = rng.sample(workers[3:], max(3, total // 40))
    for n, worker in enumerate(leaving):
        if n == 0:
            change = {"status": WorkerStatus.WITHDRAWN, "reason": "因违法违纪被撤销称号"}
        elif n % 3 == 0:
            change = {"status": WorkerStatus.TRANSFERRED, "transferred_to": "市直机关工会"}
        else:
            change = {"status": WorkerStatus.DECEASED, "reason": "病故"}
        services.change_worker_status(worker=worker, actor=None, on=D(2019 + n % 6, 3, 8), **change)
    return workers


def _collectives(rng, types, employers, total):
    """Units (an employer once) and teams of employers (each team name once per employer)."""
    made, order = [], rng.sample(employers, len(employers))
    for n in range(min(total, len(employers) * len(TEAMS))):
        employer, turn = order[n % len(order)], n // len(order)
        kind = CollectiveKind.UNIT if turn == 0 and rng.random() < 0.5 else CollectiveKind.TEAM
        name = employer.name if kind == CollectiveKind.UNIT else employer.name + TEAMS[turn]
        collective = services.save_collective(
            collective=Collective(
                org=employer.union,
                name=name[:200],
                kind=kind,
                employer=employer,
                parent_unit="" if kind == CollectiveKind.UNIT else employer.name,
                leader=_name(rng),
            ),
            actor=None,
        )
        # The county commends a batch each 五一: the collectives spread evenly over the years.
        for type_name, years, chance in COLLECTIVE_LADDER[kind]:
            if rng.random() < chance:
                year = list(years)[(n // 2) % len(years)]
                _award(types, type_name, year, rng, collective=collective)
        made.append(collective)
    return made


def _unions(rng, types, unions):
    for type_name, years, share in UNION_HONOURS:
        for union in unions:
            if rng.random() < share:
                _award(types, type_name, rng.choice(list(years)), rng, union_org=union)


def build(rng):
    """The registry (see the module's docstring); returns the counts."""
    reference.load()
    types = {t.name: t for t in HonourType.objects.all()}
    unions = list(UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS).order_by("pk"))
    employers = list(Employer.objects.filter(union__isnull=False).order_by("pk"))
    if not employers:
        return {}
    people = max(30, len(unions))
    _people(rng, types, employers, people)
    _collectives(rng, types, employers, max(10, people // 5))
    _unions(rng, types, unions)
    return {
        "people": ModelWorker.objects.count(),
        "collectives": Collective.objects.count(),
        "awards": HonourAward.objects.count(),
    }


def seed(*, rng, options=None, out=None, **_ignored):
    counts = build(rng)
    if out is not None and counts:
        out.write(
            f"Model workers: {counts['people']} files, {counts['collectives']} collectives, "
            f"{counts['awards']} awards.\n"
        )
    seed_rounds_and_care(rng=rng, options=options, out=out)
    return counts
