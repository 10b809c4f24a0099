"""The steps of a nomination round after submission: the other departments' checks (联审), the
public notice (公示) with its objections and their decisions, and the approval that confers
the honours through the registry's `record_award` (a new person first gets a file)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.scoping import OutOfScope
from apps.core.services import history_context

from ..choices import Employment
from ..models import ModelWorker
from ..models.rounds import (
    STANDING,
    CandidateStatus,
    CheckResult,
    JointCheck,
    ObjectionDecision,
    RoundObjection,
    RoundStatus,
    RoundStepKind,
)
from .round_common import _date, _last_step_on, _require_runs, _require_status, _round, _step


@transaction.atomic
def record_joint_check(*, round_, actor, department, result, checked_on, candidate=None, note=""):
    """A department's opinion (联审). An objection on a candidate strikes them off the list,
    with the department's opinion as the reason."""
    round_ = _round(round_, actor)
    _require_runs(round_, actor)
    _require_status(round_, RoundStatus.JOINT_REVIEW)
    department = (department or "").strip()
    note = (note or "").strip()
    errors = {}
    if not department:
        errors["department"] = _("Enter the department.")
    if result not in CheckResult.values:
        errors["result"] = _("Choose the result.")
    elif result == CheckResult.FAILED and not note:
        errors["note"] = _("An objection states the department's opinion.")
    if errors:
        raise ValidationError(errors)
    _date("checked_on", checked_on, not_before=round_.submitted_on, what=_("the submission"))
    if candidate is not None:
        candidate = round_.candidates.filter(pk=candidate.pk, status__in=STANDING).first()
        if candidate is None:
            raise ValidationError({"candidate": _("Choose a candidate on the round's list.")})
    check = JointCheck(
        round=round_,
        candidate=candidate,
        department=department,
        result=result,
        checked_on=checked_on,
        note=note,
        recorded_by=actor,
    )
    with history_context(actor, action="record_joint_check"):
        check.save()
        if candidate is not None and result == CheckResult.FAILED:
            candidate.status = CandidateStatus.REJECTED
            candidate.status_reason = f"{department}: {note}"
            candidate.save(update_fields=["status", "status_reason"])
    return check


@transaction.atomic
def start_publicity(*, round_, actor, publicity_from, publicity_to):
    """The list still standing after the checks goes on public notice (公示) for its period."""
    round_ = _round(round_, actor)
    _require_runs(round_, actor)
    _require_status(round_, RoundStatus.JOINT_REVIEW)
    _date(
        "publicity_from", publicity_from, not_before=_last_step_on(round_), what=_("the last step")
    )
    if publicity_to is None or publicity_to < publicity_from:
        raise ValidationError({"publicity_to": _("The notice ends on or after its first day.")})
    if not round_.candidates.filter(status__in=STANDING).exists():
        raise ValidationError(_("No candidate is left on the list."))
    before = round_.status
    round_.status = RoundStatus.PUBLICITY
    round_.publicity_from, round_.publicity_to = publicity_from, publicity_to
    with history_context(actor, action="start_publicity"):
        round_.save(update_fields=["status", "publicity_from", "publicity_to", "updated_at"])
        _step(
            round_,
            kind=RoundStepKind.PUBLICITY,
            actor=actor,
            acted_on=publicity_from,
            from_status=before,
            opinion=_("Public notice %(start)s to %(end)s")
            % {"start": publicity_from, "end": publicity_to},
        )
    return round_


@transaction.atomic
def raise_objection(*, round_, candidate, actor, raised_on, content, raised_by=""):
    """An objection to a candidate during the public notice."""
    round_ = _round(round_, actor)
    _require_status(round_, RoundStatus.PUBLICITY)
    candidate = round_.candidates.filter(
        pk=getattr(candidate, "pk", None), status__in=STANDING
    ).first()
    if candidate is None:
        raise ValidationError({"candidate": _("Choose a candidate on the round's list.")})
    _date("raised_on", raised_on, not_before=round_.publicity_from, what=_("the public notice"))
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("Enter the objection.")})
    objection = RoundObjection(
        round=round_,
        candidate=candidate,
        raised_on=raised_on,
        raised_by=(raised_by or "").strip(),
        content=content,
        recorded_by=actor,
    )
    with history_context(actor, action="raise_objection"):
        objection.save()
    return objection


@transaction.atomic
def decide_objection(*, objection, actor, decision, decided_on, finding):
    """The finding on an objection: upheld strikes the candidate off the list, dismissed
    leaves them on it."""
    stored = (
        RoundObjection.objects.all() if actor is None else RoundObjection.objects.visible_to(actor)
    )
    stored = stored.filter(pk=objection.pk).first()
    if stored is None:
        raise OutOfScope("Not in your organisation's scope.")
    round_ = _round(stored.round_id, actor)
    _require_runs(round_, actor)
    _require_status(round_, RoundStatus.PUBLICITY)
    if stored.decision:
        raise ValidationError(_("This objection has been decided already."))
    if decision not in ObjectionDecision.values:
        raise ValidationError({"decision": _("Choose the decision.")})
    finding = (finding or "").strip()
    if not finding:
        raise ValidationError({"finding": _("A decision states its finding.")})
    _date("decided_on", decided_on, not_before=stored.raised_on, what=_("the objection"))
    stored.decision, stored.decided_on, stored.finding = decision, decided_on, finding
    stored.decided_by = actor
    with history_context(actor, action="decide_objection"):
        stored.save(update_fields=["decision", "decided_on", "finding", "decided_by"])
        if decision == ObjectionDecision.UPHELD:
            candidate = stored.candidate
            candidate.status = CandidateStatus.REJECTED
            candidate.status_reason = _("Objection upheld: %(finding)s") % {"finding": finding}
            candidate.save(update_fields=["status", "status_reason"])
    return stored


@transaction.atomic
def approve_round(*, round_, actor, approved_on, document_no):
    """Approval after the public notice: every candidate still on the list receives the honour
    (`record_award`, with the commendation's 文号 and date), a new person first getting a
    model-worker file. Refused while an objection is undecided or before the notice has run
    its course."""
    round_ = _round(round_, actor)
    _require_runs(round_, actor)
    _require_status(round_, RoundStatus.PUBLICITY)
    _date(
        "approved_on",
        approved_on,
        not_before=round_.publicity_to,
        what=_("the end of the public notice"),
    )
    document_no = (document_no or "").strip()
    if not document_no:
        raise ValidationError({"document_no": _("Enter the commendation's document number.")})
    if round_.objections.filter(decision="").exists():
        raise ValidationError(_("An objection is still undecided."))
    standing = list(
        round_.candidates.filter(status=CandidateStatus.PROPOSED).select_related("model_worker")
    )
    if not standing:
        raise ValidationError(_("No candidate is left on the list."))
    before = round_.status
    with history_context(actor, action="approve_round"):
        for candidate in standing:
            award = _award(
                candidate=candidate,
                round_=round_,
                actor=actor,
                conferred_on=approved_on,
                document_no=document_no,
            )
            candidate.status = CandidateStatus.AWARDED
            candidate.award = award
            if candidate.model_worker_id is None:
                candidate.model_worker = award.model_worker
            candidate.save(update_fields=["status", "award", "model_worker"])
        round_.status = RoundStatus.APPROVED
        round_.approved_on, round_.document_no = approved_on, document_no
        round_.save(update_fields=["status", "approved_on", "document_no", "updated_at"])
        _step(
            round_,
            kind=RoundStepKind.APPROVE,
            actor=actor,
            acted_on=approved_on,
            from_status=before,
        )
    return round_


def _award(*, candidate, round_, actor, conferred_on, document_no):
    """The honour to one candidate through the registry's `record_award`; a new person first
    gets a file, kept by the union that recommended them."""
    from .registry import record_award, save_worker

    worker = candidate.model_worker
    if worker is None:
        worker = ModelWorker(
            org=candidate.recommended_by,
            name=candidate.name,
            id_number=candidate.id_number,
            person_category=candidate.person_category,
            work_unit=candidate.employer_name,
            post=candidate.post,
            employment=Employment.IN_POST,
        )
        worker = save_worker(worker=worker, actor=actor)
    try:
        return record_award(
            honour_type=round_.honour_type,
            actor=actor,
            year=round_.year,
            conferred_on=conferred_on,
            document_no=document_no,
            model_worker=worker,
            deeds=candidate.deeds,
            recommended_by=candidate.recommended_by.name,
            source=str(round_.name)[:100],
        )
    except ValidationError as error:
        messages = [
            m for ms in getattr(error, "message_dict", {"": error.messages}).values() for m in ms
        ]
        raise ValidationError(
            _("%(name)s: %(problem)s") % {"name": candidate.name, "problem": "；".join(messages)}
        ) from error
