"""Model-worker work (劳模工作) as a line of work: its dashboard section, its chapter of the
annual review in the reference reviews' wording (绛县: "累计推荐评选全国劳模1名，省劳模28名 …
共走访慰问各级劳模240多人次，慰问金8.5万元；为87名困难劳模累计发放困难补助金13.65万元 …
共录入各级先进集体63个，先进个人236人"; 长治: "五一劳动奖状41个、五一劳动奖章156名、工人先锋号60个
… 基层一线职工的比例达到了98.87%"; 建德: "全年共补助困难劳模17人次，补助金额9.2万元"), and its
sheet of the year-end workbook. See `apps.reports.sections` for the fields."""

from django.utils.translation import gettext_lazy as _

from apps.reports.sections import section

MODELWORKERS = section(
    code="modelworkers",
    order=40,
    label=_("Model-worker work"),
    name="劳模工作",
    heading="大力弘扬劳模精神，先进引领作用充分发挥",
    intro="每年“五一”期间积极对各行各业的先进典型和个人进行评选推荐，加强和改进劳模服务管理工作，"
    "切实帮助劳模解决实际问题。",
    outro="在全社会营造了“劳动伟大、劳模光荣”的社会氛围，掀起了崇尚劳模、学习劳模、争当劳模的热潮。",
    sentences=[
        [
            "«flow»推荐评选全国劳模{modelworkers.model_workers_national}名",
            "，省劳模{modelworkers.model_workers_provincial}名",
            "，市级劳模{modelworkers.model_workers_city}名",
            "，县级劳模{modelworkers.model_workers_county}名",
        ],
        [
            "«flow»共表彰先进个人{modelworkers.honoured_persons}人",
            "，先进集体{modelworkers.honoured_collectives}个",
            "，其中五一劳动奖状{modelworkers.may_day_awards}个",
            "、五一劳动奖章{modelworkers.may_day_medals}名",
            "、工人先锋号{modelworkers.pioneers}个",
        ],
        [
            "«flow»命名全国工人先锋号{modelworkers.pioneers_national}个",
            "，省级工人先锋号{modelworkers.pioneers_provincial}个",
            "，市级工人先锋号{modelworkers.pioneers_city}个",
            "，县级工人先锋号{modelworkers.pioneers_county}个",
        ],
        ["«flow»表彰先进基层工会组织{modelworkers.honoured_unions}个"],
        ["推荐评选的候选人中基层一线职工的比例达到了{modelworkers.nominated_frontline_share}%"],
        [
            "«flow»共走访慰问各级劳模{modelworkers.care_visits}人次",
            "，慰问金{modelworkers.care_money}万元",
        ],
        [
            "为{modelworkers.hardship_subsidised}名困难劳模发放困难补助金"
            "{modelworkers.hardship_subsidy}万元",
        ],
        [
            "组织劳模健康体检{modelworkers.health_checks}人次",
            "，疗休养{modelworkers.recuperation}人次",
            "，为{modelworkers.insured}名劳模申办人身和补充养老保险",
        ],
        [
            "«stock»«area»在册劳模{modelworkers.registered}人",
            "，其中享受全国劳模待遇{modelworkers.registered_national}人",
            "，享受省部级劳模待遇{modelworkers.registered_provincial}人",
            "，享受市级劳模待遇{modelworkers.registered_city}人",
            "，享受县级劳模待遇{modelworkers.registered_county}人",
            "；在职{modelworkers.registered_in_post}人",
            "，退休{modelworkers.registered_retired}人",
        ],
        [
            "建立了完善的劳动模范和先进人物数据库，共录入各级先进集体"
            "{modelworkers.database_collectives}个",
            "，先进个人{modelworkers.database_persons}人",
        ],
    ],
    summary="弘扬劳模精神",
    problem="劳模服务管理工作还不够精细，对困难劳模和退休劳模的关爱帮扶有待加强。",
    plan="做好劳模（先进）的推荐评选工作，加强和改进劳模服务管理，切实帮助劳模解决实际问题。",
)
