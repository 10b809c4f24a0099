"""金秋助学: applications for a student of a household on file, on the parent's file."""

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet

from .. import choices
from ..choices import SchoolAidStatus
from ..masking import SCHOOL_AID_HISTORY_MASKS
from .files import FamilyMember, HardshipFile, money
from .money import AidProgramme


class SchoolAidQuerySet(ScopedQuerySet):
    """Placed by the union that keeps the parent's file."""

    scope_paths = ("file__org__path",)


@track_history
class SchoolAidApplication(models.Model):
    """A 金秋助学 application: a child of a household in hardship at 本科, 专科(高职), 高中 or 中职
    is aided for a school year, through public notice and approval like a file.

    "Not aided twice by overlapping programmes" is held by the database: one approved
    application per student ID number and school year among the programmes that hold the rule
    (`AidProgramme.one_school_aid_per_year`, default on). The school year is the period two
    programmes overlap in: 金秋助学 is paid once a year, at enrolment, for the year that starts.
    A date-range exclusion would need btree_gist, which the embedded PostgreSQL lacks."""

    programme = models.ForeignKey(
        AidProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="school_aid_applications",
    )
    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("parent's hardship file"),
        on_delete=models.PROTECT,
        related_name="school_aid_applications",
    )
    student = models.ForeignKey(
        FamilyMember, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    student_name = models.CharField(_("student's name"), max_length=50, editable=False)
    student_id_number = models.CharField(_("student's ID number"), max_length=18, editable=False)
    school = models.CharField(_("school"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=choices.StudentLevel.choices)
    admission_year = models.PositiveSmallIntegerField(
        _("admission year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The school year aided, by the year it starts (2025 = 2025–2026)."),
    )
    amount = money(_("amount (yuan)"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SchoolAidStatus.choices,
        default=SchoolAidStatus.APPLIED,
        editable=False,
    )
    # Copied from the programme when approved, so the database rule reads it from the row.
    exclusive = models.BooleanField(default=True, editable=False)
    applied_on = models.DateField(_("applied on"))
    publicity_starts_on = models.DateField(_("public notice from"), null=True, editable=False)
    publicity_ends_on = models.DateField(_("public notice until"), null=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolAidQuerySet.as_manager()

    history_masks = SCHOOL_AID_HISTORY_MASKS
    history_masks_everyone = True

    class Meta:
        verbose_name = _("school aid application")
        verbose_name_plural = _("school aid applications")
        ordering = ["-school_year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student_id_number", "school_year"],
                condition=models.Q(status=SchoolAidStatus.APPROVED, exclusive=True),
                name="aid_school_aid_once_per_student_and_year",
                violation_error_message=_(
                    "This student is already aided in this school year by another programme."
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "student_id_number"],
                condition=~models.Q(status=SchoolAidStatus.REFUSED),
                name="aid_school_aid_one_application_per_programme",
                violation_error_message=_("This student has already applied in this programme."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="aid_school_aid_amount_positive",
                violation_error_message=_("Enter the amount."),
            ),
        ]

    def __str__(self):
        return f"{self.student_name} {self.school_year}"


class SchoolAidStepQuerySet(ScopedQuerySet):
    scope_paths = ("application__file__org__path",)


@track_history
class SchoolAidStep(models.Model):
    """One step of a 金秋助学 application (申请, 公示, 公示期满, 审批), as a file's steps: the
    acting organisation, the person, the day and the opinion; never changed once written."""

    application = models.ForeignKey(
        SchoolAidApplication, on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=20, choices=choices.SchoolAidStepKind.choices)
    approved = models.BooleanField(_("approved"), null=True)
    from_status = models.CharField(_("from"), max_length=12, choices=SchoolAidStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=SchoolAidStatus.choices)
    acting_org = models.ForeignKey(
        UnionOrg, verbose_name=_("acting organisation"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acted_on = models.DateField(_("date"))
    opinion = models.TextField(_("opinion"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolAidStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("school aid step")
        verbose_name_plural = _("school aid steps")
        ordering = ["application_id", "acted_on", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="aid_school_aid_step_is_final", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approved=False) | ~models.Q(opinion=""),
                name="aid_school_aid_step_refusal_has_opinion",
                violation_error_message=_("A refusal states its opinion."),
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.get_kind_display()} {self.acted_on}"
