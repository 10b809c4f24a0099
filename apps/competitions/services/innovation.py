"""Writes of the innovation side: proposals (recorded, reviewed, implemented), innovations,
studios (applied, named with the leader's honour checked, re-checked, revoked) with their
yearly reports, and 安康杯 entries. Each is keyword-only with the acting user, in one
transaction, its history event carrying the actor, the scope re-checked after the write; a
refusal names the rule (`rules_innovation`)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.models import Employer, UnionOrg
from apps.core.scoping import OutOfScope, ensure_visible
from apps.core.services import history_context
from apps.core.validators import validate_past_date

from .. import rules_innovation as rules
from ..choices_innovation import ADOPTED_RESULTS, ProposalReview, StudioStatus
from ..models.innovation import (
    AnkangEntry,
    Innovation,
    InnovationStudio,
    Proposal,
    StudioReport,
)

__all__ = [
    "add_studio_report",
    "implement_proposal",
    "name_studio",
    "recheck_studio",
    "record_innovation",
    "review_proposal",
    "revoke_studio",
    "save_ankang_entry",
    "save_proposal",
    "save_studio",
]


def _refuse(errors):
    if errors:
        raise ValidationError(dict(errors))


def _date(field, day):
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    try:
        validate_past_date(day)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _locked(model, obj, actor):
    queryset = model.objects.all() if actor is None else model.objects.visible_to(actor)
    found = queryset.select_for_update(of=("self",)).filter(pk=obj.pk).first()
    if found is None:
        raise OutOfScope("Not in your organisation's scope.")
    return found


def _check_org(record, actor, field="org"):
    if actor is None:
        return
    if not UnionOrg.objects.visible_to(actor).filter(pk=getattr(record, f"{field}_id")).exists():
        raise ValidationError({field: _("Choose a union within your scope.")})


def _check_employer(record, actor, field="employer"):
    employer_id = getattr(record, f"{field}_id")
    if actor is None or employer_id is None:
        return
    if not Employer.objects.visible_to(actor).filter(pk=employer_id).exists():
        raise ValidationError({field: _("Choose an employer within your scope.")})


def _money(value):
    return Decimal(value or 0).quantize(Decimal("0.01"))


# Proposals ---------------------------------------------------------------------------------


@transaction.atomic
def save_proposal(*, proposal, actor, members=None):
    """Record or correct a proposal, with the review and implementation it has so far (a ledger
    row may carry them): the rules of adoption, refusal and benefit apply to the whole."""
    _check_org(proposal, actor)
    _check_employer(proposal, actor)
    _date("submitted_on", proposal.submitted_on)
    for field in ("reviewed_on", "implemented_on"):
        if getattr(proposal, field) is not None:
            _date(field, getattr(proposal, field))
    if proposal.pk:
        _locked(Proposal, proposal, actor)
    proposal.annual_benefit = _money(proposal.annual_benefit)
    proposal.reward = _money(proposal.reward)
    if proposal.review_result != ProposalReview.REJECTED:
        proposal.review_reason = proposal.review_reason or ""
    _refuse(rules.proposal_errors(proposal))
    with history_context(actor, action="save_proposal"):
        if not proposal.pk and actor is not None:
            proposal.entered_by = actor
        proposal.save()
        if members is not None:
            proposal.proposer_members.set(members)
        ensure_visible(proposal, actor)
    return proposal


@transaction.atomic
def review_proposal(*, proposal, actor, result, reviewed_on, reason=""):
    """The review panel's decision: 采纳, 部分采纳, 不采纳 (with the reason) or 存档待用. A proposal
    already implemented keeps its adoption."""
    stored = _locked(Proposal, proposal, actor)
    if stored.implemented_on:
        raise ValidationError(
            _("This proposal has been implemented; its adoption can no longer be changed.")
        )
    _date("reviewed_on", reviewed_on)
    if result not in ProposalReview.values:
        raise ValidationError({"result": _("Choose the review result.")})
    stored.review_result = ProposalReview(result)
    stored.reviewed_on = reviewed_on
    stored.review_reason = (reason or "").strip()
    errors = rules.proposal_errors(stored)
    if "review_reason" in errors:
        errors["reason"] = errors.pop("review_reason")
    if "review_result" in errors:
        errors["result"] = errors.pop("review_result")
    _refuse(errors)
    with history_context(actor, action="review_proposal"):
        stored.save()
        ensure_visible(stored, actor)
    return stored


@transaction.atomic
def implement_proposal(*, proposal, actor, implemented_on, annual_benefit=0, reward=0):
    """Implementation of an adopted proposal, with its annual benefit (元) and the reward."""
    stored = _locked(Proposal, proposal, actor)
    if stored.review_result not in ADOPTED_RESULTS:
        raise ValidationError(
            {
                "implemented_on": f"{rules.RULE_IMPLEMENT_ADOPTED}: "
                + _("record its adoption by the review panel first.")
            }
        )
    _date("implemented_on", implemented_on)
    stored.implemented_on = implemented_on
    stored.annual_benefit = _money(annual_benefit)
    stored.reward = _money(reward)
    _refuse(rules.proposal_errors(stored))
    with history_context(actor, action="implement_proposal"):
        stored.save()
        ensure_visible(stored, actor)
    return stored


# Innovations -------------------------------------------------------------------------------


@transaction.atomic
def record_innovation(*, innovation, actor):
    """Record or correct a 五小 or technical innovation (a 技术攻关 names the problems solved; a
    patent has its number and kind)."""
    _check_org(innovation, actor)
    _check_employer(innovation, actor)
    if innovation.pk:
        _locked(Innovation, innovation, actor)
    innovation.benefit = _money(innovation.benefit)
    _refuse(rules.innovation_errors(innovation))
    with history_context(actor, action="record_innovation"):
        innovation.save()
        ensure_visible(innovation, actor)
    return innovation


# Studios -----------------------------------------------------------------------------------


def _check_leader(studio, actor):
    from apps.modelworkers.models import ModelWorker

    if actor is not None and not (
        ModelWorker.objects.visible_to(actor).filter(pk=studio.leader_id).exists()
    ):
        raise ValidationError({"leader": _("Choose a model worker within your scope.")})


@transaction.atomic
def save_studio(*, studio, actor):
    """Record a studio's application or correct it. Once named, a change of leader, type or
    level is checked against the registry again (the leader must still qualify)."""
    _check_org(studio, actor)
    _check_employer(studio, actor, "host_employer")
    _check_leader(studio, actor)
    if studio.pk:
        stored = _locked(InnovationStudio, studio, actor)
        for field in ("status", "named_on", "doc_no", "subsidy", "rechecked_on", "revoked_on"):
            setattr(studio, field, getattr(stored, field))
        studio.revoke_reason = stored.revoke_reason
        if studio.is_standing:
            _refuse(rules.leader_errors(studio))
    with history_context(actor, action="save_studio"):
        studio.save()
        ensure_visible(studio, actor)
    return studio


@transaction.atomic
def name_studio(*, studio, actor, named_on, doc_no, subsidy=0, recheck_due=None):
    """命名: the studio is named by document; its leader must hold a qualifying honour in the
    registry for its type and level (`rules_innovation.QUALIFYING`), checked now."""
    stored = _locked(InnovationStudio, studio, actor)
    if stored.status != StudioStatus.APPLIED:
        raise ValidationError(
            _("This studio is %(status)s: only an application is named.")
            % {"status": stored.get_status_display()}
        )
    _date("named_on", named_on)
    if not (doc_no or "").strip():
        raise ValidationError({"doc_no": _("Enter the naming document number.")})
    if recheck_due is not None and recheck_due <= named_on:
        raise ValidationError({"recheck_due": _("The re-check falls due after the naming.")})
    _refuse(rules.leader_errors(stored))
    stored.status = StudioStatus.NAMED
    stored.named_on = named_on
    stored.doc_no = doc_no.strip()
    stored.subsidy = _money(subsidy)
    stored.recheck_due = recheck_due
    with history_context(actor, action="name_studio"):
        stored.save()
        ensure_visible(stored, actor)
    return stored


@transaction.atomic
def recheck_studio(*, studio, actor, rechecked_on, next_due=None):
    """重新确认 passed: the studio stays named, with the date of the re-check and the next one
    due. The leader must still qualify. A studio that fails is revoked (`revoke_studio`)."""
    stored = _locked(InnovationStudio, studio, actor)
    if not stored.is_standing:
        raise ValidationError(_("Only a named studio is re-checked."))
    _date("rechecked_on", rechecked_on)
    if rechecked_on < stored.named_on:
        raise ValidationError({"rechecked_on": _("The re-check cannot be before the naming.")})
    if next_due is not None and next_due <= rechecked_on:
        raise ValidationError({"next_due": _("The next re-check falls due after this one.")})
    _refuse(rules.leader_errors(stored))
    stored.status = StudioStatus.RECHECKED
    stored.rechecked_on = rechecked_on
    stored.recheck_due = next_due
    with history_context(actor, action="recheck_studio"):
        stored.save()
        ensure_visible(stored, actor)
    return stored


@transaction.atomic
def revoke_studio(*, studio, actor, revoked_on, reason):
    """撤销: a studio that failed its re-check or closed; kept, marked, with the reason."""
    stored = _locked(InnovationStudio, studio, actor)
    if stored.status == StudioStatus.REVOKED:
        raise ValidationError(_("This studio has already been revoked."))
    _date("revoked_on", revoked_on)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Enter the reason.")})
    if stored.named_on and revoked_on < stored.named_on:
        raise ValidationError({"revoked_on": _("Cannot be before the naming.")})
    stored.status = StudioStatus.REVOKED
    stored.revoked_on = revoked_on
    stored.revoke_reason = reason.strip()
    with history_context(actor, action="revoke_studio"):
        stored.save()
        ensure_visible(stored, actor)
    return stored


@transaction.atomic
def add_studio_report(*, report, actor):
    """A named studio's outcomes of a year, once per year."""
    studio = _locked(InnovationStudio, report.studio, actor)
    if studio.named_on is None:
        raise ValidationError(_("Only a named studio reports its outcomes."))
    if report.year < studio.named_on.year:
        raise ValidationError(
            {"year": _("The studio was named in %(year)s.") % {"year": studio.named_on.year}}
        )
    if StudioReport.objects.filter(studio=studio, year=report.year).exists():
        raise ValidationError({"year": _("This studio has already reported for this year.")})
    report.benefit = _money(report.benefit)
    with history_context(actor, action="add_studio_report"):
        report.save()
    return report


# 安康杯 --------------------------------------------------------------------------------------


@transaction.atomic
def save_ankang_entry(*, entry, actor):
    """An employer's 安康杯 entry of a year (one per employer and year, held by the database)."""
    _check_employer(entry, actor)
    if entry.pk:
        _locked(AnkangEntry, entry, actor)
    duplicate = AnkangEntry.objects.filter(employer_id=entry.employer_id, year=entry.year)
    if entry.pk:
        duplicate = duplicate.exclude(pk=entry.pk)
    if duplicate.exists():
        raise ValidationError({"year": _("This employer already has an entry for this year.")})
    if entry.workers < entry.teams:
        raise ValidationError({"workers": _("Fewer workers than teams taking part.")})
    with history_context(actor, action="save_ankang_entry"):
        entry.save()
        ensure_visible(entry, actor)
    return entry
