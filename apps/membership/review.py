"""Organisation building (组织建设) as a line of work: its dashboard section, its chapter of the
annual review in the reference reviews' wording, and its sheet of the year-end workbook.

Placeholders name this app's indicators (indicators.py); «flow» «stock» «compare» «area» are
the period's words (全年, 截至年末, 比上年, 全县). See `apps.reports.sections`."""

from django.utils.translation import gettext_lazy as _

from apps.reports.sections import section

ORGANISATION = section(
    code="organisation",
    order=10,
    label=_("Organisation building"),
    name="组织建设",
    heading="加强组织建设，工会组织基础更加夯实",
    intro="坚持“哪里有职工、哪里就必须建工会”，把非公有制企业、新就业形态劳动者和农民工作为"
    "建会入会的重点，推行单独建会与区域性、行业性联合建会相结合，最大限度地把广大职工"
    "组织到工会中来。",
    outro="同时，加强基层工会规范化建设，督促基层工会按期换届，落实会员实名制管理，"
    "基层工会的凝聚力和战斗力进一步增强。",
    sentences=[
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
            "，其中非公有制企业建会率{membership.organising_rate_non_public}%",
            "；入会率达到{membership.membership_rate}%，«compare»{membership.membership_rate.change}",
        ],
    ],
    summary="建设工会组织",
    problem="非公有制企业和新就业形态劳动者建会入会工作仍有薄弱环节，部分小微企业工会"
    "作用发挥不够充分。",
    plan="持续推进建会入会，聚焦新就业形态劳动者和小微企业，推动工会组织和工作有效覆盖。",
)
