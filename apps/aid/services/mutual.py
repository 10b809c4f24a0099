"""职工医疗互助 (大病互助): the county's caps of a year, employers' enrolments and the claims.
Each write keyword-only, with the acting user, in one transaction.

The caps (per claim, per person and year) are the county's (`MutualAidSettings`, the county
admin's to set) and are checked when a claim is approved, by the county administrator, whose
fund pays it. Approvals for one person and year take a transaction-scoped advisory lock on
(year, ID number), so two claims of the same person approved at the same moment are decided
one after the other and the yearly total cannot pass the cap.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from apps.core.models import Employer, UnionOrg
from apps.core.scoping import ensure_visible
from apps.core.services import history_context
from apps.core.validators import validate_id_number
from apps.membership.choices import HOLDING_STATUSES
from apps.membership.models import Member

from ..choices import ClaimStatus, IllnessCategory
from ..models import MutualAidClaim, MutualAidEnrolment, MutualAidSettings
from .common import check_date, in_scope
from .payments import _amount


def _require_editor(actor):
    if actor is not None and not actor.can_edit:
        raise PermissionDenied(_("Your role reads records but does not change them."))


def _require_county_admin(actor, what):
    if actor is not None and not actor.is_county_admin:
        raise PermissionDenied(what)


@transaction.atomic
def save_mutual_aid_settings(*, settings_row, actor):
    """The county admin sets a year's contribution per head and the caps per claim and per
    person and year (the cap per claim within the yearly one)."""
    _require_county_admin(actor, _("Only the county administrator sets the mutual aid caps."))
    for name in ("contribution_per_head", "cap_per_claim", "cap_per_person_year"):
        setattr(settings_row, name, _amount(name, getattr(settings_row, name)))
    if settings_row.cap_per_claim <= 0 or settings_row.cap_per_person_year <= 0:
        raise ValidationError({"cap_per_claim": _("Enter the caps (above zero).")})
    if settings_row.cap_per_claim > settings_row.cap_per_person_year:
        raise ValidationError(
            {"cap_per_claim": _("The cap per claim cannot exceed the cap per year.")}
        )
    with history_context(actor, action="save_mutual_aid_settings"):
        try:
            with transaction.atomic():
                settings_row.save()
        except IntegrityError as error:
            if "year" not in str(error):
                raise
            raise ValidationError({"year": _("That year's caps are already set.")}) from error
    return settings_row


@transaction.atomic
def enrol_employer(*, enrolment, actor):
    """An employer's workers enrolled for a year (人次) through a union in the actor's scope; the
    contribution per head defaults to the county's of that year, the total is computed."""
    _require_editor(actor)
    if actor is not None and not (
        UnionOrg.objects.visible_to(actor).filter(pk=enrolment.org_id).exists()
        and Employer.objects.visible_to(actor).filter(pk=enrolment.employer_id).exists()
    ):
        raise ValidationError({"employer": _("Choose a union and an employer within your scope.")})
    if not enrolment.workers or enrolment.workers < 1:
        raise ValidationError({"workers": _("Enter the workers enrolled.")})
    check_date("enrolled_on", enrolment.enrolled_on)
    per_head = enrolment.contribution_per_head
    if not per_head:
        county = MutualAidSettings.objects.filter(year=enrolment.year).first()
        per_head = county.contribution_per_head if county else None
    enrolment.contribution_per_head = _amount("contribution_per_head", per_head)
    if enrolment.contribution_per_head <= 0:
        raise ValidationError({"contribution_per_head": _("Enter the contribution per head.")})
    enrolment.contribution_total = enrolment.workers * enrolment.contribution_per_head
    with history_context(actor, action="enrol_employer"):
        enrolment.recorded_by = enrolment.recorded_by or actor
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError as error:
            if "aid_mutual_enrolment_once_per_year" not in str(error):
                raise
            raise ValidationError(
                {"employer": _("This employer is already enrolled for that year.")}
            ) from error
        ensure_visible(enrolment, actor)
    return enrolment


def _caps(year):
    caps = MutualAidSettings.objects.filter(year=year).first()
    if caps is None:
        raise ValidationError(
            _("The county has not set the mutual aid caps for %(year)d.") % {"year": year}
        )
    return caps


def _check_claim_cap(claim, caps):
    if claim.amount > caps.cap_per_claim:
        raise ValidationError(
            {
                "amount": _("At most %(cap)s yuan per claim (the county's cap).")
                % {"cap": caps.cap_per_claim}
            }
        )


@transaction.atomic
def record_claim(*, claim, actor):
    """A claim by a worker of an enrolled employer: the person (ID number, linked to the member
    record), the illness, the expenses and the amount asked, which may not exceed the expenses
    nor the county's cap per claim."""
    _require_editor(actor)
    enrolment = in_scope(MutualAidEnrolment, claim.enrolment, actor)
    try:
        claim.id_number = validate_id_number(claim.id_number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from error
    claim.person_name = (claim.person_name or "").strip()
    if not claim.person_name:
        raise ValidationError({"person_name": _("Enter the person's name.")})
    if claim.illness not in IllnessCategory.values:
        raise ValidationError({"illness": _("Choose the illness category.")})
    claim.expenses = _amount("expenses", claim.expenses)
    claim.amount = _amount("amount", claim.amount)
    if claim.amount <= 0:
        raise ValidationError({"amount": _("Enter the amount.")})
    if claim.amount > claim.expenses:
        raise ValidationError({"amount": _("The amount paid cannot exceed the expenses.")})
    check_date("applied_on", claim.applied_on)
    _check_claim_cap(claim, _caps(enrolment.year))
    claim.member = claim.member or (
        Member.objects.filter(id_number=claim.id_number, status__in=HOLDING_STATUSES)
        .order_by("pk")
        .first()
    )
    with history_context(actor, action="record_claim"):
        claim.enrolment = enrolment
        claim.status = ClaimStatus.APPLIED
        claim.recorded_by = actor
        claim.save()
        ensure_visible(claim, actor)
    return claim


def _lock_person(year, id_number):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"aid-mutual:{year}:{id_number}"],
        )


def paid_to_person(year, id_number):
    """What the fund has approved for a person in a year's enrolment."""
    total = MutualAidClaim.objects.filter(
        enrolment__year=year, id_number=id_number, status=ClaimStatus.APPROVED
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


@transaction.atomic
def approve_claim(*, claim, actor, approved, decided_on, opinion=""):
    """The county approves or refuses a claim (an opinion to refuse). Approved, the amount is
    held to the caps of the enrolment's year: per claim, and with the person's other approved
    claims of the year per person (the refusal names what is left)."""
    _require_county_admin(actor, _("Only the county federation approves mutual aid claims."))
    claim = in_scope(MutualAidClaim, claim, actor, lock=True)
    if claim.status != ClaimStatus.APPLIED:
        raise ValidationError(
            _("This claim has already been decided (%(status)s).")
            % {"status": claim.get_status_display()}
        )
    check_date("decided_on", decided_on, not_before=claim.applied_on, before_label=_("the claim"))
    opinion = (opinion or "").strip()
    if approved is None:
        raise ValidationError({"approved": _("Approve or refuse.")})
    if not approved and not opinion:
        raise ValidationError({"opinion": _("A refusal states its opinion.")})
    year = claim.enrolment.year
    if approved:
        _lock_person(year, claim.id_number)
        caps = _caps(year)
        _check_claim_cap(claim, caps)
        left = caps.cap_per_person_year - paid_to_person(year, claim.id_number)
        if claim.amount > left:
            raise ValidationError(
                {
                    "amount": _(
                        "Beyond the cap per person and year (%(cap)s yuan): %(left)s yuan is "
                        "left for this person in %(year)d."
                    )
                    % {"cap": caps.cap_per_person_year, "left": left, "year": year}
                }
            )
    with history_context(actor, action="approve_claim"):
        claim.status = ClaimStatus.APPROVED if approved else ClaimStatus.REFUSED
        claim.decided_on, claim.opinion, claim.decided_by = decided_on, opinion, actor
        claim.save(update_fields=["status", "decided_on", "opinion", "decided_by"])
        ensure_visible(claim, actor)
    return claim
