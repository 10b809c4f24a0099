"""Checks of proposals, innovations and studios shared by the forms, the API, the ledger import
and the services. Each refusal names the rule it applies.

Who may lead a studio (`QUALIFYING`): the leader must hold, in the model-worker registry, an
honour of one of the categories the studio's type accepts, at the studio's level or above
(a county studio: a county honour or higher; a city studio: city or higher …), as the
provinces' rules say (合肥: 市级及以上劳模、五一劳动奖章或工匠人才领衔). A national 五一劳动奖章
counts as a provincial model worker's (its treatment level), so the level compared is the
honour's level. The table is data: a county with other rules edits it here.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices_innovation import (
    ADOPTED_RESULTS,
    InnovationKind,
    ProposalReview,
    StudioLevel,
    StudioType,
)

# Honour categories of the registry (apps.modelworkers HonourType.category) each studio type
# accepts for its leader.
MODEL_WORKER_HONOURS = ("model_worker", "advanced_worker", "may_day_medal")
CRAFT_HONOURS = ("craftsman", "skill_expert")
QUALIFYING = {
    StudioType.MODEL_WORKER: MODEL_WORKER_HONOURS,
    StudioType.MODEL_CRAFTSMAN: MODEL_WORKER_HONOURS + CRAFT_HONOURS,
    StudioType.WORKER: MODEL_WORKER_HONOURS + CRAFT_HONOURS,
    StudioType.CRAFTSMAN: ("craftsman", "may_day_medal", "skill_expert"),
    StudioType.MASTER: ("craftsman",),
}
# Honour levels (apps.modelworkers `Level`: 1 全国, 2 省部级, 3 地市级, 4 县级) at or above each
# studio level.
LEVELS_AT_OR_ABOVE = {
    StudioLevel.NATIONAL: ("1",),
    StudioLevel.PROVINCIAL: ("1", "2"),
    StudioLevel.CITY: ("1", "2", "3"),
    StudioLevel.COUNTY: ("1", "2", "3", "4"),
}

RULE_REVIEW_FIRST = gettext_lazy("Rule: an adoption needs a review")
RULE_REASON = gettext_lazy("Rule: a proposal not adopted states the reason")
RULE_IMPLEMENT_ADOPTED = gettext_lazy("Rule: only an adopted proposal is implemented")
RULE_BENEFIT = gettext_lazy("Rule: a benefit only on an implemented proposal")
RULE_LEADER = gettext_lazy("Rule: the studio's leader holds a qualifying honour")


def _named(rule, message):
    # The colon as the language writes it (Chinese: full width).
    return _("%(rule)s: %(message)s") % {"rule": rule, "message": message}


def proposal_errors(proposal):
    """{field: message} of the proposal's rules (all of them, at once)."""
    errors = {}
    result = proposal.review_result
    if result in ADOPTED_RESULTS and not proposal.reviewed_on:
        errors["reviewed_on"] = _named(
            RULE_REVIEW_FIRST, _("enter the date the review panel decided.")
        )
    if result and proposal.reviewed_on is None:
        errors.setdefault(
            "reviewed_on", _named(RULE_REVIEW_FIRST, _("enter the date of the review."))
        )
    if proposal.reviewed_on and not result:
        errors["review_result"] = _named(RULE_REVIEW_FIRST, _("enter the review result."))
    if (
        proposal.reviewed_on
        and proposal.submitted_on
        and proposal.reviewed_on < proposal.submitted_on
    ):
        errors["reviewed_on"] = _("The review cannot be before the proposal was submitted.")
    if result == ProposalReview.REJECTED and not (proposal.review_reason or "").strip():
        errors["review_reason"] = _named(RULE_REASON, _("enter why it was not adopted."))
    if proposal.implemented_on:
        if result not in ADOPTED_RESULTS:
            errors["implemented_on"] = _named(
                RULE_IMPLEMENT_ADOPTED, _("record its adoption by the review panel first.")
            )
        elif proposal.reviewed_on and proposal.implemented_on < proposal.reviewed_on:
            errors["implemented_on"] = _("It cannot be implemented before it was adopted.")
    if (proposal.annual_benefit or 0) > 0 and not proposal.implemented_on:
        errors["annual_benefit"] = _named(
            RULE_BENEFIT, _("a proposal not implemented has no annual benefit yet.")
        )
    return errors


def innovation_errors(innovation):
    errors = {}
    if (
        innovation.kind == InnovationKind.BREAKTHROUGH
        and not (innovation.problems_solved or "").strip()
    ):
        errors["problems_solved"] = _("A technical breakthrough names the problems solved.")
    if bool(innovation.patent_no) != bool(innovation.patent_kind):
        field = "patent_kind" if innovation.patent_no else "patent_no"
        errors[field] = _("A patent has both its number and its kind.")
    return errors


def qualifying_awards(leader, studio_type, level):
    """The leader's honours in the registry that qualify them for a studio of this type and
    level (a queryset; empty when none): not revoked, held by a model worker on record."""
    from apps.modelworkers.choices import WorkerStatus
    from apps.modelworkers.models import HonourAward

    return HonourAward.objects.filter(
        model_worker=leader,
        model_worker__status=WorkerStatus.ON_RECORD,
        revoked=False,
        honour_type__category__in=QUALIFYING.get(studio_type, ()),
        level__in=LEVELS_AT_OR_ABOVE.get(level, ()),
    )


def leader_errors(studio):
    """{"leader": message} when the leader holds no qualifying honour."""
    if not studio.leader_id:
        return {}
    if qualifying_awards(studio.leader_id, studio.studio_type, studio.level).exists():
        return {}
    return {
        "leader": _named(
            RULE_LEADER,
            _(
                "%(name)s holds no honour in the registry that qualifies for a %(level)s "
                "%(type)s (one of: %(honours)s, at that level or above)."
            )
            % {
                "name": studio.leader,
                "level": StudioLevel(studio.level).label if studio.level else "",
                "type": StudioType(studio.studio_type).label if studio.studio_type else "",
                "honours": qualifying_labels(studio.studio_type),
            },
        )
    }


def qualifying_labels(studio_type):
    """The names of the honour categories the type accepts, as the registry labels them."""
    try:
        from apps.modelworkers.choices import HonourCategory
    except ImportError:  # pragma: no cover - the registry always has its choices
        return "、".join(QUALIFYING.get(studio_type, ()))
    labels = dict(HonourCategory.choices)
    return "、".join(str(labels.get(code, code)) for code in QUALIFYING.get(studio_type, ()))
