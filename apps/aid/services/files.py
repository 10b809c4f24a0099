"""Writes to hardship files: the application and every step of a file's life, each a function,
keyword-only, with the acting user, in one transaction, logged as a `FileStep` with the acting
organisation, the person, the day and the opinion (an opinion is required to refuse).

    apply_for_file     申请                 → applied
    unit_review        基层初审              applied → unit_reviewed | refused
    home_visit         入户调查              unit_reviewed → visited | refused
    start_publicity    公示 (from, until)    visited → publicity
    record_objection   异议                  publicity
    decide_objection   异议处理              publicity
    close_publicity    公示期满              publicity → publicized | refused (an objection upheld)
    county_approval    县总审批 (county)     publicized → active (在档) | refused
    review_file        年度复核 / 抽查 / 随时调整 (reviews.py)

A file that closes releases its people (`FilePerson.open`); one that reopens claims them again,
and the database refuses when someone is meanwhile in another open file.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.models import UnionOrg
from apps.core.scoping import ensure_visible
from apps.core.services import history_context, lock_code_series
from apps.core.validators import id_birth_date, id_sex, validate_id_number
from apps.membership.choices import HOLDING_STATUSES, Sex
from apps.membership.models import Member

from .. import rules
from ..choices import (
    FileStatus,
    ObjectionDecision,
    StepKind,
)
from ..models import FilePerson, HardshipFile, LowIncomeStandard
from .common import (
    check_date,
    last_step_on,
    locked_file,
    log_step,
    refuse,
    require_status,
)

ALREADY_IN_A_FILE = gettext_lazy("%(name)s is already in another open hardship file.")
PERSON_CONSTRAINT = "aid_person_in_one_open_file"


def _identity(person, field):
    """Normalise the ID number (15 digits converted) and derive birth date and sex from it."""
    try:
        person.id_number = validate_id_number(person.id_number)
    except ValidationError as error:
        raise ValidationError({field: [f"{person.name}: {m}" for m in error.messages]}) from error
    person.birth_date = id_birth_date(person.id_number)
    person.sex = Sex.MALE if id_sex(person.id_number) == "M" else Sex.FEMALE


def _member_record(id_number):
    return (
        Member.objects.filter(id_number=id_number, status__in=HOLDING_STATUSES)
        .order_by("pk")
        .first()
    )


def _standard(file, year):
    area = rules.standard_area(file.household_type)
    return LowIncomeStandard.objects.applicable(file.org, year, area).first()


def _assess(file, year, category, reason):
    """Per-capita income, the standard of the year and the suggested category; the chosen
    category must agree with the suggestion or carry a reason."""
    standard = _standard(file, year)
    if standard is None:
        raise ValidationError(
            {
                "category": _(
                    "No minimum living standard (低保标准) is set for %(year)d; "
                    "ask the county to enter it."
                )
                % {"year": year}
            }
        )
    suggestion = rules.suggested_category(
        file.household_annual_income,
        file.rigid_expenses,
        file.household_size,
        standard.monthly_amount,
    )
    refuse(rules.category_errors(category, suggestion, reason))
    file.per_capita_monthly = rules.per_capita_monthly(
        file.household_annual_income, file.rigid_expenses, file.household_size
    )
    file.low_income_standard = standard.monthly_amount
    file.suggested_category = suggestion or ""
    file.category = category
    file.category_reason = (reason or "").strip() if rules.contradicts(category, suggestion) else ""


def _claim_people(people):
    """Register the people of an open file; the database refuses anyone in another open file."""
    taken = (
        FilePerson.objects.filter(open=True, id_number__in=[p.id_number for p in people])
        .exclude(file_id=people[0].file_id)
        .values_list("id_number", flat=True)
    )
    taken = set(taken)
    for person in people:
        if person.id_number in taken:
            raise ValidationError({"id_number": ALREADY_IN_A_FILE % {"name": person.name}})
    try:
        with transaction.atomic():
            for person in people:
                if person.pk:
                    person.open = True
                    person.save(update_fields=["open"])
                else:
                    person.save()
    except IntegrityError as error:
        if PERSON_CONSTRAINT not in str(error):
            raise
        names = "、".join(p.name for p in people)
        raise ValidationError({"id_number": ALREADY_IN_A_FILE % {"name": names}}) from error


def _release_people(file):
    file.people.filter(open=True).update(open=False)


def _next_file_no(file):
    """The union's next file number of the year ("QH-01-001-KN2025-0007"), under the series'
    lock so that files recorded at the same moment get different numbers."""
    prefix = f"{file.org.code}-KN{file.applied_on.year}-"
    lock_code_series(prefix)
    taken = set(
        HardshipFile.objects.filter(file_no__startswith=prefix).values_list("file_no", flat=True)
    )
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


@transaction.atomic
def apply_for_file(*, file, family=(), actor, category_reason=""):
    """申请: a household's file, with its family members, in the applied state.

    The category chosen must agree with what the income and the local 低保标准 suggest, or
    carry a reason; nobody in the household may be in another open file (checked again by the
    database, also against a clerk saving the same person at the same moment). People who are
    members are linked to their member records.
    """
    if file.pk:
        raise ValidationError(_("This file has already been recorded."))
    family = list(family)
    if not file.org_id:
        raise ValidationError({"org": _("Choose the union that keeps the file.")})
    if actor is not None and not UnionOrg.objects.visible_to(actor).filter(pk=file.org_id).exists():
        raise ValidationError({"org": _("Choose a union within your scope.")})
    if file.org.is_closed:
        raise ValidationError({"org": _("The union is closed.")})
    check_date("applied_on", file.applied_on)
    _identity(file, "id_number")
    for member in family:
        _identity(member, "family")
    refuse(rules.file_errors(file, family))
    _assess(file, file.applied_on.year, file.category, category_reason or file.category_reason)
    with history_context(actor, action="apply_for_file"):
        file.status = FileStatus.APPLIED
        file.entered_by = actor
        file.member = file.member or _member_record(file.id_number)
        if not file.file_no:
            file.file_no = _next_file_no(file)
        try:
            with transaction.atomic():
                file.save()
        except IntegrityError as error:
            # A number typed by hand and saved meanwhile by another file: a refusal.
            if not HardshipFile.objects.filter(file_no=file.file_no).exists():
                raise
            raise ValidationError(
                {"file_no": _("This number has just been taken by another file; try again.")}
            ) from error
        people = [FilePerson(file=file, id_number=file.id_number, name=file.name)]
        for member in family:
            member.file = file
            member.member = member.member or _member_record(member.id_number)
            member.save()
            people.append(
                FilePerson(
                    file=file, family_member=member, id_number=member.id_number, name=member.name
                )
            )
        _claim_people(people)
        log_step(
            file,
            kind=StepKind.APPLY,
            actor=actor,
            acted_on=file.applied_on,
            from_status="",
        )
        ensure_visible(file, actor)
    return file


def _decide(file, *, actor, kind, acted_on, approved, opinion, passes_to, action):
    """A step that approves (→ `passes_to`) or refuses (→ refused, people released)."""
    check_date("acted_on", acted_on, not_before=last_step_on(file), before_label=_("the last step"))
    if approved is None:
        raise ValidationError({"approved": _("Approve or refuse.")})
    if not approved and not (opinion or "").strip():
        raise ValidationError({"opinion": _("A refusal states its opinion.")})
    with history_context(actor, action=action):
        before = file.status
        file.status = passes_to if approved else FileStatus.REFUSED
        if not approved:
            file.closed_on = acted_on
            _release_people(file)
        file.save(update_fields=["status", "closed_on", "filed_on", "updated_at"])
        log_step(
            file,
            kind=kind,
            actor=actor,
            acted_on=acted_on,
            from_status=before,
            opinion=opinion,
            approved=approved,
        )
        ensure_visible(file, actor)
    return file


@transaction.atomic
def unit_review(*, file, actor, approved, acted_on, opinion=""):
    """基层初审: the grassroots (or township) union checks the application."""
    file = locked_file(file, actor)
    require_status(file, [FileStatus.APPLIED], _("review"))
    return _decide(
        file,
        actor=actor,
        kind=StepKind.UNIT_REVIEW,
        acted_on=acted_on,
        approved=approved,
        opinion=opinion,
        passes_to=FileStatus.UNIT_REVIEWED,
        action="unit_review",
    )


@transaction.atomic
def home_visit(*, file, actor, approved, acted_on, opinion=""):
    """入户调查: two staff visit the household and confirm what the application says (the
    signed 申请书 and 家庭经济状况核对授权委托书 are its attachments)."""
    file = locked_file(file, actor)
    require_status(file, [FileStatus.UNIT_REVIEWED], _("record a home visit on"))
    return _decide(
        file,
        actor=actor,
        kind=StepKind.HOME_VISIT,
        acted_on=acted_on,
        approved=approved,
        opinion=opinion,
        passes_to=FileStatus.VISITED,
        action="home_visit",
    )


@transaction.atomic
def start_publicity(*, file, actor, starts_on, ends_on, opinion=""):
    """公示: the application is posted where the worker's colleagues see it, from/until."""
    file = locked_file(file, actor)
    require_status(file, [FileStatus.VISITED], _("post the public notice of"))
    check_date(
        "starts_on", starts_on, not_before=last_step_on(file), before_label=_("the last step")
    )
    if ends_on is None or ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The notice ends after it starts.")})
    with history_context(actor, action="start_publicity"):
        before = file.status
        file.status = FileStatus.PUBLICITY
        file.publicity_starts_on, file.publicity_ends_on = starts_on, ends_on
        file.save(
            update_fields=["status", "publicity_starts_on", "publicity_ends_on", "updated_at"]
        )
        log_step(
            file,
            kind=StepKind.PUBLICITY_START,
            actor=actor,
            acted_on=starts_on,
            from_status=before,
            opinion=opinion,
        )
        ensure_visible(file, actor)
    return file


@transaction.atomic
def record_objection(*, objection, actor):
    """An objection raised while the notice is up (on a day it is up)."""
    file = locked_file(objection.file, actor)
    require_status(file, [FileStatus.PUBLICITY], _("record an objection to"))
    check_date(
        "raised_on",
        objection.raised_on,
        not_before=file.publicity_starts_on,
        before_label=_("the public notice"),
    )
    if objection.raised_on > file.publicity_ends_on:
        raise ValidationError({"raised_on": _("The public notice had ended by then.")})
    if not (objection.content or "").strip():
        raise ValidationError({"content": _("Enter the objection.")})
    with history_context(actor, action="record_objection"):
        objection.file = file
        objection.decision, objection.decided_on, objection.decision_note = "", None, ""
        objection.recorded_by = actor
        objection.save()
    return objection


@transaction.atomic
def decide_objection(*, objection, actor, decision, decided_on, note):
    """The union looks into an objection and upholds or dismisses it, stating its finding."""
    file = locked_file(objection.file, actor)
    require_status(file, [FileStatus.PUBLICITY], _("decide an objection to"))
    objection = file.objections.select_for_update().get(pk=objection.pk)
    if objection.decision:
        raise ValidationError(_("This objection has already been decided."))
    if decision not in ObjectionDecision.values:
        raise ValidationError({"decision": _("Uphold or dismiss the objection.")})
    check_date(
        "decided_on", decided_on, not_before=objection.raised_on, before_label=_("the objection")
    )
    if not (note or "").strip():
        raise ValidationError({"note": _("State the finding.")})
    with history_context(actor, action="decide_objection"):
        objection.decision = ObjectionDecision(decision)
        objection.decided_on, objection.decision_note = decided_on, note.strip()
        objection.decided_by = actor
        objection.save(update_fields=["decision", "decided_on", "decision_note", "decided_by"])
    return objection


@transaction.atomic
def close_publicity(*, file, actor, closed_on, opinion=""):
    """公示期满: once the notice has run its days and every objection is decided. An upheld
    objection refuses the application, its finding the opinion."""
    file = locked_file(file, actor)
    require_status(file, [FileStatus.PUBLICITY], _("close the public notice of"))
    check_date(
        "closed_on",
        closed_on,
        not_before=file.publicity_ends_on,
        before_label=_("the end of the public notice"),
    )
    objections = list(file.objections.all())
    if any(not o.decision for o in objections):
        raise ValidationError(_("Decide every objection before the notice closes."))
    upheld = [o for o in objections if o.decision == ObjectionDecision.UPHELD]
    if upheld:
        opinion = "；".join(
            [*([opinion.strip()] if opinion.strip() else []), *(o.decision_note for o in upheld)]
        )
    return _decide(
        file,
        actor=actor,
        kind=StepKind.PUBLICITY_END,
        acted_on=closed_on,
        approved=not upheld,
        opinion=opinion,
        passes_to=FileStatus.PUBLICIZED,
        action="close_publicity",
    )


@transaction.atomic
def county_approval(*, file, actor, approved, acted_on, opinion=""):
    """县总审批: the county federation's aid centre approves the file (entered in the national
    system), which is then on file (在档) from that day, or refuses it."""
    if actor is not None and not actor.is_county_admin:
        raise PermissionDenied(_("Only the county federation approves a hardship file."))
    file = locked_file(file, actor)
    require_status(file, [FileStatus.PUBLICIZED], _("approve"))
    if approved:
        file.filed_on = acted_on
    return _decide(
        file,
        actor=actor,
        kind=StepKind.COUNTY_APPROVAL,
        acted_on=acted_on,
        approved=approved,
        opinion=opinion,
        passes_to=FileStatus.ACTIVE,
        action="county_approval",
    )
