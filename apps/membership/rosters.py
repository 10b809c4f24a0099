"""Rosters (花名册) as county staff send them, for tests and the import benchmark: synthetic
people with valid ID numbers, written as a workbook with the national template's headers."""

import datetime
import io

import openpyxl

from apps.core.demo import mobile

from .demo import AS_OF, ROSTER_REGIONS, People, day_between, years_before

ROSTER_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "就业情况",
    "证件类型",
    "证件号码",
    "会员卡号",
    "学历",
    "技能等级",
    "手机号",
    "户籍类型",
    "政治面貌",
    "工作单位",
    "所属工会代码",
    "是否农民工会员",
    "新就业形态群体",
    "入会日期",
]


def roster_people(rng, count, *, union_code="", work_unit="", regions=ROSTER_REGIONS):
    """`count` rows of a roster as staff fill it (Chinese labels, dates as dates), each a dict
    keyed by header; valid people whose ID numbers the seed never gives out."""
    people = People(rng, as_of=AS_OF)
    rows = []
    for n in range(1, count + 1):
        female = rng.random() < 0.45
        migrant = rng.random() < 0.25
        id_number, born = people.id_number(rng.choice(regions), people.born(20, 55), female)
        joined = day_between(rng, max(years_before(born, -18), datetime.date(2015, 1, 1)), AS_OF)
        rows.append(
            {
                "序号": n,
                "姓名": people.name(female),
                "性别": "女" if female else "男",
                "出生日期": born,
                "民族": "汉族",
                "就业情况": "在岗",
                "证件类型": "居民身份证",
                "证件号码": id_number,
                "会员卡号": f"R{n:08d}",
                "学历": rng.choice(["初中", "高中", "大专", "本科", "中专/中技"]),
                "技能等级": rng.choice(["无", "职业资格五级(初级工)", "职业资格四级(中级工)"]),
                "手机号": mobile(rng),
                "户籍类型": "农业户口" if migrant else "非农业户口",
                "政治面貌": rng.choice(["群众", "群众", "群众", "中共党员", "共青团员"]),
                "工作单位": work_unit,
                "所属工会代码": union_code,
                "是否农民工会员": "是" if migrant else "否",
                "新就业形态群体": rng.choice(["快递员", "网约送餐员"])
                if rng.random() < 0.05
                else "",
                "入会日期": joined,
            }
        )
    return rows


def roster_workbook(rows, *, headers=ROSTER_HEADERS, title_rows=()):
    """An .xlsx of roster rows (dicts keyed by header), with optional title rows above the
    header, written in streaming mode so 50 000 rows take seconds."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("会员花名册")
    for title in title_rows:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
