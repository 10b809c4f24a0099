"""Collective contracts and wage agreements (集体合同, 工资集体协议) and their coverage."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import validate_past_date, validate_plausible_date

from .. import deadlines
from ..choices import (
    DOCUMENT_NAMES,
    SCOPE_PREFIXES,
    STATUS_BADGES,
    STORED_STATUSES,
    ContractScope,
    ContractStatus,
    ContractType,
    ReviewResult,
)


class ContractQuerySet(ScopedQuerySet):
    """A contract is placed in the tree by its union side."""

    scope_paths = ("union__path",)

    def with_current_status(self, today=None):
        from ..queries import with_current_status

        return with_current_status(self, today)


@track_history
class CollectiveContract(models.Model):
    """A collective contract or special contract negotiated by a union with one employer or, for
    an industry or area (行业性/区域性), with the employers' representative body.

    Its status moves only through `services` (offer → reply → workers' congress vote → signing
    → filing with the labour bureau → review → in force → renewal or termination). Whether it is
    expiring or expired follows from its dates at the moment of asking; whether it is in force on
    a day D is `effective_on <= D <= term_end` (not terminated before D), also from dates.
    """

    code = models.CharField(_("contract no."), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    contract_type = models.CharField(_("type"), max_length=16, choices=ContractType.choices)
    scope = models.CharField(
        _("scope"), max_length=16, choices=ContractScope.choices, default=ContractScope.ENTERPRISE
    )
    union = models.ForeignKey(
        UnionOrg,
        verbose_name=_("union side"),
        on_delete=models.PROTECT,
        related_name="collective_contracts",
        help_text=_("The grassroots union, or the industry or regional federation, that signs."),
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_contracts",
        help_text=_("For a single-employer contract."),
    )
    employer_side = models.CharField(
        _("employer-side body"),
        max_length=200,
        blank=True,
        help_text=_("For industry and regional contracts: the employers' representative body."),
    )
    covered_employers = models.ManyToManyField(
        Employer,
        through="ContractCoverage",
        verbose_name=_("covered employers"),
        related_name="covering_contracts",
        blank=True,
    )
    # The negotiators and the offer are required of a contract negotiated in the portal (the
    # form requires them); a contract recorded from a ledger (补录) may not know them.
    union_chief = models.CharField(_("union's chief negotiator"), max_length=50, blank=True)
    employer_chief = models.CharField(_("employer's chief negotiator"), max_length=50, blank=True)
    # 3–10 per side (第20条): checked by rules.py with the rule named, and by the database.
    union_reps = models.PositiveSmallIntegerField(_("union negotiators"), null=True, blank=True)
    employer_reps = models.PositiveSmallIntegerField(
        _("employer negotiators"), null=True, blank=True
    )

    offer_on = models.DateField(
        _("offer to negotiate on"), null=True, blank=True, validators=[validate_past_date]
    )
    reply_on = models.DateField(_("reply on"), null=True, blank=True)

    congress_on = models.DateField(_("workers' congress on"), null=True, blank=True)
    congress_total = models.PositiveIntegerField(_("delegates (total)"), null=True, blank=True)
    congress_present = models.PositiveIntegerField(_("delegates present"), null=True, blank=True)
    congress_yes = models.PositiveIntegerField(_("votes in favour"), null=True, blank=True)

    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted for review on"), null=True, blank=True)
    review_result = models.CharField(
        _("review result"), max_length=16, choices=ReviewResult.choices, blank=True
    )
    review_on = models.DateField(_("review notice on"), null=True, blank=True)
    review_note = models.CharField(_("review opinion"), max_length=500, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)

    term_start = models.DateField(
        _("term starts"), null=True, blank=True, validators=[validate_plausible_date]
    )
    term_end = models.DateField(
        _("term ends"), null=True, blank=True, validators=[validate_plausible_date]
    )

    covered_employer_count = models.PositiveIntegerField(
        _("employers covered"), default=0, editable=False
    )
    covered_workers = models.PositiveIntegerField(_("workers covered"), default=0)
    covered_women = models.PositiveIntegerField(_("of whom women"), default=0)
    covered_migrants = models.PositiveIntegerField(_("of whom migrant workers"), default=0)

    prev_avg_wage = models.DecimalField(
        _("last year's average wage (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    raise_pct = models.DecimalField(
        _("agreed raise (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-50), MaxValueValidator(100)],
    )
    wage_workers = models.PositiveIntegerField(_("workers concerned"), null=True, blank=True)

    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=STORED_STATUSES,
        default=ContractStatus.NEGOTIATING,
        editable=False,
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True, editable=False)
    termination_reason = models.CharField(
        _("reason for termination"), max_length=200, blank=True, editable=False
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # 补录: recorded from the county's contract ledger (台账) with what the ledger holds (the
    # signing, the term, the coverage), without a negotiation history in the portal.
    from_ledger = models.BooleanField(
        _("recorded from a ledger (补录)"), default=False, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContractQuerySet.as_manager()
    # The columns of an indicator's drill-down list (apps.reports.drilldown).
    drilldown_columns = [
        "code",
        "title",
        "contract_type",
        "scope",
        "union__name",
        "signed_on",
        "term_end",
        "covered_workers",
    ]

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        # Newest first by the first day known: the offer, or the signing of a ledger contract.
        ordering = [Coalesce("offer_on", "signed_on").desc(), "-pk"]
        indexes = [
            models.Index(fields=["status", "term_end"], name="contract_status_term_end"),
            models.Index(fields=["signed_on"], name="contract_signed_on"),
            models.Index(fields=["effective_on", "term_end"], name="contract_in_force"),
            # The lists' order: the newest first (see `ordering`).
            models.Index(
                Coalesce("offer_on", "signed_on").desc(),
                models.F("id").desc(),
                name="contract_list_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gt=models.F("term_start")),
                name="contract_term_end_after_start",
                violation_error_message=_("The term must end after it starts."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(union_reps__isnull=True)
                    | models.Q(union_reps__gte=3, union_reps__lte=10)
                )
                & (
                    models.Q(employer_reps__isnull=True)
                    | models.Q(employer_reps__gte=3, employer_reps__lte=10)
                ),
                name="contract_reps_3_to_10",
                violation_error_message=_("Each side has 3 to 10 negotiators."),
            ),
            models.CheckConstraint(
                condition=models.Q(covered_women__lte=models.F("covered_workers"))
                & models.Q(covered_migrants__lte=models.F("covered_workers")),
                name="contract_coverage_within_workers",
                violation_error_message=_(
                    "Women and migrant workers cannot exceed the workers covered."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(congress_total__isnull=True)
                | (
                    models.Q(congress_present__lte=models.F("congress_total"))
                    & models.Q(congress_yes__lte=models.F("congress_present"))
                ),
                name="contract_vote_within_delegates",
                violation_error_message=_("The vote cannot exceed the delegates."),
            ),
            models.CheckConstraint(
                condition=~models.Q(code=""),
                name="contract_code_not_blank",
                violation_error_message=_("Enter the contract number."),
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("contracts:contract_detail", args=[self.pk])

    @property
    def display_title(self):
        if self.title:
            return self.title
        party = self.employer.name if self.employer_id else self.employer_side or self.union.name
        day = self.signed_on or self.offer_on
        year = f"{day.year}年" if day else ""
        prefix = SCOPE_PREFIXES.get(self.scope, "")
        return f"{party}{year}{prefix}{DOCUMENT_NAMES.get(self.contract_type, '')}"

    # Deadlines and flags (calendar days; see deadlines.py). -----------------------------------

    @property
    def reply_due(self):
        return deadlines.reply_due(self.offer_on) if self.offer_on else None

    @property
    def submission_due(self):
        return deadlines.submission_due(self.signed_on)

    @property
    def review_ends(self):
        return deadlines.review_ends(self.submitted_on)

    @property
    def reply_late(self):
        if self.offer_on is None:
            return False
        return deadlines.overdue(self.reply_due, self.reply_on, timezone.localdate())

    @property
    def submission_late(self):
        if self.signed_on is None or (self.from_ledger and self.submitted_on is None):
            return False  # a ledger contract's filing is not known, not late
        return deadlines.overdue(self.submission_due, self.submitted_on, timezone.localdate())

    @property
    def vote_passed(self):
        from ..rules import vote_errors

        return self.congress_total is not None and not vote_errors(
            self.congress_total, self.congress_present, self.congress_yes
        )

    @property
    def current_status(self):
        """The status shown to people: the stored one, with in force / expiring / expired
        derived from today's date (a queryset annotation computes the same in the database)."""
        annotated = getattr(self, "shown_status", None)
        if annotated:
            return ContractStatus(annotated)
        from ..queries import status_on

        return status_on(self, timezone.localdate())

    @property
    def current_status_label(self):
        return self.current_status.label

    @property
    def current_status_badge(self):
        return STATUS_BADGES.get(self.current_status, "text-bg-dark")

    @property
    def shows_reply_overdue(self):
        """Still negotiating, with no reply recorded and the 20 days past."""
        return (
            self.current_status == ContractStatus.NEGOTIATING
            and not self.reply_on
            and self.reply_late
        )

    @property
    def shows_submission_overdue(self):
        """Signed, and not filed with the labour bureau within 10 days."""
        return self.current_status == ContractStatus.SIGNED and self.submission_late

    @property
    def is_terminated(self):
        return self.status == ContractStatus.TERMINATED

    @property
    def is_wage_agreement(self):
        """A special contract on wages (工资专项集体合同), which records the agreed raise."""
        return self.contract_type == ContractType.WAGE

    @property
    def is_multi_employer(self):
        return self.scope != ContractScope.ENTERPRISE


class CoverageQuerySet(ScopedQuerySet):
    scope_paths = ("contract__union__path",)


@track_history
class ContractCoverage(models.Model):
    """One employer covered by a contract, with its workers at the time of signing.

    A single-employer contract has one row (its own employer, with the contract's figures);
    an industry or regional contract has one per employer listed. Coverage indicators read
    these rows so that an employer under several contracts is counted once.
    """

    contract = models.ForeignKey(
        CollectiveContract, on_delete=models.CASCADE, related_name="coverage"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="coverage"
    )
    workers = models.PositiveIntegerField(_("workers"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    migrants = models.PositiveIntegerField(_("migrant workers"), default=0)

    objects = CoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("covered employer")
        verbose_name_plural = _("covered employers")
        ordering = ["contract_id", "employer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "employer"], name="coverage_one_row_per_employer"
            ),
        ]
        indexes = [models.Index(fields=["employer", "contract"], name="coverage_employer")]

    def __str__(self):
        return f"{self.contract_id} → {self.employer}"
