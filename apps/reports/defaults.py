"""The default text of a new review, written the way county reviews are written (see
`../shared/reference/review-*.txt`): a foreword, one section per line of work with the figures
in running sentences and the change on last period, and the closing problems and plans.

The figure sentences are built from the indicators registered at the time, so the default works
out of the box with whatever apps are installed and names no indicator that does not exist; a
line of work whose indicators register later is added with `sections_missing()`.
"""

from dataclasses import dataclass

from django.utils.translation import override

from apps.core.choices import OrgKind, OrgLevel

from .choices import SectionKind
from .figures import REVIEW_LANGUAGE
from .placeholders import unknown
from .registry import FLOW, RATIO, Sections, by_section

SECTION_TEXT = {
    SectionKind.ORGANISATION: (
        "加强组织建设，工会组织基础更加夯实",
        "坚持“哪里有职工、哪里就必须建工会”，把非公有制企业、新就业形态劳动者和农民工作为"
        "建会入会的重点，推行单独建会与区域性、行业性联合建会相结合，最大限度地把广大职工"
        "组织到工会中来。",
        "同时，加强基层工会规范化建设，督促基层工会按期换届，落实会员实名制管理，"
        "基层工会的凝聚力和战斗力进一步增强。",
    ),
    SectionKind.BARGAINING: (
        "深化集体协商，劳动关系更加和谐稳定",
        "坚持以工资集体协商为重点，以主动要约和行业性、区域性协商为抓手，推动集体合同制度"
        "扩面提质增效，依法维护职工劳动报酬、劳动安全卫生和女职工特殊权益。",
        "加强集体协商指导员队伍建设，推动集体合同依法报送审查和履约监督，从源头上维护职工"
        "合法权益。",
    ),
    SectionKind.AID: (
        "情系困难职工，帮扶工作成效更加显著",
        "坚持“春送岗位、夏送清凉、秋送助学、冬送温暖”，对困难职工实行一户一档、动态管理、"
        "精准帮扶，把党和政府的温暖、工会组织的关怀送到职工心坎上。",
        "深入开展职工医疗互助活动，帮助困难职工家庭解困脱困，切实兜牢困难职工基本生活底线。",
    ),
    SectionKind.MODEL_WORKERS: (
        "弘扬劳模精神，先进典型引领作用更加明显",
        "大力弘扬劳模精神、劳动精神、工匠精神，认真做好劳动模范和先进集体的推荐评选，"
        "落实劳模待遇，关心关爱劳模生活。",
        "开展劳模走访慰问、健康体检和疗休养活动，在全社会营造“劳动光荣、劳模伟大”的浓厚氛围。",
    ),
    SectionKind.COMPETITIONS: (
        "深入开展劳动竞赛，职工创新创造活力充分激发",
        "以创建“工人先锋号”为载体，围绕重点项目、重点工程广泛开展劳动竞赛和岗位练兵、"
        "技术比武，深入开展合理化建议和“五小”活动，推动职工创新工作室建设。",
        "一大批技术能手和创新成果脱颖而出，为推动经济社会高质量发展贡献了职工力量。",
    ),
}


@dataclass
class Wording:
    """How the period and the organisation are named in running text."""

    period_name: str  # 2025年
    flow_lead: str  # 全年
    stock_lead: str  # 截至年末
    compare: str  # 比上年
    next_name: str  # 2026年
    area: str  # 全县
    lead: str  # 在县委、县政府和上级工会的坚强领导下


def wording(org, period):
    first, last = period.first_year, period.last_year
    previous = period.previous()
    if period.kind == "stats":
        words = (
            f"{last}统计年度",
            "本统计年度内",
            f"截至{last}年9月30日",
            "比上一统计年度",
            "下一统计年度",
        )
    elif period.kind == "years":
        words = (
            f"{first}—{last}年",
            f"{first}—{last}年间累计",
            f"截至{last}年末",
            f"比{previous.first_year}—{previous.last_year}年",
            "今后一个时期",
        )
    else:
        words = (f"{first}年", "全年", "截至年末", "比上年", f"{last + 1}年")
    name = org.name
    if org.level in (OrgLevel.COUNTY, OrgLevel.CITY, OrgLevel.PROVINCE):
        area, lead = "全县", "在县委、县政府和上级工会的坚强领导下"
    elif org.kind == OrgKind.INDUSTRY:
        area, lead = "全系统", "在主管部门党组织和县总工会的领导下"
    elif org.level == OrgLevel.TOWNSHIP:
        area = "全街道" if "街道" in name else "全乡" if "乡" in name else "全镇"
        lead = f"在{area[1:]}党（工）委和县总工会的领导下"
    else:
        area, lead = "本单位", "在单位党组织和上级工会的领导下"
    return Wording(*words, area=area, lead=lead)


def title_for(org, period):
    w = wording(org, period)
    return f"{org.name}{w.period_name}工作回顾"


def foreword(org, period):
    w = wording(org, period)
    return (
        f"{w.period_name}，{org.short_name or org.name}{w.lead}，坚持以习近平新时代中国特色"
        "社会主义思想为指导，全面贯彻落实党的二十大精神和中国工会十八大精神，坚持“组织起来、"
        f"切实维权”的工作方针，团结动员{w.area}广大职工紧紧围绕党委、政府中心工作建功立业，"
        "突出维护职工合法权益、竭诚服务职工群众的基本职责，在建设工会组织、推进集体协商、"
        "帮扶困难职工、弘扬劳模精神、开展劳动竞赛等方面做了大量工作，各项工作取得新的进展。"
        "现将有关情况回顾如下。"
    )


# Sentences in the reviews' wording for the indicators known when this was written. A sentence
# is a list of clauses: without the first clause's indicators the sentence is left out, and each
# further clause is left out when one of its indicators is missing. «…» are period words.
SENTENCES = {
    SectionKind.ORGANISATION: [
        [
            "«flow»新建基层工会{membership.new_unions}个，«compare»{membership.new_unions.change}",
            "，其中单独建会{membership.new_unions_single}个、联合建会{membership.new_unions_joint}个",
            "，覆盖用人单位{membership.new_union_employers}家",
        ],
        ["«flow»新发展会员{membership.new_members}人，«compare»{membership.new_members.change}"],
        [
            "«stock»，«area»共有基层工会组织{membership.unions}个，"
            "«compare»{membership.unions.change}",
            "，其中企业工会{membership.unions_enterprise}个、机关工会{membership.unions_government}"
            "个、事业单位工会{membership.unions_institution}个、村（社区）工会"
            "{membership.unions_village}个、社会组织工会{membership.unions_social_org}个、"
            "区域性和行业性工会联合会{membership.unions_regional}个",
        ],
        [
            "«area»工会会员总数达到{membership.members}人，«compare»{membership.members.change}",
            "，其中女职工会员{membership.members_women}人",
            "、农民工会员{membership.members_migrant}人",
            "、新就业形态劳动者会员{membership.members_new_form}人",
        ],
        [
            "«area»应建会单位{membership.must_organise_employers}家，已建会"
            "{membership.organised_employers}家，建会率达到{membership.organising_rate}%，"
            "«compare»{membership.organising_rate.change}",
            "；入会率达到{membership.membership_rate}%，«compare»{membership.membership_rate.change}",
        ],
    ],
    SectionKind.BARGAINING: [
        [
            "«flow»签订集体合同{contracts.signed_count}份，«compare»{contracts.signed_count.change}",
            "，其中综合性集体合同{contracts.signed_comprehensive}份、工资专项集体合同"
            "{contracts.signed_wage}份、女职工权益保护专项集体合同{contracts.signed_women}份、"
            "劳动安全卫生专项集体合同{contracts.signed_safety}份",
            "；区域性集体合同{contracts.signed_regional}份、行业性集体合同"
            "{contracts.signed_industry}份",
        ],
        [
            "新签工资专项集体合同涉及职工{contracts.wage_workers}人",
            "，约定工资平均增幅{contracts.wage_raise_avg}%",
        ],
        [
            "«stock»，«area»有效期内的集体合同{contracts.in_force_count}份，覆盖用人单位"
            "{contracts.employers_covered}家、职工{contracts.workers_covered}人",
            "，女职工权益保护专项集体合同覆盖女职工{contracts.women_covered}人",
        ],
        [
            "已建会单位集体合同签订率达到{contracts.signing_rate}%，"
            "«compare»{contracts.signing_rate.change}",
        ],
        ["期满需续订的集体合同{contracts.renewals_due}份，已续订{contracts.renewals_done}份"],
    ],
}
GENERIC_LIMIT = 6  # sentences for a line of work without written ones: its first indicators


def _words(text, w):
    for token, word in (
        ("«flow»", w.flow_lead),
        ("«stock»", w.stock_lead),
        ("«compare»", w.compare),
        ("«area»", w.area),
    ):
        text = text.replace(token, word)
    return text


def _written(kind, w):
    sentences = []
    for clauses in SENTENCES.get(kind, []):
        if unknown(clauses[0]):
            continue
        sentences.append("".join(c for c in clauses if not unknown(c)) + "。")
    return "".join(_words(s, w) for s in sentences)


def _generic(items, w):
    """Sentences made from the indicators' labels, for lines of work registered later."""
    chosen = [i for i in items if i.headline] or items
    clauses = []
    for item in chosen[:GENERIC_LIMIT]:
        code = item.code
        label, unit = str(item.label), ("万元" if item.is_money else str(item.unit))
        change = f"，{w.compare}{{{code}.change}}"
        if item.kind == RATIO:
            clauses.append(f"{label}达到{{{code}}}%{change}")
        elif item.kind == FLOW:
            clauses.append(f"{w.flow_lead}{label}{{{code}}}{unit}{change}")
        else:
            clauses.append(f"{w.stock_lead}，{label}{{{code}}}{unit}{change}")
    return "；".join(clauses) + "。" if clauses else ""


def figure_sentences(kind, items, w):
    return _written(kind, w) or _generic(items, w)


def section_text(kind, items, org, period):
    """(heading, body) of one line of work."""
    w = wording(org, period)
    heading, intro, outro = SECTION_TEXT.get(kind, (str(Sections.LABELS.get(kind, kind)), "", ""))
    body = intro + figure_sentences(kind, items, w)
    return heading, "\n".join(part for part in (body, outro) if part)


def closing(org, period):
    w = wording(org, period)
    return "\n".join(
        [
            "（一）存在的问题",
            "一是非公有制企业和新就业形态劳动者建会入会工作仍有薄弱环节，部分小微企业工会"
            "作用发挥不够充分。",
            "二是集体协商质量和实效有待进一步提升，部分企业集体合同内容针对性不强，"
            "履约监督不够有力。",
            "三是基层工会干部队伍力量相对薄弱，专职化、专业化水平有待提高，服务职工的"
            "能力需要进一步增强。",
            f"（二）{w.next_name}工作打算",
            "一是持续推进建会入会，聚焦新就业形态劳动者和小微企业，推动工会组织和工作有效覆盖。",
            "二是深化集体协商，突出工资集体协商，提高集体合同签订质量和履约实效。",
            "三是做实帮扶服务，完善困难职工精准帮扶机制，办好职工医疗互助等实事项目。",
            "四是弘扬劳模精神、劳动精神、工匠精神，广泛开展劳动和技能竞赛，激发职工创新创造活力。",
            "五是加强工会自身建设，加强工会干部教育培训，推进基层工会规范化建设，"
            "使工会组织真正成为广大职工群众信赖的“职工之家”。",
        ]
    )


def default_sections(org, period, only=None):
    """[(kind, heading, body)] of a new review: foreword, lines of work, problems and plans.

    `only` limits the lines of work to those section codes (for adding missing sections)."""
    with override(REVIEW_LANGUAGE):
        lines = [
            (kind, *section_text(kind, items, org, period))
            for kind, items in by_section().items()
            if only is None or kind in only
        ]
        if only is not None:
            return lines
        return [
            (SectionKind.FOREWORD, "", foreword(org, period)),
            *lines,
            (SectionKind.CLOSING, "存在的问题和下一步工作打算", closing(org, period)),
        ]
