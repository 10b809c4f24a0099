"""Figures of competitions (劳动竞赛), each one database aggregate over the records that make it
up; the drill-down is those records.

Definitions (as the county counts them):
- a competition counts in a period when it runs at some time within it (it starts by the
  period's end and ends on or after its start); competitions are placed by their organiser;
- employers taking part are the employers placed in the scope (by township or covering union)
  that take part in such a competition, each counted once however many competitions it is in;
  非公 follows from the employer's 单位性质 (`Employer.objects.owned(Ownership.NON_PUBLIC)`),
  as the membership and contracts figures decide it;
- the share of organised employers: the organised employers (建会率's numerator,
  `Employer.objects.organised_on` the period's end) taking part ÷ all organised employers;
- workers are 人次: the workers entered for each employer in each competition, summed (a worker
  in two competitions counts twice), over the participations of the employers in the scope;
- skills contests are the trades' contests (工种) of competitions running in the period;
  contestants are 人次 (entries); titles and promotions count the results granting one;
- units and people commended: awards dated within the period, to units and teams (个) or to
  people (人), of competitions placed in the scope.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.choices import Ownership
from apps.core.models import Employer
from apps.reports.registry import FLOW, RATIO, indicator, total

from ..choices import AwardeeKind, CompetitionType
from ..models import (
    Competition,
    CompetitionAward,
    Contestant,
    ContestResult,
    Participation,
    SkillsContest,
)
from ..review import COMPETITIONS

ITEMS = pgettext_lazy("unit", "items")  # 个
EMPLOYERS = _("employers")  # 家
PERSON_TIMES = _("person-times")  # 人次
PEOPLE = _("people")  # 人
PERCENT = "%"


def running_q(period, prefix=""):
    """Competitions running at some time within the period."""
    return Q(**{f"{prefix}starts_on__lte": period.end, f"{prefix}ends_on__gte": period.start})


def competitions(scope, period, **filters):
    """Competitions organised in the scope that run within the period."""
    return Competition.objects.within(scope).filter(running_q(period), **filters)


def _employer_in(scope, prefix="employer__"):
    return Q(**{f"{prefix}township__path__startswith": scope.path}) | Q(
        **{f"{prefix}union__path__startswith": scope.path}
    )


def participations(scope, period, **filters):
    """The participations of the employers placed in the scope, in competitions running in
    the period (wherever organised)."""
    return Participation.objects.filter(
        _employer_in(scope), running_q(period, "competition__"), **filters
    )


def employers_taking_part(scope, period, **filters):
    """Employers placed in the scope taking part in a competition running in the period, each
    once."""
    taking_part = Participation.objects.filter(
        running_q(period, "competition__"), employer=OuterRef("pk"), **filters
    )
    return Employer.objects.within(scope).filter(Exists(taking_part))


def as_of(period):
    return min(period.end, timezone.localdate())


def contests(scope, period):
    return SkillsContest.objects.within(scope).filter(running_q(period, "competition__"))


def contestants(scope, period):
    return Contestant.objects.within(scope).filter(running_q(period, "contest__competition__"))


def results(scope, period, **filters):
    return ContestResult.objects.within(scope).filter(
        running_q(period, "contestant__contest__competition__"), **filters
    )


def awards(scope, period, kinds):
    return CompetitionAward.objects.within(scope).filter(
        awarded_on__range=(period.start, period.end), awardee_kind__in=kinds
    )


def _add(code, label, unit, records, township, **options):
    indicator(
        code=f"competitions.{code}",
        section=COMPETITIONS,
        label=label,
        unit=unit,
        kind=options.pop("kind", FLOW),
        records=records,
        township=township,
        **options,
    )


_add(
    "competitions",
    _("Labour competitions held"),
    ITEMS,
    competitions,
    "organiser__township",
    category="competition_type",
    headline=True,
    description=_("Competitions organised in the scope running at some time in the period."),
)
for _type, _code in (
    (CompetitionType.KEY_PROJECT, "key_project"),
    (CompetitionType.SKILLS_CONTEST, "skills_contest"),
    (CompetitionType.SKILLS_DRILL, "skills_drill"),
    (CompetitionType.FIVE_SMALL, "five_small"),
    (CompetitionType.SERVICE_WINDOW, "service_window"),
    (CompetitionType.INDUSTRY, "industry"),
):
    _add(
        f"competitions_{_code}",
        _type.label,
        ITEMS,
        lambda scope, period, t=_type: competitions(scope, period, competition_type=t),
        "organiser__township",
        description=_("Competitions of this type running in the period."),
    )
_add(
    "employers",
    _("Employers taking part in competitions"),
    EMPLOYERS,
    employers_taking_part,
    "township",
    category="nature",
    headline=True,
    description=_(
        "Employers in the scope taking part in a competition running in the period, each "
        "counted once however many competitions it is in."
    ),
)
_add(
    "employers_non_public",
    _("Non-public employers taking part in competitions"),
    EMPLOYERS,
    lambda scope, period: employers_taking_part(scope, period).owned(Ownership.NON_PUBLIC),
    "township",
    description=_("Of the employers taking part, those non-public by nature of employer."),
)
_add(
    "employers_organised",
    _("Organised employers taking part in competitions"),
    EMPLOYERS,
    lambda scope, period: employers_taking_part(scope, period).organised_on(as_of(period)),
    "township",
    description=_("Of the employers taking part, those organised (the share's numerator)."),
)
indicator(
    code="competitions.employers_share",
    section=COMPETITIONS,
    label=_("Share of organised employers taking part in competitions"),
    unit=PERCENT,
    kind=RATIO,
    numerator="competitions.employers_organised",
    denominator="membership.organised_employers",
    decimals=1,
    description=_("Organised employers taking part ÷ organised employers (建会单位)."),
)
_add(
    "workers",
    _("Workers taking part in competitions"),
    PERSON_TIMES,
    participations,
    "employer__township",
    aggregate=total("workers"),
    headline=True,
    description=_("人次: the workers entered per employer and competition, summed."),
)
_add(
    "workers_non_public",
    _("Workers of non-public employers taking part in competitions"),
    PERSON_TIMES,
    lambda scope, period: participations(scope, period).filter(
        employer__in=Employer.objects.owned(Ownership.NON_PUBLIC)
    ),
    "employer__township",
    aggregate=total("workers"),
)
_add(
    "key_project_workers",
    _("Workers taking part in key project competitions"),
    PERSON_TIMES,
    lambda scope, period: participations(
        scope, period, competition__competition_type=CompetitionType.KEY_PROJECT
    ),
    "employer__township",
    aggregate=total("workers"),
)
_add(
    "contests",
    _("Skills contests held"),
    ITEMS,
    contests,
    "competition__organiser__township",
    description=_("Trades' contests (工种) of competitions running in the period."),
)
_add(
    "contestants",
    _("Contestants in skills contests"),
    PERSON_TIMES,
    contestants,
    "contest__competition__organiser__township",
)
_add(
    "titles_granted",
    _("Skills titles granted"),
    PEOPLE,
    lambda scope, period: results(scope, period).exclude(title_granted=""),
    "contestant__contest__competition__organiser__township",
    category="title_granted",
    description=_("Results granting a title (技术能手 …)."),
)
_add(
    "promotions",
    _("Grade promotions through contests"),
    PEOPLE,
    lambda scope, period: results(scope, period).exclude(promotion=""),
    "contestant__contest__competition__organiser__township",
    category="promotion",
    description=_("Results granting a grade promotion (晋升技师 …)."),
)
_add(
    "units_commended",
    _("Units and teams commended in competitions"),
    ITEMS,
    lambda scope, period: awards(scope, period, (AwardeeKind.UNIT, AwardeeKind.TEAM)),
    "competition__organiser__township",
    description=_("Awards dated within the period to units and teams."),
)
_add(
    "people_commended",
    _("People commended in competitions"),
    PEOPLE,
    lambda scope, period: awards(scope, period, (AwardeeKind.PERSON,)),
    "competition__organiser__township",
    description=_("Awards dated within the period to people."),
)
