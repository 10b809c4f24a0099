"""Labour competitions (劳动竞赛) as a line of work: its dashboard section, its chapter of the
annual review in the reference reviews' wording (绛县, 长治, 建德, xx县), and its sheet of the
year-end workbook. See `apps.reports.sections` for the fields."""

from django.utils.translation import gettext_lazy as _

from apps.reports.sections import section

COMPETITIONS = section(
    code="competitions",
    order=50,
    label=_("Labour competitions"),
    name="劳动竞赛",
    heading="深入开展劳动和技能竞赛，职工创造活力竞相迸发",
    intro="围绕全县重点项目、重点工程和中心工作，广泛开展劳动和技能竞赛、合理化建议和"
    "“五小”技术创新活动，团结动员广大职工立足岗位、建功立业。",
    outro="在全县形成了哪里有劳动场面哪里就有劳动竞赛的良好氛围，激发了职工的劳动热情，"
    "发挥了职工的创造活力。",
    sentences=[
        [
            "«flow»«area»开展各类劳动竞赛{competitions.competitions}项，"
            "«compare»{competitions.competitions.change}",
            "，开展劳动竞赛的企事业单位达{competitions.employers}家",
            "，参与劳动竞赛人数达{competitions.workers}人次",
            "，其中非公企业{competitions.employers_non_public}家",
            "，参与劳动竞赛人数{competitions.workers_non_public}人次",
        ],
        ["建会单位开展劳动竞赛覆盖面达{competitions.employers_share}%"],
        [
            "开展重点工程立功竞赛{competitions.competitions_key_project}项",
            "，参加人数{competitions.key_project_workers}人次",
        ],
        [
            "举办职业技能大赛{competitions.competitions_skills_contest}项",
            "，设比赛工种{competitions.contests}个",
            "，参赛职工{competitions.contestants}人次",
            "，授予技术能手等称号{competitions.titles_granted}人",
            "，实现技能晋级{competitions.promotions}人",
        ],
        [
            "职工提出合理化建议{competitions.proposals}个",
            "，被采纳{competitions.proposals_adopted}个",
            "，创经济效益{competitions.proposal_benefit}万元",
            "；完成“五小”及技术革新成果{competitions.innovations}个",
        ],
        [
            "«flow»命名职工（劳模）创新工作室{competitions.studios_named}个",
            "，«stock»共有创新工作室{competitions.studios_total}个",
            "，拿出{competitions.studio_subsidy}万元经费扶持创新工作室创建活动",
        ],
        [
            "深入开展“安康杯”竞赛活动，«area»{competitions.ankang_employers}家企业参加了活动",
            "，参赛职工{competitions.ankang_workers}人次",
        ],
        [
            "表彰劳动竞赛先进集体{competitions.units_commended}个",
            "，先进个人{competitions.people_commended}人",
        ],
    ],
    summary="开展劳动和技能竞赛",
    problem="劳动竞赛在非公企业和中小企业中覆盖面不够广，职工技术创新成果转化和推广力度有待加强。",
    plan="深化重点工程立功竞赛和职业技能大赛，推进职工（劳模）创新工作室建设，激发职工创新创造活力。",
)
