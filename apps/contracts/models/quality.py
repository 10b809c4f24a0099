"""How contracts are kept: performance checks and quality assessments against the county's
rubric."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import track_history
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import validate_past_date

from ..choices import (
    CheckResult,
)
from .contracts import CollectiveContract


class RubricItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rubric is the county's table; everyone signed in reads it."""
        if not (user and user.is_authenticated and user.is_active and user.org_id):
            return self.none()
        return self.all()


@track_history
class RubricItem(models.Model):
    """One line of the county's rubric for collective bargaining quality (集体协商质效评估).

    No national rubric exists (provinces use 5 dimensions or 9 items/27 clauses), so the county
    edits this table; an inactive item is kept for old assessments but not offered for new ones.
    """

    name = models.CharField(_("item"), max_length=100)
    description = models.CharField(_("what is scored"), max_length=300, blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = RubricItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class CheckQuerySet(ScopedQuerySet):
    scope_paths = ("contract__union__path",)


@track_history
class PerformanceCheck(models.Model):
    """A performance check (履约检查): the union and the employer review how the contract is kept,
    and the employer reports to the workers' congress (at least once a year)."""

    contract = models.ForeignKey(
        CollectiveContract, on_delete=models.PROTECT, related_name="checks"
    )
    checked_on = models.DateField(_("checked on"), validators=[validate_past_date])
    checker = models.CharField(_("checked by"), max_length=100)
    result = models.CharField(_("result"), max_length=16, choices=CheckResult.choices)
    reported_to_congress = models.BooleanField(
        _("reported to the workers' congress"), default=False
    )
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance check")
        verbose_name_plural = _("performance checks")
        ordering = ["-checked_on", "-pk"]

    def __str__(self):
        return f"{self.checked_on} {self.get_result_display()}"


@track_history
class QualityAssessment(models.Model):
    """A quality assessment (质效评估) of a contract, scored item by item against the rubric;
    the total is the sum of the item scores, kept with the assessment."""

    contract = models.ForeignKey(
        CollectiveContract, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("assessed on"), validators=[validate_past_date])
    assessor = models.CharField(_("assessed by"), max_length=100)
    total_score = models.DecimalField(
        _("total score"), max_digits=6, decimal_places=1, default=0, editable=False
    )
    max_total = models.DecimalField(
        _("out of"), max_digits=6, decimal_places=1, default=0, editable=False
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality assessment")
        verbose_name_plural = _("quality assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self):
        return f"{self.assessed_on} {self.total_score}"


@track_history
class AssessmentScore(models.Model):
    """The score given for one rubric item in one assessment."""

    assessment = models.ForeignKey(
        QualityAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="score_one_per_item"),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.score}"
