"""Writes of a nomination round (推荐评选): opening it, candidates recommended and withdrawn,
the submission (refused when the list breaks the notice's quota or ratios), the other
departments' checks (联审), the public notice with its objections, and the approval that
confers the honours through `record_award`. Keyword-only, with the acting user, one
transaction each; the round's row is locked so that two staff acting at once take turns.

The ratios are counted over the list as it stands (candidates recommended and not withdrawn
or struck off), exactly: a rule of "at least 60 %" holds for 3 of 5 and fails for 59 of 100.

This module holds the round and its list (opening, candidates, submission, cancellation);
`round_ratios` the quota and ratio rules, `round_review` the steps after submission,
`round_common` what the steps share. Callers import every one of them from here.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.models import UnionOrg
from apps.core.scoping import OutOfScope, ensure_visible
from apps.core.services import history_context
from apps.core.validators import id_sex, validate_id_number
from apps.membership.choices import Sex

from ..choices import PersonCategory, RecipientKind, WorkerStatus
from ..models import ModelWorker
from ..models.rounds import (
    Candidate,
    CandidateStatus,
    RoundStatus,
    RoundStepKind,
)
from .round_common import _date, _last_step_on, _require_runs, _require_status, _round, _step
from .round_ratios import HUNDRED, RULE_FILTERS, RULES, Ratio, list_counts, list_problems, ratios
from .round_review import (
    approve_round,
    decide_objection,
    raise_objection,
    record_joint_check,
    start_publicity,
)

__all__ = [
    "add_candidate",
    "approve_round",
    "cancel_round",
    "decide_objection",
    "HUNDRED",
    "list_counts",
    "list_problems",
    "raise_objection",
    "Ratio",
    "ratios",
    "record_joint_check",
    "RULE_FILTERS",
    "RULES",
    "save_round",
    "start_publicity",
    "submit_round",
    "withdraw_candidate",
]

# --- the round -------------------------------------------------------------------------------


@transaction.atomic
def save_round(*, round_, actor, opened_on=None):
    """Open a round after its notice, or correct it while units are still recommending (its
    quota and ratios may change until the list is submitted)."""
    from django.utils import timezone

    if (
        actor is not None
        and not UnionOrg.objects.visible_to(actor).filter(pk=round_.org_id).exists()
    ):
        raise ValidationError({"org": _("Choose a union within your scope.")})
    new = not round_.pk
    if not new:
        stored = _round(round_, actor)
        _require_status(stored, RoundStatus.DRAFTING)
        round_.status = stored.status
    if round_.honour_type_id and round_.honour_type.recipient_kind != RecipientKind.PERSON:
        raise ValidationError({"honour_type": _("A nomination round is for an honour to persons.")})
    with history_context(actor, action="save_round"):
        round_.save()
        ensure_visible(round_, actor)
        if new:
            _step(
                round_,
                kind=RoundStepKind.CREATE,
                actor=actor,
                acted_on=opened_on or timezone.localdate(),
                from_status="",
            )
    return round_


@transaction.atomic
def add_candidate(
    *,
    round_,
    actor,
    recommended_by,
    model_worker=None,
    name="",
    id_number="",
    person_category="",
    employer_name="",
    post="",
    deeds="",
):
    """A unit recommends a person to a round still taking recommendations: a model worker on
    file (name, sex and category are the file's) or a new person. Refused: a person whose
    title was withdrawn, a person already on the list, a unit outside the actor's scope.
    Beyond the quota or the ratios is a warning here (`list_problems`), a refusal on
    submission."""
    round_ = _round(round_, actor)
    _require_status(round_, RoundStatus.DRAFTING)
    if recommended_by is None or (
        actor is not None
        and not UnionOrg.objects.visible_to(actor).filter(pk=recommended_by.pk).exists()
    ):
        raise ValidationError({"recommended_by": _("Choose a union within your scope.")})
    if model_worker is None and id_number:
        try:
            id_number = validate_id_number(id_number)
        except ValidationError as error:
            raise ValidationError({"id_number": error.messages}) from error
        # A person with a file already is recommended on that file.
        model_worker = ModelWorker.objects.filter(id_number=id_number).first()
        if model_worker is not None and model_worker.status == WorkerStatus.WITHDRAWN:
            raise ValidationError(
                {"id_number": _("This person's title was withdrawn: they cannot be recommended.")}
            )
    if model_worker is not None:
        found = (
            (ModelWorker.objects.all() if actor is None else ModelWorker.objects.visible_to(actor))
            .filter(pk=model_worker.pk)
            .first()
        )
        if found is None:
            raise ValidationError({"model_worker": _("Choose a model worker within your scope.")})
        model_worker = found
        if model_worker.status != WorkerStatus.ON_RECORD:
            raise ValidationError(
                {
                    "model_worker": _("This model worker is %(status)s and cannot be recommended.")
                    % {"status": model_worker.get_status_display()}
                }
            )
        name = model_worker.name
        id_number = model_worker.id_number
        sex = model_worker.sex
        person_category = model_worker.person_category
        employer_name = (
            employer_name
            or model_worker.work_unit
            or (model_worker.employer.name if model_worker.employer_id else "")
        )
        post = post or model_worker.post
    else:
        errors = {}
        if not (name or "").strip():
            errors["name"] = _("Enter the name.")
        if not id_number:
            errors["id_number"] = _("Enter the ID number (the file approval creates needs it).")
        if person_category not in PersonCategory.values:
            errors["person_category"] = _("Choose the person category.")
        if errors:
            raise ValidationError(errors)
        sex = Sex.MALE if id_sex(id_number) == "M" else Sex.FEMALE
    candidate = Candidate(
        round=round_,
        model_worker=model_worker,
        recommended_by=recommended_by,
        name=name.strip(),
        id_number=id_number or "",
        sex=sex,
        person_category=person_category,
        employer_name=(employer_name or "").strip(),
        post=(post or "").strip(),
        deeds=(deeds or "").strip(),
        recorded_by=actor,
    )
    with history_context(actor, action="add_candidate"):
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError as error:
            if "mw_candidate_" not in str(error):
                raise
            raise ValidationError(
                {"id_number": _("This person is already on the round's list.")}
            ) from error
    return candidate


@transaction.atomic
def withdraw_candidate(*, candidate, actor, reason):
    """The unit takes a recommendation back while the round takes recommendations."""
    stored = Candidate.objects.all() if actor is None else Candidate.objects.visible_to(actor)
    stored = stored.filter(pk=candidate.pk).first()
    if stored is None:
        raise OutOfScope("Not in your organisation's scope.")
    _round(stored.round_id, None)  # lock the round
    _require_status(stored.round, RoundStatus.DRAFTING)
    if stored.status != CandidateStatus.PROPOSED:
        raise ValidationError(_("This candidate is no longer on the list."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("State why the recommendation is withdrawn.")})
    stored.status = CandidateStatus.WITHDRAWN
    stored.status_reason = reason
    with history_context(actor, action="withdraw_candidate"):
        stored.save(update_fields=["status", "status_reason"])
    return stored


@transaction.atomic
def submit_round(*, round_, actor, submitted_on):
    """The list goes to the other departments (联审). Refused when it is empty, beyond the
    quota or breaks any of the notice's ratios, each named."""
    round_ = _round(round_, actor)
    _require_runs(round_, actor)
    _require_status(round_, RoundStatus.DRAFTING)
    _date("submitted_on", submitted_on, not_before=_last_step_on(round_), what=_("the last step"))
    problems = list_problems(round_)
    if problems:
        raise ValidationError(problems)
    before = round_.status
    round_.status = RoundStatus.JOINT_REVIEW
    round_.submitted_on = submitted_on
    with history_context(actor, action="submit_round"):
        round_.save(update_fields=["status", "submitted_on", "updated_at"])
        _step(
            round_,
            kind=RoundStepKind.SUBMIT,
            actor=actor,
            acted_on=submitted_on,
            from_status=before,
        )
    return round_


@transaction.atomic
def cancel_round(*, round_, actor, cancelled_on, reason):
    """A round called off before approval, with its reason; its list stays as it was."""
    round_ = _round(round_, actor)
    _require_runs(round_, actor)
    if not round_.is_open:
        raise ValidationError(
            _("Not possible while the round is %(status)s.")
            % {"status": round_.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("State why the round is cancelled.")})
    _date("cancelled_on", cancelled_on, not_before=_last_step_on(round_), what=_("the last step"))
    before = round_.status
    round_.status = RoundStatus.CANCELLED
    with history_context(actor, action="cancel_round"):
        round_.save(update_fields=["status", "updated_at"])
        _step(
            round_,
            kind=RoundStepKind.CANCEL,
            actor=actor,
            acted_on=cancelled_on,
            from_status=before,
            opinion=reason,
        )
    return round_
