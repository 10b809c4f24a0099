"""The innovation side of labour competitions (经济技术创新): workers' proposals (合理化建议),
五小 and technical innovations, innovation studios (创新工作室) with their yearly outcomes, and
the 安康杯 entries of employers. Money is in 元 (two places); reports show 万元."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet

from ..choices_innovation import (
    ADOPTED_RESULTS,
    AnkangAward,
    AwardLevel,
    InnovationKind,
    PatentKind,
    ProposalCategory,
    ProposalReview,
    StudioLevel,
    StudioStatus,
    StudioType,
)

__all__ = [
    "AnkangEntry",
    "Innovation",
    "InnovationStudio",
    "Proposal",
    "StudioReport",
]
TEN_THOUSAND = Decimal("10000")


def wan(amount):
    """An amount in 元 as 万元 for display (four places: to the yuan)."""
    return (amount / TEN_THOUSAND).quantize(Decimal("0.0001")).normalize()


def money(label, **options):
    """An amount in yuan, two places, never negative."""
    options.setdefault("default", 0)
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], **options
    )


def a_year(label, **options):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1950), MaxValueValidator(2100)], **options
    )


class OrgScoped(ScopedQuerySet):
    """Placed in the tree by the union it is recorded under."""

    scope_paths = ("org__path",)


@track_history
class Proposal(models.Model):
    """A workers' proposal (合理化建议): made by one or more workers of a unit, reviewed by
    the unit's review panel (采纳 / 部分采纳 / 不采纳 with the reason / 存档待用), implemented,
    its annual benefit reckoned and rewarded. The rules (`rules_innovation.proposal_errors`)
    are held by the database too: an adoption has a review date, a refusal its reason, only
    an adopted proposal is implemented, and only an implemented one has a benefit."""

    code = models.CharField(_("proposal no."), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("The union it is recorded under: the unit's own, or the township's."),
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    proposers = models.CharField(
        _("proposers"), max_length=200, help_text=_("Names, separated by 、")
    )
    proposer_members = models.ManyToManyField(
        "membership.Member",
        verbose_name=_("proposers on the member roll"),
        blank=True,
        related_name="proposals",
    )
    category = models.CharField(_("category"), max_length=16, choices=ProposalCategory.choices)
    submitted_on = models.DateField(_("submitted on"))
    review_result = models.CharField(
        _("review result"), max_length=16, choices=ProposalReview.choices, blank=True
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Required when not adopted.")
    )
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    annual_benefit = money(_("annual benefit (yuan)"))
    reward = money(_("reward (yuan)"))
    golden_idea = models.BooleanField(_("golden idea (金点子)"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScoped.as_manager()
    drilldown_columns = [
        "title",
        "proposers",
        "employer__name",
        "submitted_on",
        "review_result",
        "implemented_on",
        "annual_benefit",
    ]

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["-submitted_on", "-id"], name="proposal_list_order"),
            models.Index(fields=["reviewed_on"], name="proposal_reviewed_on"),
            models.Index(fields=["implemented_on"], name="proposal_implemented_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(review_result__in=ADOPTED_RESULTS) | Q(reviewed_on__isnull=False),
                name="proposal_adoption_needs_review",
                violation_error_message=_(
                    "Rule: an adoption needs a review: enter the date the review panel decided."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(review_result=ProposalReview.REJECTED) | ~Q(review_reason=""),
                name="proposal_rejection_has_reason",
                violation_error_message=_(
                    "Rule: a proposal not adopted states the reason: enter why it was not adopted."
                ),
            ),
            models.CheckConstraint(
                condition=Q(implemented_on__isnull=True) | Q(review_result__in=ADOPTED_RESULTS),
                name="proposal_implemented_only_if_adopted",
                violation_error_message=_(
                    "Rule: only an adopted proposal is implemented: record its adoption by the "
                    "review panel first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(annual_benefit=0) | Q(implemented_on__isnull=False),
                name="proposal_benefit_only_if_implemented",
                violation_error_message=_(
                    "Rule: a benefit only on an implemented proposal: a proposal not implemented "
                    "has no annual benefit yet."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:proposal_detail", args=[self.pk])

    @property
    def annual_benefit_wan(self):
        return wan(self.annual_benefit)

    @property
    def is_adopted(self):
        return self.review_result in ADOPTED_RESULTS


@track_history
class Innovation(models.Model):
    """A 五小 result (小发明 小创造 小革新 小设计 小建议) or a larger technical innovation
    (技术革新, 先进操作法, 技术攻关) of a unit's workers in a year, with its benefit, its
    patent if one was granted, and the level of the commendation it won. A 技术攻关 names
    the problems solved."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=InnovationKind.choices)
    org = models.ForeignKey(
        UnionOrg, verbose_name=_("union"), on_delete=models.PROTECT, related_name="innovations"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    people = models.CharField(_("people"), max_length=200, help_text=_("Names, separated by 、"))
    year = a_year(_("year"))
    problems_solved = models.TextField(
        _("problems solved"), blank=True, help_text=_("Required for a technical breakthrough.")
    )
    patent_no = models.CharField(_("patent no."), max_length=40, blank=True)
    patent_kind = models.CharField(
        _("patent kind"), max_length=12, choices=PatentKind.choices, blank=True
    )
    benefit = money(_("benefit (yuan)"))
    award_level = models.CharField(
        _("award level"), max_length=12, choices=AwardLevel.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScoped.as_manager()
    drilldown_columns = ["title", "kind", "employer__name", "people", "year", "benefit"]

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["-year", "-id"], name="innovation_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=InnovationKind.BREAKTHROUGH) | ~Q(problems_solved=""),
                name="innovation_breakthrough_names_problems",
                violation_error_message=_("A technical breakthrough names the problems solved."),
            ),
            models.CheckConstraint(
                condition=(Q(patent_no="") & Q(patent_kind=""))
                | (~Q(patent_no="") & ~Q(patent_kind="")),
                name="innovation_patent_number_and_kind",
                violation_error_message=_("A patent has both its number and its kind."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:innovation_detail", args=[self.pk])

    @property
    def benefit_wan(self):
        return wan(self.benefit)


@track_history
class InnovationStudio(models.Model):
    """An innovation studio (创新工作室: 劳模 / 职工 / 工匠 …) hosted by an employer and led by a
    model worker from the registry, who must hold a qualifying honour for the studio's type and
    level when it is named (`rules_innovation.QUALIFYING`). It is named by a document, may be
    subsidised, reports its outcomes yearly and is re-checked (重新确认) when due."""

    name = models.CharField(_("name"), max_length=200)
    studio_type = models.CharField(_("type"), max_length=20, choices=StudioType.choices)
    level = models.CharField(_("level"), max_length=12, choices=StudioLevel.choices)
    org = models.ForeignKey(
        UnionOrg, verbose_name=_("union"), on_delete=models.PROTECT, related_name="studios"
    )
    host_employer = models.ForeignKey(
        Employer, verbose_name=_("host employer"), on_delete=models.PROTECT, related_name="studios"
    )
    leader = models.ForeignKey(
        "modelworkers.ModelWorker",
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="studios",
    )
    members = models.PositiveIntegerField(_("members"), default=0)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StudioStatus.choices,
        default=StudioStatus.APPLIED,
        editable=False,
    )
    named_on = models.DateField(_("named on"), null=True, blank=True, editable=False)
    doc_no = models.CharField(_("document no."), max_length=60, blank=True, editable=False)
    subsidy = money(_("subsidy (yuan)"), editable=False)
    recheck_due = models.DateField(_("re-check due"), null=True, blank=True)
    rechecked_on = models.DateField(_("re-checked on"), null=True, blank=True, editable=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True, editable=False)
    revoke_reason = models.CharField(
        _("reason for revoking"), max_length=300, blank=True, editable=False
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScoped.as_manager()
    drilldown_columns = [
        "name",
        "studio_type",
        "level",
        "host_employer__name",
        "leader__name",
        "named_on",
        "subsidy",
    ]

    class Meta:
        verbose_name = _("innovation studio")
        verbose_name_plural = _("innovation studios")
        ordering = ["-named_on", "-pk"]
        indexes = [models.Index(fields=["named_on"], name="studio_named_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[StudioStatus.APPLIED, StudioStatus.REVOKED])
                | Q(named_on__isnull=False),
                name="studio_named_has_date",
                violation_error_message=_("A named studio has the date it was named."),
            ),
            models.CheckConstraint(
                condition=~Q(status=StudioStatus.REVOKED) | Q(revoked_on__isnull=False),
                name="studio_revoked_has_date",
                violation_error_message=_("A revoked studio has the date it was revoked."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("competitions:studio_detail", args=[self.pk])

    @property
    def subsidy_wan(self):
        return wan(self.subsidy)

    @property
    def is_standing(self):
        return self.status in (StudioStatus.NAMED, StudioStatus.RECHECKED)

    @property
    def status_badge(self):
        """Bootstrap colour of the status badge: standing green, revoked grey, applied blue."""
        if self.is_standing:
            return "success"
        return "secondary" if self.status == StudioStatus.REVOKED else "info"


class StudioReportQuerySet(ScopedQuerySet):
    scope_paths = ("studio__org__path",)


@track_history
class StudioReport(models.Model):
    """A studio's outcomes in one year (年度成果): topics taken on, patents, apprentices trained
    and the benefit created."""

    studio = models.ForeignKey(InnovationStudio, on_delete=models.PROTECT, related_name="reports")
    year = a_year(_("year"))
    topics = models.PositiveIntegerField(_("topics"), default=0)
    patents = models.PositiveIntegerField(_("patents"), default=0)
    apprentices = models.PositiveIntegerField(_("apprentices trained"), default=0)
    benefit = money(_("benefit (yuan)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StudioReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("studio outcome report")
        verbose_name_plural = _("studio outcome reports")
        ordering = ["studio_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "year"],
                name="studio_report_one_per_year",
                violation_error_message=_("This studio has already reported for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.studio_id} {self.year}"

    @property
    def benefit_wan(self):
        return wan(self.benefit)


class AnkangQuerySet(ScopedQuerySet):
    """Placed by the employer: its township and its union."""

    scope_paths = ("employer__township__path", "employer__union__path")


@track_history
class AnkangEntry(models.Model):
    """An employer's entry in the 安康杯 safety competition of a year: its teams (班组) and
    workers taking part, its score and the commendation won. One per employer and year."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="ankang"
    )
    year = a_year(_("year"))
    teams = models.PositiveIntegerField(_("teams"), default=0)
    workers = models.PositiveIntegerField(_("workers taking part"), default=0)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    award = models.CharField(_("award"), max_length=12, choices=AnkangAward.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnkangQuerySet.as_manager()
    drilldown_columns = ["employer__name", "year", "teams", "workers", "score", "award"]

    class Meta:
        verbose_name = _("Ankang Cup entry")
        verbose_name_plural = _("Ankang Cup entries")
        ordering = ["-year", "employer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "year"],
                name="ankang_one_entry_per_employer_and_year",
                violation_error_message=_("This employer already has an entry for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.employer} {self.year}"

    def get_absolute_url(self):
        return reverse("competitions:ankang_detail", args=[self.pk])
