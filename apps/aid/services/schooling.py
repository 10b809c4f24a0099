"""金秋助学 applications, each step a function, keyword-only, with the acting user, in one
transaction, logged as a `SchoolAidStep` (the file's step pattern: acting organisation, actor,
day, opinion; an opinion is required to refuse).

    apply_for_school_aid        申请, a student of a household on file  → applied
    start_school_aid_publicity  公示 (from, until)                      → publicity
    close_school_aid_publicity  公示期满 (an objection upheld refuses)   → publicized | refused
    approve_school_aid          审批, the county or programme's union   → approved | refused

"A student is not aided twice by overlapping programmes": two programmes overlap when they aid
the same school year; when both hold the rule (`AidProgramme.one_school_aid_per_year`, on by
default) the database's unique index on the approved applications (student ID number, school
year) lets only one of them approve, also when two are approved at the same moment. A
programme that turns the rule off (a donor's top-up scholarship) aids alongside any other.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from ..choices import (
    FileStatus,
    ProgrammeKind,
    SchoolAidStatus,
    SchoolAidStepKind,
    StudentLevel,
)
from ..models import AidProgramme, HardshipFile, SchoolAidApplication
from .common import check_date, in_scope, last_step_on, log_step
from .payments import _amount

AIDED_TWICE = gettext_lazy(
    "This student is already aided in the %(year)d school year by another programme "
    "(%(programme)s); a student is not aided twice by overlapping programmes."
)
ONCE_PER_YEAR = "aid_school_aid_once_per_student_and_year"
ONE_PER_PROGRAMME = "aid_school_aid_one_application_per_programme"


def _require_editor(actor):
    if actor is not None and not actor.can_edit:
        raise PermissionDenied(_("Your role reads records but does not change them."))


def _other_aid(application):
    """An approved application of another programme holding the rule that aids the same
    student in the same school year (for a refusal that names it)."""
    return (
        SchoolAidApplication.objects.filter(
            student_id_number=application.student_id_number,
            school_year=application.school_year,
            status=SchoolAidStatus.APPROVED,
            exclusive=True,
        )
        .exclude(pk=application.pk)
        .select_related("programme")
        .first()
    )


def _refuse_if_aided(application):
    if not application.programme.one_school_aid_per_year:
        return
    other = _other_aid(application)
    if other is not None:
        raise ValidationError(
            {
                "student": AIDED_TWICE
                % {"year": application.school_year, "programme": other.programme.name}
            }
        )


@transaction.atomic
def apply_for_school_aid(*, application, actor):
    """申请: a child at 本科, 专科(高职), 高中 or 中职 of a household on file, listed in its family.
    School, level and admission year default to what the family member's record says; the
    school year to the programme's year. Refused at once when the student is already aided in
    that school year by another programme holding the rule (approval checks again)."""
    _require_editor(actor)
    file = in_scope(HardshipFile, application.file, actor, lock=True)
    if file.status != FileStatus.ACTIVE:
        raise ValidationError(
            {
                "file": _("Only a household on file applies (this file is %(status)s).")
                % {"status": file.get_status_display()}
            }
        )
    programme = in_scope(AidProgramme, application.programme, actor)
    if programme.kind != ProgrammeKind.AUTUMN_SCHOOLING:
        raise ValidationError({"programme": _("Choose a golden autumn school aid programme.")})
    student = file.family.filter(pk=application.student_id).first()
    if student is None:
        raise ValidationError({"student": _("Choose a member of this household.")})
    application.level = application.level or student.schooling_level
    if application.level not in StudentLevel.values:
        raise ValidationError(
            {
                "level": _(
                    "School aid is for undergraduate, junior college, senior middle school "
                    "or secondary vocational students."
                )
            }
        )
    application.school = (application.school or student.work_unit or "").strip()
    if not application.school:
        raise ValidationError({"school": _("Enter the school.")})
    application.admission_year = application.admission_year or student.admission_year
    if not application.admission_year:
        raise ValidationError({"admission_year": _("Enter the admission year.")})
    application.school_year = application.school_year or programme.year
    if application.admission_year > application.school_year:
        raise ValidationError(
            {"admission_year": _("The student is admitted after the school year aided.")}
        )
    # Left blank (the model's default 0), the programme's standard amount.
    given = application.amount
    application.amount = _amount("amount", given if given else programme.standard_amount)
    if application.amount <= 0:
        raise ValidationError({"amount": _("Enter the amount.")})
    check_date("applied_on", application.applied_on)
    application.file, application.programme, application.student = file, programme, student
    application.student_name, application.student_id_number = student.name, student.id_number
    application.exclusive = programme.one_school_aid_per_year
    _refuse_if_aided(application)
    with history_context(actor, action="apply_for_school_aid"):
        application.status = SchoolAidStatus.APPLIED
        application.entered_by = actor
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:
            if ONE_PER_PROGRAMME not in str(error):
                raise
            raise ValidationError(
                {"student": _("This student has already applied in this programme.")}
            ) from error
        log_step(
            application,
            kind=SchoolAidStepKind.APPLY,
            actor=actor,
            acted_on=application.applied_on,
            from_status="",
        )
        ensure_visible(application, actor)
    return application


def _locked(application, actor):
    return in_scope(SchoolAidApplication, application, actor, lock=True)


def _require(application, status, action):
    if application.status != status:
        raise ValidationError(
            _("Cannot %(action)s an application that is %(status)s.")
            % {"action": action, "status": application.get_status_display()}
        )


@transaction.atomic
def start_school_aid_publicity(*, application, actor, starts_on, ends_on, opinion=""):
    """公示: the list of students aided is posted, from/until."""
    _require_editor(actor)
    application = _locked(application, actor)
    _require(application, SchoolAidStatus.APPLIED, _("post the public notice of"))
    check_date(
        "starts_on",
        starts_on,
        not_before=last_step_on(application),
        before_label=_("the last step"),
    )
    if ends_on is None or ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The notice ends after it starts.")})
    with history_context(actor, action="start_school_aid_publicity"):
        application.status = SchoolAidStatus.PUBLICITY
        application.publicity_starts_on, application.publicity_ends_on = starts_on, ends_on
        application.save()
        log_step(
            application,
            kind=SchoolAidStepKind.PUBLICITY_START,
            actor=actor,
            acted_on=starts_on,
            from_status=SchoolAidStatus.APPLIED,
            opinion=opinion,
        )
    return application


def _decide(application, *, actor, kind, acted_on, approved, opinion, passes_to, action):
    if approved is None:
        raise ValidationError({"approved": _("Approve or refuse.")})
    if not approved and not (opinion or "").strip():
        raise ValidationError({"opinion": _("A refusal states its opinion.")})
    with history_context(actor, action=action):
        before = application.status
        application.status = passes_to if approved else SchoolAidStatus.REFUSED
        if not approved or passes_to == SchoolAidStatus.APPROVED:
            application.decided_on = acted_on
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:
            if ONCE_PER_YEAR not in str(error):
                raise
            other = _other_aid(application)
            raise ValidationError(
                {
                    "student": AIDED_TWICE
                    % {
                        "year": application.school_year,
                        "programme": other.programme.name if other else "—",
                    }
                }
            ) from error
        log_step(
            application,
            kind=kind,
            actor=actor,
            acted_on=acted_on,
            from_status=before,
            opinion=opinion,
            approved=approved,
        )
        ensure_visible(application, actor)
    return application


@transaction.atomic
def close_school_aid_publicity(*, application, actor, closed_on, approved=True, opinion=""):
    """公示期满: passed, or refused when an objection was upheld (its finding the opinion)."""
    _require_editor(actor)
    application = _locked(application, actor)
    _require(application, SchoolAidStatus.PUBLICITY, _("close the public notice of"))
    check_date(
        "closed_on",
        closed_on,
        not_before=application.publicity_ends_on,
        before_label=_("the end of the public notice"),
    )
    return _decide(
        application,
        actor=actor,
        kind=SchoolAidStepKind.PUBLICITY_END,
        acted_on=closed_on,
        approved=approved,
        opinion=opinion,
        passes_to=SchoolAidStatus.PUBLICIZED,
        action="close_school_aid_publicity",
    )


@transaction.atomic
def approve_school_aid(*, application, actor, approved, acted_on, opinion=""):
    """审批 by the county administrator or the staff of the union running the programme.
    Refused when the student is already aided in the school year by another programme that
    holds the rule (the database decides between two approvals at the same moment)."""
    _require_editor(actor)
    application = _locked(application, actor)
    programme = application.programme
    if actor is not None and not (actor.is_county_admin or actor.org_id == programme.org_id):
        raise PermissionDenied(
            _("Only the county or the union that runs the programme approves its applications.")
        )
    _require(application, SchoolAidStatus.PUBLICIZED, _("approve"))
    check_date(
        "acted_on", acted_on, not_before=last_step_on(application), before_label=_("the last step")
    )
    # The programme's rule as it stands at approval is the one the database holds.
    application.exclusive = programme.one_school_aid_per_year
    if approved:
        _refuse_if_aided(application)
    return _decide(
        application,
        actor=actor,
        kind=SchoolAidStepKind.APPROVAL,
        acted_on=acted_on,
        approved=approved,
        opinion=opinion,
        passes_to=SchoolAidStatus.APPROVED,
        action="approve_school_aid",
    )
