"""Collective bargaining (集体协商) as a line of work: its dashboard section, its chapter of the
annual review in the reference reviews' wording, and its sheet of the year-end workbook.

"集体合同N份" in a review means comprehensive contracts; the special contracts follow as their
own figures (DOMAIN.md). See `apps.reports.sections` for the fields."""

from django.utils.translation import gettext_lazy as _

from apps.reports.sections import section

BARGAINING = section(
    code="bargaining",
    order=20,
    label=_("Collective bargaining"),
    name="集体协商",
    heading="深化集体协商，劳动关系更加和谐稳定",
    intro="坚持以工资集体协商为重点，以主动要约和行业性、区域性协商为抓手，推动集体合同制度"
    "扩面提质增效，依法维护职工劳动报酬、劳动安全卫生和女职工特殊权益。",
    outro="加强集体协商指导员队伍建设，推动集体合同依法报送审查和履约监督，从源头上维护职工"
    "合法权益。",
    sentences=[
        [
            "«flow»签订集体合同{contracts.signed_comprehensive}份，"
            "«compare»{contracts.signed_comprehensive.change}",
            "；签订工资专项集体合同{contracts.signed_wage}份、女职工权益保护专项集体合同"
            "{contracts.signed_women}份、劳动安全卫生专项集体合同{contracts.signed_safety}份",
            "；各类集体合同中区域性集体合同{contracts.signed_regional}份、行业性集体合同"
            "{contracts.signed_industry}份",
        ],
        [
            "新签工资专项集体合同涉及职工{contracts.wage_workers}人",
            "，约定工资平均增幅{contracts.wage_raise_avg}%",
        ],
        [
            "«stock»，«area»有效期内的集体合同{contracts.in_force_comprehensive}份",
            "，工资专项集体合同{contracts.in_force_wage}份、女职工权益保护专项集体合同"
            "{contracts.in_force_women}份、劳动安全卫生专项集体合同{contracts.in_force_safety}份",
            "，各类集体合同覆盖用人单位{contracts.employers_covered}家、职工"
            "{contracts.workers_covered}人",
            "，女职工权益保护专项集体合同覆盖女职工{contracts.women_covered}人",
        ],
        [
            "已建会企业集体合同签订率达到{contracts.signing_rate}%，"
            "«compare»{contracts.signing_rate.change}",
            "，女职工权益保护专项集体合同签订率达到{contracts.women_signing_rate}%",
            "；国有及国有控股企业签订率{contracts.signing_rate_state}%、"
            "非公有制企业签订率{contracts.signing_rate_non_public}%",
        ],
        ["期满需续订的集体合同{contracts.renewals_due}份，已续订{contracts.renewals_done}份"],
    ],
    summary="推进集体协商",
    problem="集体协商质量和实效有待进一步提升，部分企业集体合同内容针对性不强，履约监督不够有力。",
    plan="深化集体协商，突出工资集体协商，提高集体合同签订质量和履约实效。",
)
