"""Writes of a nomination round (推荐评选): opening it, candidates recommended and withdrawn,
the submission (refused when the list breaks the notice's quota or ratios), the other
departments' checks (联审), the public notice with its objections, and the approval that
confers the honours through `record_award`. Keyword-only, with the acting user, one
transaction each; the round's row is locked so that two staff acting at once take turns.

The ratios are counted over the list as it stands (candidates recommended and not withdrawn
or struck off), exactly: a rule of "at least 60 %" holds for 3 of 5 and fails for 59 of 100.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.models import UnionOrg
from apps.core.scoping import OutOfScope, ensure_visible
from apps.core.services import history_context
from apps.core.validators import id_sex, validate_id_number, validate_past_date
from apps.membership.choices import Sex

from ..choices import Employment, PersonCategory, RecipientKind, WorkerStatus
from ..models import ModelWorker
from ..models.rounds import (
    FRONTLINE_CATEGORIES,
    STANDING,
    Candidate,
    CandidateStatus,
    CheckResult,
    JointCheck,
    NominationRound,
    ObjectionDecision,
    RoundObjection,
    RoundStatus,
    RoundStep,
    RoundStepKind,
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


# --- helpers ---------------------------------------------------------------------------------


def _round(round_, actor, *, lock=True):
    queryset = (
        NominationRound.objects.all()
        if actor is None
        else NominationRound.objects.visible_to(actor)
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.filter(pk=getattr(round_, "pk", round_)).first()
    if found is None:
        raise OutOfScope("Not in your organisation's scope.")
    return found


def _require_runs(round_, actor):
    """Only the union running the round (or one above it) moves it on; a township's staff
    recommend to the county's round but do not submit or approve it."""
    if actor is None:
        return
    if (
        not actor.can_edit
        or not UnionOrg.objects.visible_to(actor).filter(pk=round_.org_id).exists()
    ):
        raise PermissionDenied(_("Only the union running the round can do this."))


def _require_status(round_, *allowed):
    if round_.status not in allowed:
        raise ValidationError(
            _("Not possible while the round is %(status)s.")
            % {"status": round_.get_status_display()}
        )


def _date(field, day, *, not_before=None, what=""):
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    try:
        validate_past_date(day)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: _("Cannot be before %(what)s (%(day)s).") % {"what": what, "day": not_before}}
        )


def _last_step_on(round_):
    step = round_.steps.order_by("-acted_on", "-pk").first()
    return step.acted_on if step else None


def _step(round_, *, kind, actor, acted_on, from_status, opinion=""):
    return RoundStep.objects.create(
        round=round_,
        kind=kind,
        actor=actor,
        acted_on=acted_on,
        from_status=from_status,
        to_status=round_.status,
        opinion=(opinion or "").strip(),
    )


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
