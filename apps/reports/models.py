"""The annual work review (年度工作回顾): the text staff edit, and the versions issued from it."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet

from . import sections
from .choices import REVIEW_PERIOD_KINDS, PeriodKind, SectionKind
from .periods import Period


class AnnualReviewQuerySet(ScopedQuerySet):
    scope_paths = ("org__path",)


@track_history
class AnnualReview(models.Model):
    """One organisation's work review for one period (a year, a congress term or a statistics
    year): a title and ordered sections of text with indicator placeholders. It stays a draft
    that staff edit; issuing it (`services.issue_review`) freezes figures and PDF as a version.
    """

    org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="annual_reviews",
    )
    period_kind = models.CharField(
        _("period"), max_length=8, choices=REVIEW_PERIOD_KINDS, default=PeriodKind.YEAR
    )
    first_year = models.PositiveSmallIntegerField(_("year"))
    last_year = models.PositiveSmallIntegerField(_("to year"))
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AnnualReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual work review")
        verbose_name_plural = _("annual work reviews")
        ordering = ["-last_year", "org__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "period_kind", "first_year", "last_year"],
                name="annualreview_one_per_org_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="annualreview_year_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:review_detail", args=[self.pk])

    @property
    def period(self):
        return Period.parse(self.period_kind, self.first_year, self.last_year)


class ReviewSectionQuerySet(ScopedQuerySet):
    scope_paths = ("review__org__path",)


@track_history
class ReviewSection(models.Model):
    """A section of a review: the foreword, one line of work, or problems and plans. Its body is
    running text; each line is a paragraph; `{code}` placeholders are filled from indicators."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # A SectionKind, or the code of the line of work this chapter is about (sections.py).
    kind = models.CharField(_("kind"), max_length=32, default=SectionKind.OTHER)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)

    objects = ReviewSectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("review section")
        verbose_name_plural = _("review sections")
        ordering = ["review_id", "position", "pk"]

    def __str__(self):
        return self.heading

    @property
    def kind_label(self):
        if self.kind in SectionKind.values:
            return SectionKind(self.kind).label
        return sections.label(self.kind)


class IssuedReviewQuerySet(ScopedQuerySet):
    scope_paths = ("review__org__path",)


class IssuedReview(models.Model):
    """An issued version of a review: the figures as they stood (a snapshot, see
    `figures.py`), the text, the final HTML and the PDF bytes, with who issued it and when.

    Never changed after it is written (the database refuses updates and deletes): a reprint is
    the stored PDF, byte for byte, however the records have moved on. Issuing again is a new
    version beside the old.
    """

    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="issues")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    values = models.JSONField(_("figures"), default=dict)
    sections = models.JSONField(_("sections"), default=list)
    charts = models.JSONField(default=dict)
    html = models.TextField()
    pdf = models.FileField(upload_to="reviews/%Y/")
    pdf_sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))

    objects = IssuedReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued review")
        verbose_name_plural = _("issued reviews")
        ordering = ["review_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "version"], name="issuedreview_one_per_version"
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="issued_is_final", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"

    def get_absolute_url(self):
        return reverse("reports:issued_download", args=[self.pk])

    @property
    def filename(self):
        return f"{self.title}-v{self.version}.pdf"


class FigureCache(models.Model):
    """Computed dashboard figures of one scope and period, kept a few minutes so that leaders
    opening the dashboard do not each recompute a million-member county (see `dashboard.py`).
    A cache, not a record: it can be emptied at any time."""

    key = models.CharField(max_length=200, unique=True)
    data = models.JSONField()
    computed_at = models.DateTimeField()
    refreshing_since = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.key
