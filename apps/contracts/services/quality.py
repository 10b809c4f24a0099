"""Writes to the records of how a contract is kept: performance checks (履约检查), quality
assessments (质效评估) scored against the county's rubric, and the rubric itself."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from ..models import AssessmentScore, RubricItem
from .moves import _check_date, _locked, _refuse


@transaction.atomic
def record_check(*, check, actor):
    """A performance check (履约检查) of a contract that has been signed."""
    contract = _locked(check.contract)
    ensure_visible(contract, actor)
    if contract.signed_on is None:
        raise ValidationError(_("Only a signed contract can be checked."))
    _check_date(
        "checked_on", check.checked_on, not_before=contract.signed_on, before_label=_("signing")
    )
    with history_context(actor, action="record_check"):
        check.recorded_by = actor
        check.save()
    return check


@transaction.atomic
def record_assessment(*, assessment, scores, actor):
    """A quality assessment scored item by item against the county's rubric: every active item
    scored, none above its maximum; the total is their sum."""
    contract = _locked(assessment.contract)
    ensure_visible(contract, actor)
    if contract.signed_on is None:
        raise ValidationError(_("Only a signed contract can be assessed."))
    _check_date(
        "assessed_on",
        assessment.assessed_on,
        not_before=contract.signed_on,
        before_label=_("signing"),
    )
    items = {item.pk: item for item in RubricItem.objects.filter(active=True)}
    if not items:
        raise ValidationError(_("The county has not set up the rubric yet."))
    errors = {}
    for pk, item in items.items():
        score = scores.get(pk)
        if score is None:
            errors[f"item_{pk}"] = [_("Score this item.")]
        elif score < 0 or score > item.max_score:
            errors[f"item_{pk}"] = [_("Between 0 and %(max)d.") % {"max": item.max_score}]
    _refuse(errors)
    with history_context(actor, action="record_assessment"):
        assessment.recorded_by = actor
        assessment.total_score = sum(scores[pk] for pk in items)
        assessment.max_total = sum(item.max_score for item in items.values())
        assessment.save()
        AssessmentScore.objects.bulk_create(
            AssessmentScore(assessment=assessment, item=item, score=scores[pk])
            for pk, item in items.items()
        )
    return assessment


@transaction.atomic
def save_rubric_item(*, item, actor):
    """The county edits its rubric (county administrators only)."""
    if actor is not None and not actor.is_county_admin:
        raise ValidationError(_("Only the county federation edits the rubric."))
    with history_context(actor, action="save_rubric_item"):
        item.save()
    return item
