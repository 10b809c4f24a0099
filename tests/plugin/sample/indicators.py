"""A line of work and its figures, declared as a real app declares them: grassroots unions
founded in the period, and standing at its end."""

from django.db.models import Q

from apps.core.choices import OrgLevel
from apps.core.models import UnionOrg
from apps.reports.registry import FLOW, STOCK, indicator
from apps.reports.sections import section

SAMPLE = section(
    code="sample",
    order=70,
    label="Sample work",
    name="示例工作",
    heading="开展示例工作，示例成效更加明显",
    intro="围绕示例工作，",
    outro="示例工作的结尾段落。",
    sentences=[
        ["«flow»新建示例工会{sample.new_unions}个，«compare»{sample.new_unions.change}"],
        ["«stock»，«area»共有示例工会{sample.unions}个"],
    ],
    summary="开展示例工作",
    problem="示例工作仍有不足。",
    plan="推进示例工作。",
)


def grassroots(scope):
    return UnionOrg.objects.within(scope).filter(level=OrgLevel.GRASSROOTS)


indicator(
    code="sample.new_unions",
    section=SAMPLE,
    label="示例新建工会",
    unit="个",
    kind=FLOW,
    records=lambda scope, period: grassroots(scope).filter(
        founded_on__range=(period.start, period.end)
    ),
    township="township",
    headline=True,
)
indicator(
    code="sample.unions",
    section=SAMPLE,
    label="示例工会",
    unit="个",
    kind=STOCK,
    records=lambda scope, period: grassroots(scope).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=period.end)
    ),
    township="township",
)
