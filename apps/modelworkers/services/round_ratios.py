"""The notice's quota and ratio rules of a nomination round (一线职工 ≥ x %, 企业负责人 ≤ z %,
女性 …), counted over the list as it stands (candidates recommended and not withdrawn or struck
off), exactly: a rule of "at least 60 %" holds for 3 of 5 and fails for 59 of 100. Shown live
while a list is drafted, enforced at submission (`rounds.submit_round`)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.membership.choices import Sex

from ..choices import PersonCategory
from ..models.rounds import (
    FRONTLINE_CATEGORIES,
    STANDING,
    Candidate,
)

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Ratio:
    """One rule of the notice against the list: how many of how many, the share, the limit."""

    key: str
    label: str
    count: int
    total: int
    limit: Decimal
    at_least: bool

    @property
    def share(self):
        if not self.total:
            return None
        return (Decimal(self.count) * HUNDRED / self.total).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def holds(self):
        """Exact, not on the rounded share: count / total against limit / 100."""
        if not self.total:
            return True
        if self.at_least:
            return self.count * HUNDRED >= self.limit * self.total
        return self.count * HUNDRED <= self.limit * self.total

    @property
    def sentence(self):
        """As the reviews quote it: 基层一线职工的比例达到了98.87%."""
        share = "—" if self.share is None else f"{self.share}%"
        limit = f"{self.limit.normalize():f}%"
        if self.at_least:
            return _("%(what)s make up %(share)s of the list (the notice: at least %(limit)s)") % {
                "what": self.label,
                "share": share,
                "limit": limit,
            }
        return _("%(what)s make up %(share)s of the list (the notice: at most %(limit)s)") % {
            "what": self.label,
            "share": share,
            "limit": limit,
        }

    @property
    def refusal(self):
        return _("%(sentence)s: %(count)s of %(total)s, the rule is not met.") % {
            "sentence": self.sentence,
            "count": self.count,
            "total": self.total,
        }


RULES = (
    ("min_frontline", gettext_lazy("Front-line workers"), True),
    ("min_migrant", gettext_lazy("Migrant workers"), True),
    ("max_manager", gettext_lazy("Enterprise heads"), False),
    ("min_women", gettext_lazy("Women"), True),
)
RULE_FILTERS = {
    "min_frontline": Q(person_category__in=FRONTLINE_CATEGORIES),
    "min_migrant": Q(person_category=PersonCategory.MIGRANT),
    "max_manager": Q(person_category=PersonCategory.MANAGER),
    "min_women": Q(sex=Sex.FEMALE),
}


def list_counts(round_):
    """{total, frontline, migrant, manager, women} of the standing list, in one query."""
    standing = Candidate.objects.filter(round_id=round_.pk, status__in=STANDING)
    return standing.aggregate(
        total=Count("pk"),
        **{key: Count("pk", filter=condition) for key, condition in RULE_FILTERS.items()},
    )


def ratios(round_, counts=None):
    """The notice's rules that are set, each against the standing list (`Ratio`)."""
    counts = counts if counts is not None else list_counts(round_)
    result = []
    for key, label, at_least in RULES:
        limit = getattr(round_, key)
        if limit is None:
            continue
        result.append(
            Ratio(
                key=key,
                label=str(label),
                count=counts[key],
                total=counts["total"],
                limit=Decimal(limit),
                at_least=at_least,
            )
        )
    return result


def list_problems(round_, counts=None):
    """What is wrong with the standing list (the draft's warnings, the submission's refusals)."""
    counts = counts if counts is not None else list_counts(round_)
    problems = []
    if not counts["total"]:
        problems.append(_("The list is empty."))
    if counts["total"] > round_.quota:
        problems.append(
            _("%(total)s recommended, beyond the quota of %(quota)s.")
            % {"total": counts["total"], "quota": round_.quota}
        )
    problems.extend(r.refusal for r in ratios(round_, counts) if not r.holds)
    return problems
