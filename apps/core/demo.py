"""The demo county: a deterministic synthetic county federation at the scale of a real one.

Every app adds its part in its own `demo.py` with a `seed(*, rng, county, options, out)`
function; `manage.py seed_demo` calls them in INSTALLED_APPS order after this one.
"""

import datetime
import itertools

from django.conf import settings
from django.db import connection

from .choices import (
    CommitteeType,
    Industry,
    OrgForm,
    OrgKind,
    OrgLevel,
    OrgStatus,
    Role,
    SizeBand,
)
from .models import Employer, UnionOrg, User
from .services import history_context
from .validators import credit_code_check_char

COUNTY = ("清河县总工会", "县总工会")
TOWNSHIPS = [
    ("城关镇总工会", "城关镇"),
    ("新庄镇总工会", "新庄镇"),
    ("柳河镇总工会", "柳河镇"),
    ("石桥镇总工会", "石桥镇"),
    ("青山乡工会联合会", "青山乡"),
    ("白马乡工会联合会", "白马乡"),
    ("东湖街道总工会", "东湖街道"),
    ("西城街道总工会", "西城街道"),
    ("南岗镇总工会", "南岗镇"),
    ("北塘镇总工会", "北塘镇"),
]
INDUSTRY_UNIONS = [("清河县教育系统工会", "教育系统"), ("清河县卫生健康系统工会", "卫健系统")]
FIRM_WORDS = [
    "宏达",
    "鑫源",
    "华泰",
    "恒信",
    "永兴",
    "金穗",
    "瑞丰",
    "天成",
    "众诚",
    "隆盛",
    "安泰",
    "博远",
    "嘉禾",
    "盛世",
    "锦华",
    "润通",
    "汇丰",
    "德润",
    "万联",
    "长青",
    "新元",
    "福瑞",
    "正阳",
    "和顺",
]
FIRM_TRADES = [
    ("纺织", "C"),
    ("机械", "C"),
    ("食品", "C"),
    ("建材", "C"),
    ("电子", "C"),
    ("化工", "C"),
    ("物流", "G"),
    ("建筑", "E"),
    ("商贸", "F"),
    ("餐饮", "H"),
    ("物业", "K"),
    ("农业", "A"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
    "潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦"
    "邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国志红平刚桂兰玉梅海燕霞斌波宇浩凯晨欣"
PERSONAS = [
    ("county_admin", "县总管理员", Role.COUNTY_ADMIN, None),
    ("township_staff", "城关镇干事", Role.ORG_STAFF, 0),
    ("other_township_staff", "新庄镇干事", Role.ORG_STAFF, 1),
    ("leader", "县总主席", Role.LEADER, None),
    ("auditor", "经审委员", Role.AUDITOR, None),
]


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mobile(rng):
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


class CreditCodes:
    """Valid, unique 统一社会信用代码 for the demo (91… companies, 81… unions)."""

    def __init__(self, rng):
        self.rng, self.used = rng, set()

    def __call__(self, prefix="91"):
        while True:
            body = (
                prefix
                + "341122"
                + "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
            )
            code = body + credit_code_check_char(body)
            if code not in self.used:
                self.used.add(code)
                return code


def reserve_ids(model, n):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
            [n],
        )
        return [row[0] for row in cursor.fetchall()]


def build_tree(rng, *, unions_per_township=28, credit=None):
    """Create the county, its township federations and grassroots unions in bulk.

    Paths are computed here rather than by `services.save_org` one at a time, so a county of
    thousands of unions seeds in seconds; the result is the same shape the service produces.
    """
    credit = credit or CreditCodes(rng)
    ids = iter(
        reserve_ids(
            UnionOrg,
            1
            + len(TOWNSHIPS)
            + len(INDUSTRY_UNIONS)
            + (len(TOWNSHIPS) + len(INDUSTRY_UNIONS)) * unions_per_township,
        )
    )
    orgs = []

    def make(parent, name, short, level, kind, code, **extra):
        pk = next(ids)
        org = UnionOrg(
            pk=pk,
            name=name,
            short_name=short,
            code=code,
            parent=parent,
            level=level,
            kind=kind,
            path=f"{parent.path if parent else '/'}{pk}/",
            depth=parent.depth + 1 if parent else 0,
            **{"status": OrgStatus.ACTIVE, **extra},
        )
        org.township_id = (
            pk if level == OrgLevel.TOWNSHIP else (parent.township_id if parent else None)
        )
        org.name_pinyin, org.name_initials = "", ""
        orgs.append(org)
        return org

    county = make(
        None,
        *COUNTY,
        OrgLevel.COUNTY,
        OrgKind.COUNTY_FEDERATION,
        "QH",
        credit_code=credit("81"),
        founded_on=datetime.date(1951, 5, 1),
    )
    seconds = []
    for n, (name, short) in enumerate(TOWNSHIPS, 1):
        seconds.append(
            make(
                county,
                name,
                short,
                OrgLevel.TOWNSHIP,
                OrgKind.TOWNSHIP_FEDERATION,
                f"QH-{n:02d}",
                founded_on=datetime.date(rng.randint(1985, 2005), rng.randint(1, 12), 1),
                chair_name=person_name(rng),
                chair_phone=mobile(rng),
            )
        )
    for n, (name, short) in enumerate(INDUSTRY_UNIONS, len(TOWNSHIPS) + 1):
        seconds.append(
            make(
                county,
                name,
                short,
                OrgLevel.TOWNSHIP,
                OrgKind.INDUSTRY,
                f"QH-{n:02d}",
                founded_on=datetime.date(rng.randint(1990, 2010), 3, 1),
            )
        )

    firms, taken = [], set()
    for parent in seconds:
        for m in range(1, unions_per_township + 1):
            if parent.kind == OrgKind.INDUSTRY:
                kind = OrgKind.INSTITUTION
            else:
                kind = rng.choices(
                    [
                        OrgKind.ENTERPRISE,
                        OrgKind.GOVERNMENT,
                        OrgKind.INSTITUTION,
                        OrgKind.VILLAGE,
                        OrgKind.SOCIAL_ORG,
                        OrgKind.REGIONAL,
                    ],
                    weights=[60, 8, 8, 14, 5, 5],
                )[0]
            label = unit_name(rng, parent, kind, taken)
            joint = kind in (OrgKind.REGIONAL,) or (
                kind == OrgKind.ENTERPRISE and rng.random() < 0.12
            )
            year = rng.randint(1995, 2026)
            founded = datetime.date(
                year, rng.randint(1, 12 if year < 2026 else 6), rng.randint(1, 28)
            )
            term_start = datetime.date(max(year, rng.randint(2019, 2025)), founded.month, 1)
            org = make(
                parent,
                union_name(label, kind, joint),
                label,
                OrgLevel.GRASSROOTS,
                kind,
                f"{parent.code}-{m:03d}",
                form=OrgForm.JOINT if joint else OrgForm.SINGLE,
                committee_type=rng.choices(list(CommitteeType), weights=[80, 12, 8])[0],
                credit_code=credit("81"),
                founded_on=founded,
                approval_doc_no=f"清工复〔{year}〕{rng.randint(1, 99)}号",
                chair_name=person_name(rng),
                chair_phone=mobile(rng),
                term_start=term_start,
                term_end=term_start.replace(year=term_start.year + 5),
                status=OrgStatus.ACTIVE if rng.random() > 0.03 else OrgStatus.PREPARING,
            )
            firms.append((org, label, joint))
    from .pinyin import full_pinyin, initials

    for org in orgs:
        org.name_pinyin, org.name_initials = full_pinyin(org.name), initials(org.name)
    UnionOrg.objects.bulk_create(orgs, batch_size=2000)
    return county, seconds, firms, credit


UNIT_WORDS = {
    OrgKind.GOVERNMENT: [
        "人民政府机关",
        "派出所",
        "财政所",
        "司法所",
        "市场监管所",
        "税务分局",
        "供电所",
    ],
    OrgKind.INSTITUTION: [
        "中心小学",
        "初级中学",
        "卫生院",
        "农业综合服务站",
        "文化站",
        "幼儿园",
        "水利站",
    ],
    OrgKind.VILLAGE: [
        "王庄村",
        "李家湾村",
        "东岗村",
        "河西村",
        "前营村",
        "后营村",
        "柳树屯村",
        "石门村",
        "杨楼村",
        "张庄村",
        "陈集村",
        "孙洼村",
        "新华社区",
        "幸福社区",
    ],
    OrgKind.SOCIAL_ORG: [
        "个体劳动者协会",
        "物流协会",
        "家政服务协会",
        "律师事务所",
        "民办培训学校",
    ],
    OrgKind.REGIONAL: ["工业园区", "商贸城", "电商产业园", "建筑行业", "快递物流行业", "餐饮行业"],
}
SYSTEM_UNITS = {
    "教育系统": ["第一中学", "第二中学", "实验小学", "职业教育中心", "特殊教育学校", "城关幼儿园"],
    "卫健系统": ["人民医院", "中医院", "妇幼保健院", "疾病预防控制中心", "卫生健康监督所"],
}


def unit_name(rng, parent, kind, taken):
    """A plausible, unique name for the employer or unit behind a grassroots union."""
    for attempt in itertools.count():  # numbered after a few tries: a big county runs out
        if kind == OrgKind.ENTERPRISE:
            name = firm_name(rng, parent)
        elif parent.kind == OrgKind.INDUSTRY:
            name = "清河县" + rng.choice(SYSTEM_UNITS.get(parent.short_name, ["直属单位"]))
        else:
            name = parent.short_name + rng.choice(UNIT_WORDS[kind])
        if attempt > 5:
            name = f"{name}{attempt}"
        if name not in taken:
            taken.add(name)
            return name


def union_name(label, kind, joint):
    if kind == OrgKind.REGIONAL:
        return f"{label}工会联合会"
    return f"{label}联合工会委员会" if joint else f"{label}工会委员会"


def firm_name(rng, parent):
    trade = rng.choice(FIRM_TRADES)[0]
    suffix = rng.choice(["有限公司", "有限责任公司", "股份有限公司", "厂"])
    return f"清河{parent.short_name[:2]}{rng.choice(FIRM_WORDS)}{trade}{suffix}"


def build_employers(rng, seconds, firms, credit):
    employers = []

    def employer(name, township, union, nature):
        headcount = max(3, int(rng.lognormvariate(3.6, 1.0)))
        women = int(headcount * rng.uniform(0.2, 0.6))
        trade = rng.choice(FIRM_TRADES)
        employers.append(
            Employer(
                name=name,
                credit_code=credit("91" if nature < "400" else "12"),
                nature=nature,
                industry=trade[1] if nature < "400" else Industry.S,
                township=township,
                union=union,
                size_band=SizeBand.MICRO
                if headcount < 20
                else SizeBand.SMALL
                if headcount < 300
                else SizeBand.MEDIUM,
                headcount=headcount,
                women_count=women,
                migrant_count=int((headcount - women) * rng.uniform(0, 0.6)),
                must_organise=nature != "600" and headcount >= 10,
                address=f"{township.short_name}{rng.randint(1, 200)}号",
            )
        )

    for org, label, joint in firms:
        township = (
            org.township
            if org.township_id and org.parent.kind != OrgKind.INDUSTRY
            else rng.choice(seconds[: len(TOWNSHIPS)])
        )
        nature = {
            OrgKind.GOVERNMENT: "500",
            OrgKind.INSTITUTION: "400",
            OrgKind.VILLAGE: "700",
            OrgKind.SOCIAL_ORG: "700",
        }.get(org.kind) or rng.choice(["150", "160", "170", "170", "170", "110", "300"])
        if joint:
            for _ in range(rng.randint(2, 5)):
                employer(
                    firm_name(rng, township),
                    township,
                    org,
                    rng.choice(["170", "170", "600", "150"]),
                )
        else:
            employer(
                label,
                township,
                org,
                nature,
            )
    for township in seconds[: len(TOWNSHIPS)]:
        for _ in range(rng.randint(6, 14)):  # employers still to organise
            employer(
                firm_name(rng, township), township, None, rng.choice(["170", "170", "150", "600"])
            )
    for e in employers:
        from .pinyin import full_pinyin, initials

        e.name_pinyin, e.name_initials = full_pinyin(e.name), initials(e.name)
    Employer.objects.bulk_create(employers, batch_size=2000)
    return employers


def create_personas(county, seconds, out=None):
    password = settings.DEMO_PASSWORD
    for username, full_name, role, township_index in PERSONAS:
        org = county if township_index is None else seconds[township_index]
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": full_name, "role": role, "org": org, "is_active": True},
        )
        user.set_password(password)
        user.save()


def seed(*, rng, options, out=None):
    with history_context(None, source="seed_demo"):
        county, seconds, firms, credit = build_tree(
            rng, unions_per_township=options.get("unions_per_township", 24)
        )
        build_employers(rng, seconds, firms, credit)
        create_personas(county, seconds)
    return county
