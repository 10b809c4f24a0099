"""The member roster (会员花名册) as county staff keep it: the columns of the national real-name
template (实名制会员信息采集表), with the headers and spellings real ledgers use, and its import.

Choice columns hold the template's Chinese wording (the codes of `choices`); a cell may also hold
the code, a common short form (汉 / 党员 / 大专 / 外卖骑手 …), the portal's own label in Chinese or
English, or "code label". The import itself is `importing.MemberImporter` (set-based: a roster of
50 000 rows is checked and saved in one go).
"""

from django.utils.translation import override

from apps.core.ledgers import LEDGER_LANGUAGE, register, zh_choices
from apps.core.xlsx.columns import BOOL, CHOICE, DATE, ID_TEXT, Column, SheetSpec
from apps.core.xlsx.parsing import normalize

from . import choices
from .importing import MemberImporter

# The template's wording for each code, then other spellings seen in real rosters.
TEMPLATE_LABELS = {
    choices.IdType: {
        "1": ("居民身份证", "身份证", "二代身份证", "居民身份证号码"),
        "2": ("护照",),
        "3": ("港澳台居民居住证", "居住证"),
        "9": ("其他证件", "其他"),
    },
    choices.Sex: {"1": ("男", "男性"), "2": ("女", "女性")},
    choices.Ethnicity: {
        "01": ("汉族", "汉"),
        "02": ("蒙古族", "蒙古"),
        "03": ("回族", "回"),
        "04": ("藏族", "藏"),
        "05": ("维吾尔族", "维吾尔"),
        "06": ("苗族", "苗"),
        "07": ("彝族", "彝"),
        "08": ("壮族", "壮"),
        "09": ("布依族", "布依"),
        "10": ("朝鲜族", "朝鲜"),
        "11": ("满族", "满"),
        "12": ("侗族", "侗"),
        "13": ("瑶族", "瑶"),
        "14": ("白族", "白"),
        "15": ("土家族", "土家"),
        "16": ("哈尼族", "哈尼"),
        "17": ("哈萨克族", "哈萨克"),
        "18": ("傣族", "傣"),
        "19": ("黎族", "黎"),
        "97": ("其他民族", "其他"),
        "98": ("外国血统中国籍人士",),
    },
    choices.Education: {
        "80": ("小学及以下", "小学", "文盲", "半文盲"),
        "70": ("初中",),
        "40": ("中专/中技", "中专", "中技", "技校", "职高", "中职"),
        "60": ("高中",),
        "30": ("大学专科", "大专", "专科", "高职"),
        "20": ("大学本科", "本科", "学士"),
        "10": ("研究生", "硕士", "博士", "研究生及以上", "硕士研究生", "博士研究生"),
    },
    choices.PoliticalStatus: {
        "01": ("中共党员", "党员", "中国共产党党员"),
        "02": ("中共预备党员", "预备党员"),
        "03": ("共青团员", "团员"),
        "04": ("民主党派成员", "民主党派"),
        "12": ("无党派人士", "无党派"),
        "13": ("群众",),
    },
    choices.Employment: {
        "10": ("在岗", "在职"),
        "20": ("待岗", "下岗", "待(下)岗"),
        "30": ("失业",),
        "40": ("退休", "离退休", "离休"),
        "50": ("退职", "离职"),
        "60": ("内退", "内部退养", "退养"),
        "70": ("灵活就业",),
    },
    choices.SkillLevel: {
        "1": ("职业资格一级(高级技师)", "一级", "高级技师"),
        "2": ("职业资格二级(技师)", "二级", "技师"),
        "3": ("职业资格三级(高级工)", "三级", "高级工"),
        "4": ("职业资格四级(中级工)", "四级", "中级工"),
        "5": ("职业资格五级(初级工)", "五级", "初级工"),
        "0": ("无", "无等级", "暂无"),
    },
    choices.HouseholdType: {
        "1": ("非农业户口", "非农业", "非农", "城镇", "城镇户口", "居民户口"),
        "2": ("农业户口", "农业", "农村", "农村户口"),
    },
    choices.NewFormGroup: {
        "01": ("货车司机",),
        "02": ("快递员", "快递小哥"),
        "03": ("网约送餐员", "外卖员", "外卖骑手", "送餐员"),
        "04": ("网约车司机", "网约车驾驶员"),
        "05": ("家政服务员", "家政"),
        "06": ("护工护理员", "护工", "护理员"),
        "07": ("保安员", "保安"),
        "08": ("商场信息员",),
        "09": ("房产中介员", "房产中介"),
    },
    choices.ChangeReason: {
        "01": ("劳动(工作)关系发生变化",),
        "02": ("下岗待岗",),
        "03": ("失业",),
        "04": ("退休(含提前退休)", "退休"),
        "05": ("内部退养",),
        "06": ("原单位关闭破产",),
        "07": ("本人申请",),
        "08": ("连续6个月不交会费不参加组织生活",),
        "09": ("受刑事处罚",),
        "10": ("死亡",),
        "11": ("新入会", "入会", "新会员"),
        "99": ("其他",),
    },
}

# In a 新就业形态群体 cell these mean "not one of the groups".
NOT_IN_A_GROUP = ("否", "无", "不是", "非", "-", "/")


def template_choices(choices_class):
    """(code, template label) pairs, for the sheet's drop-down lists."""
    labels = TEMPLATE_LABELS[choices_class]
    return tuple((value, labels[value][0]) for value in choices_class.values)


def choice_aliases(choices_class):
    """{normalised spelling: code}: every spelling an import accepts for the class's codes."""
    aliases = {}

    def add(text, code):
        key = normalize(str(text)).replace(" ", "").casefold()
        if key:
            aliases.setdefault(key, code)

    for code, spellings in TEMPLATE_LABELS[choices_class].items():
        add(code, code)
        for spelling in spellings:
            add(spelling, code)
    for code, label in zh_choices(choices_class):
        add(label, code)
    with override("en"):
        for code, label in choices_class.choices:
            add(label, code)
    if choices_class is choices.NewFormGroup:
        for spelling in NOT_IN_A_GROUP:
            aliases[normalize(spelling).casefold()] = ""
    return aliases


# Column key → the choices class of a choice column.
CHOICE_COLUMNS = {
    "sex": choices.Sex,
    "ethnicity": choices.Ethnicity,
    "employment": choices.Employment,
    "id_type": choices.IdType,
    "education": choices.Education,
    "skill_level": choices.SkillLevel,
    "household_type": choices.HouseholdType,
    "political_status": choices.PoliticalStatus,
    "new_form_group": choices.NewFormGroup,
    "reason": choices.ChangeReason,
}


def _choice(key, label, synonyms=(), **kwargs):
    return Column(
        key,
        label,
        synonyms,
        kind=CHOICE,
        choices=template_choices(CHOICE_COLUMNS[key]),
        **kwargs,
    )


def member_spec():
    """The roster's columns, in the order of the national template."""
    return SheetSpec(
        kind="members",
        title="会员花名册",
        columns=[
            Column("name", "姓名", ("会员姓名", "名字", "职工姓名"), required=True, width=12),
            _choice("sex", "性别", help="可留空：按身份证号码自动填写"),
            Column(
                "birth_date",
                "出生日期",
                ("出生年月", "出生年月日", "生日"),
                kind=DATE,
                help="可留空：按身份证号码自动填写",
            ),
            _choice("ethnicity", "民族"),
            _choice("employment", "就业情况", ("就业状态", "就业状况")),
            _choice("id_type", "证件类型", help="留空即居民身份证"),
            Column(
                "id_number",
                "证件号码",
                (
                    "身份证号",
                    "身份证号码",
                    "证件号",
                    "公民身份号码",
                    "居民身份证号码",
                    "身份证",
                    "身份证件号码",
                ),
                kind=ID_TEXT,
                required=True,
                width=22,
                help="18位居民身份证号码（15位旧号自动升位）",
            ),
            Column("card_no", "会员卡号", ("会员证号", "会员卡号码", "工会会员卡号"), width=20),
            _choice("education", "学历", ("文化程度", "最高学历")),
            _choice("skill_level", "技能等级", ("职业技能等级", "技术等级", "职业资格等级")),
            Column(
                "phone",
                "手机号",
                ("手机", "手机号码", "联系电话", "电话", "联系方式", "移动电话"),
                kind=ID_TEXT,
                width=14,
            ),
            _choice("household_type", "户籍类型", ("户籍性质", "户口性质", "户口类型")),
            _choice("political_status", "政治面貌"),
            Column("work_unit", "工作单位", ("所在单位", "单位名称", "工作单位名称"), width=30),
            Column(
                "union_code",
                "所属工会代码",
                ("工会代码", "基层工会代码", "所在工会代码"),
                help="留空即导入时选定的工会",
                width=16,
            ),
            Column("is_migrant", "是否农民工会员", ("是否农民工", "农民工"), kind=BOOL),
            _choice(
                "new_form_group",
                "新就业形态群体",
                ("新就业形态", "新就业形态劳动者", "八大群体"),
                width=16,
            ),
            Column("joined_on", "入会日期", ("入会时间", "入会年月"), kind=DATE, required=True),
            _choice("reason", "会籍变化原因", ("变化原因", "入会原因"), help="留空即新入会"),
        ],
    )


def _aliases():
    with override(LEDGER_LANGUAGE):
        return {key: choice_aliases(cls) for key, cls in CHOICE_COLUMNS.items()}


MEMBER_IMPORTER = MemberImporter(
    kind="members", title="会员花名册导入", spec=member_spec, aliases=_aliases
)
register(importers=[MEMBER_IMPORTER])
