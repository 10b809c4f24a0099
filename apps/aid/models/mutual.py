"""职工医疗互助 (大病互助): the county's caps for the year, each employer's yearly enrolment of its
workers, and the claims paid out of the fund."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet, user_scope_path

from .. import choices
from ..choices import ClaimStatus
from ..masking import CLAIM_HISTORY_MASKS
from .files import money


class MutualAidSettingsQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone signed in reads the county's caps; only the county admin sets them."""
        if user_scope_path(user) is None:
            return self.none()
        return self.all()


@track_history
class MutualAidSettings(models.Model):
    """The county's rules of a year's 职工医疗互助: the contribution asked per head and the caps
    on what the fund pays, per claim and per person over the year (the county admin sets them;
    claims are approved against the year's row)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    contribution_per_head = money(_("contribution per head (yuan)"))
    cap_per_claim = money(_("cap per claim (yuan)"))
    cap_per_person_year = money(_("cap per person and year (yuan)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MutualAidSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("mutual aid settings")
        verbose_name_plural = _("mutual aid settings")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cap_per_claim__lte=models.F("cap_per_person_year")),
                name="aid_mutual_caps_consistent",
                violation_error_message=_("The cap per claim cannot exceed the cap per year."),
            ),
        ]

    def __str__(self):
        return str(self.year)


class EnrolmentQuerySet(ScopedQuerySet):
    scope_paths = ("org__path",)


@track_history
class MutualAidEnrolment(models.Model):
    """An employer's enrolment of its workers in a year's 职工医疗互助 (参加互助), through its
    union: the workers enrolled (人次) and what they paid in, per head and in total."""

    org = models.ForeignKey(
        UnionOrg, verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    workers = models.PositiveIntegerField(_("workers enrolled (person-times)"))
    contribution_per_head = money(_("contribution per head (yuan)"))
    contribution_total = models.DecimalField(
        _("contributions (yuan)"), max_digits=14, decimal_places=2, editable=False
    )
    enrolled_on = models.DateField(_("enrolled on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("mutual aid enrolment")
        verbose_name_plural = _("mutual aid enrolments")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "year"],
                name="aid_mutual_enrolment_once_per_year",
                violation_error_message=_("This employer is already enrolled for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    contribution_total=models.F("workers") * models.F("contribution_per_head")
                ),
                name="aid_mutual_enrolment_total",
                violation_error_message=_("The total is the workers times the contribution."),
            ),
        ]

    def __str__(self):
        return f"{self.employer_id} {self.year}"


class ClaimQuerySet(ScopedQuerySet):
    scope_paths = ("enrolment__org__path",)


@track_history
class MutualAidClaim(models.Model):
    """A claim on the fund (大病互助金申请) by an enrolled worker: the illness, the medical expenses
    and the amount the fund pays when approved, within the county's caps per claim and per
    person and year (services approve claims of one person one at a time)."""

    enrolment = models.ForeignKey(
        MutualAidEnrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    member = models.ForeignKey(
        "membership.Member",
        verbose_name=_("member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_name = models.CharField(_("person's name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18)
    illness = models.CharField(
        _("illness category"), max_length=20, choices=choices.IllnessCategory.choices
    )
    expenses = money(_("medical expenses (yuan)"))
    amount = money(_("amount paid (yuan)"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ClaimStatus.choices,
        default=ClaimStatus.APPLIED,
        editable=False,
    )
    applied_on = models.DateField(_("applied on"))
    decided_on = models.DateField(_("decided on"), null=True, editable=False)
    opinion = models.TextField(_("opinion"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClaimQuerySet.as_manager()

    history_masks = CLAIM_HISTORY_MASKS  # the member's ID number and the illness
    history_masks_everyone = True

    class Meta:
        verbose_name = _("mutual aid claim")
        verbose_name_plural = _("mutual aid claims")
        ordering = ["-applied_on", "-pk"]
        indexes = [models.Index(fields=["id_number", "status"], name="aid_claim_person")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0, amount__lte=models.F("expenses")),
                name="aid_claim_amount_within_expenses",
                violation_error_message=_("The amount paid cannot exceed the expenses."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ClaimStatus.REFUSED) | ~models.Q(opinion=""),
                name="aid_claim_refusal_has_opinion",
                violation_error_message=_("A refusal states its opinion."),
            ),
        ]

    def __str__(self):
        return f"{self.person_name} {self.applied_on}"
