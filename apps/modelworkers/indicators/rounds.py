"""Figures of the nomination rounds (推荐评选).

- **推荐 人** (`nominated`): the candidates on the lists submitted within the period (the
  round's submission date), in rounds not cancelled, whatever became of them afterwards (a
  candidate struck off at the 联审 or the 公示 was still recommended); placed by the unit that
  recommended them.
- **一线职工比例** (`nominated_frontline_share`): of those, the share of front-line workers
  (一线职工, the migrant workers among them), as the reviews quote it
  ("基层一线职工的比例达到了98.87%"):
  `nominated_frontline` over `nominated`, to two decimals.
"""

from django.utils.translation import gettext_lazy as _

from apps.reports.registry import FLOW, RATIO, indicator

from ..models.rounds import FRONTLINE_CATEGORIES, Candidate, CandidateStatus, RoundStatus
from ..review import MODELWORKERS

SECTION = MODELWORKERS
PERSONS = _("persons")


def nominated(scope, period, **filters):
    return (
        Candidate.objects.within(scope)
        .filter(
            round__submitted_on__range=(period.start, period.end),
            **filters,
        )
        .exclude(round__status=RoundStatus.CANCELLED)
        .exclude(status=CandidateStatus.WITHDRAWN)
    )


indicator(
    code="modelworkers.nominated",
    section=SECTION,
    label=_("Candidates nominated"),
    unit=PERSONS,
    kind=FLOW,
    records=nominated,
    township="recommended_by__township",
    category="person_category",
    description=_(
        "Candidates on the nomination lists submitted within the period (rounds not cancelled)."
    ),
)
indicator(
    code="modelworkers.nominated_frontline",
    section=SECTION,
    label=_("Front-line workers nominated"),
    unit=PERSONS,
    kind=FLOW,
    records=lambda scope, period: nominated(
        scope, period, person_category__in=FRONTLINE_CATEGORIES
    ),
    township="recommended_by__township",
    description=_("Of those, the front-line workers (migrant workers among them)."),
)
indicator(
    code="modelworkers.nominated_frontline_share",
    section=SECTION,
    label=_("Share of front-line workers among the nominated"),
    unit="%",
    kind=RATIO,
    numerator="modelworkers.nominated_frontline",
    denominator="modelworkers.nominated",
    decimals=2,
    description=_("Front-line workers nominated over all candidates nominated."),
)
