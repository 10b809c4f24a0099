"""Figures of the innovation side of 劳动竞赛 (proposals, innovations, studios, 安康杯), each one
database aggregate over the records that make it up; the drill-down is those records.

Definitions (as the county counts them):
- proposals are placed by the union they are recorded under (`within(scope)`), a flow by the
  date of its step: made (submitted_on), adopted (the review date, 采纳 and 部分采纳), benefit
  (the annual benefit of those implemented in the period, 元 shown as 万元);
- innovations, 安康杯 entries are recorded for a calendar year: a year counts in a period when
  its 1 January falls within it (a calendar year counts itself, a range of years each of its
  years, the statistics year 1 Oct – 30 Sep the year it ends in), so no year counts twice in
  consecutive periods;
- studios: named in the period (named_on), on record at its end (named by then and not revoked
  by then), and the subsidies granted at naming in the period;
- 安康杯 employers are counted once each however many entries; workers are 人次 (summed).
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.reports.registry import FLOW, STOCK, indicator, total

from ..choices_innovation import ADOPTED_RESULTS
from ..models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal
from ..review import COMPETITIONS

SECTION = COMPETITIONS
ITEMS = pgettext_lazy("unit", "items")  # 个
EMPLOYERS = _("employers")  # 家
PERSON_TIMES = _("person-times")  # 人次
WAN = _("10k yuan")  # 万元
ORG_TOWNSHIP = "org__township"


def years_of(period):
    """(first, last) calendar years whose 1 January lies within the period."""
    start = period.start
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    return first, period.end.year


def during(period):
    return (period.start, period.end)


def proposals_made(scope, period):
    """Proposals submitted within the period."""
    return Proposal.objects.within(scope).filter(submitted_on__range=during(period))


def proposals_adopted(scope, period):
    """Proposals adopted (采纳 or 部分采纳) by a review dated within the period."""
    return Proposal.objects.within(scope).filter(
        review_result__in=ADOPTED_RESULTS, reviewed_on__range=during(period)
    )


def proposals_implemented(scope, period):
    """Proposals implemented within the period; their annual benefit is the figure."""
    return Proposal.objects.within(scope).filter(implemented_on__range=during(period))


def innovations(scope, period):
    """Innovations (五小 and technical) recorded for the years of the period."""
    first, last = years_of(period)
    return Innovation.objects.within(scope).filter(year__gte=first, year__lte=last)


def studios_named(scope, period):
    """Studios named within the period (revoked since or not)."""
    return InnovationStudio.objects.within(scope).filter(named_on__range=during(period))


def studios_on_record(scope, period):
    """Studios named by the period's end and not revoked by then."""
    end = period.end
    return (
        InnovationStudio.objects.within(scope)
        .filter(named_on__lte=end)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=end))
    )


def ankang_entries(scope, period):
    """安康杯 entries of the years of the period, placed by the employer."""
    first, last = years_of(period)
    return AnkangEntry.objects.within(scope).filter(year__gte=first, year__lte=last)


indicator(
    code="competitions.proposals",
    section=SECTION,
    label=_("Proposals made"),
    unit=ITEMS,
    kind=FLOW,
    records=proposals_made,
    township=ORG_TOWNSHIP,
    category="category",
    description=proposals_made.__doc__,
    headline=True,
)
indicator(
    code="competitions.proposals_adopted",
    section=SECTION,
    label=_("Proposals adopted"),
    unit=ITEMS,
    kind=FLOW,
    records=proposals_adopted,
    township=ORG_TOWNSHIP,
    category="review_result",
    description=proposals_adopted.__doc__,
)
indicator(
    code="competitions.proposal_benefit",
    section=SECTION,
    label=_("Annual benefit of proposals implemented"),
    unit=WAN,
    kind=FLOW,
    records=proposals_implemented,
    aggregate=total("annual_benefit"),
    township=ORG_TOWNSHIP,
    money=True,
    description=proposals_implemented.__doc__,
)
indicator(
    code="competitions.innovations",
    section=SECTION,
    label=_("Innovations"),
    unit=ITEMS,
    kind=FLOW,
    records=innovations,
    township=ORG_TOWNSHIP,
    category="kind",
    description=innovations.__doc__,
)
indicator(
    code="competitions.studios_named",
    section=SECTION,
    label=_("Innovation studios named"),
    unit=ITEMS,
    kind=FLOW,
    records=studios_named,
    township=ORG_TOWNSHIP,
    category="studio_type",
    description=studios_named.__doc__,
)
indicator(
    code="competitions.studios_total",
    section=SECTION,
    label=_("Innovation studios on record"),
    unit=ITEMS,
    kind=STOCK,
    records=studios_on_record,
    township=ORG_TOWNSHIP,
    category="studio_type",
    description=studios_on_record.__doc__,
)
indicator(
    code="competitions.studio_subsidy",
    section=SECTION,
    label=_("Subsidies to studios named"),
    unit=WAN,
    kind=FLOW,
    records=studios_named,
    aggregate=total("subsidy"),
    township=ORG_TOWNSHIP,
    money=True,
    description=_("The subsidies granted at naming to the studios named within the period."),
)
indicator(
    code="competitions.ankang_employers",
    section=SECTION,
    label=_("Employers in the Ankang Cup"),
    unit=EMPLOYERS,
    kind=FLOW,
    records=ankang_entries,
    aggregate=Count("employer", distinct=True),
    township="employer__township",
    description=_("Employers with an entry in the years of the period, each counted once."),
)
indicator(
    code="competitions.ankang_workers",
    section=SECTION,
    label=_("Workers in the Ankang Cup"),
    unit=PERSON_TIMES,
    kind=FLOW,
    records=ankang_entries,
    aggregate=total("workers"),
    township="employer__township",
    description=_("Workers taking part (人次), summed over the entries of the period's years."),
)
