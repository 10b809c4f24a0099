"""Hardship aid (困难帮扶) as a line of work: its dashboard section, its chapter of the annual
review in the reference reviews' wording, and its sheet of the year-end workbook.

The sentences follow the reviews: "送温暖活动累计帮扶困难职工1426人，发放帮扶资金135万元；
送清凉活动累计有6家企业，960余人次获赠清凉慰问品；金秋助学活动累计对179名家庭经济困难的职工
子女进行资助，累计发放助学金28.81万元" and "在档困难职工6824户，其中深度困难职工940户……".
Households (户) are files paid at least once in the period, person-times (人次) are payments; money
is in 万元 (the indicators are in 元, net of reversals). See `apps.reports.sections`."""

from django.utils.translation import gettext_lazy as _

from apps.reports.sections import section

AID = section(
    code="aid",
    order=30,
    label=_("Hardship aid"),
    name="困难帮扶",
    heading="情系困难职工，帮扶工作成效更加显著",
    intro="坚持“春送岗位、夏送清凉、秋送助学、冬送温暖”，坚持“先建档、后帮扶、实名制”，"
    "对困难职工家庭实行一户一档、动态管理、分类施策，把党和政府的温暖、工会组织的关怀"
    "送到困难职工心中。",
    outro="坚持每年对在档困难职工集中复核，做到“应建尽建、应退尽退”，推动困难职工解困脱困"
    "与常态化帮扶相衔接。",
    sentences=[
        [
            "«flow»帮扶困难职工{aid.households_helped}户、{aid.payments_count}人次，"
            "发放帮扶资金{aid.paid}万元，«compare»{aid.paid.change}",
            "，其中向{aid.migrant_households}户困难农民工发放帮扶资金{aid.migrant_paid}万元",
        ],
        [
            "送温暖活动慰问困难职工{aid.winter_households}户，发放慰问金{aid.winter_paid}万元",
            "；送清凉活动走访慰问企业{aid.summer_employers}家，"
            "{aid.summer_reached}人次获赠清凉慰问品",
            "；金秋助学活动对{aid.autumn_students}名家庭经济困难的职工子女进行资助，"
            "发放助学金{aid.autumn_paid}万元",
        ],
        [
            "为{aid.medical_households}户患病困难职工发放医疗救助金{aid.medical_paid}万元",
            "；帮扶困难单亲女职工{aid.single_mothers_households}户，"
            "发放帮扶资金{aid.single_mothers_paid}万元",
        ],
        [
            "«stock»，«area»在档困难职工{aid.files_on_record}户，"
            "«compare»{aid.files_on_record.change}",
            "，其中深度困难职工{aid.files_deep}户、相对困难职工{aid.files_relative}户、"
            "意外致困职工{aid.files_accident}户",
            "，困难农民工{aid.files_migrant}户",
        ],
        [
            "«flow»新建档困难职工{aid.files_new}户",
            "，实现解困脱困{aid.files_relieved}户，因死亡、不符合条件等退出档案"
            "{aid.files_exited}户",
            "，返困重新建档{aid.files_relapsed}户",
        ],
        [
            "«flow»参加职工医疗互助{aid.mutual_enrolled}人次，筹集互助金{aid.mutual_contributions}"
            "万元",
            "，受助职工{aid.mutual_claims}人次，发放互助金{aid.mutual_paid}万元",
        ],
    ],
    summary="帮扶困难职工",
    problem="困难职工帮扶还存在帮扶资金来源单一、精准识别和动态管理不够到位的问题，"
    "部分困难职工家庭解困脱困基础还不牢固。",
    plan="做实困难职工帮扶，坚持精准识别、分类施策，深化送温暖、金秋助学、夏送清凉和职工"
    "医疗互助，巩固解困脱困成果。",
)
