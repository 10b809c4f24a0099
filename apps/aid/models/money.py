"""The money side of hardship aid: the local minimum living standard the categories are measured
against, the yearly programmes with their budgets, and the append-only payments ledger."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet, user_scope_path

from .. import choices
from ..choices import EntryKind
from .files import HardshipFile, money

# The advisory lock that orders payment tally builds after ledger writes (`apps/aid/tallies.py`).
TALLY_LOCK = 7_302_118_011


def _ancestor_ids(path):
    """The ids of the organisations on a materialised path ("/1/7/42/" → [1, 7, 42])."""
    return [int(part) for part in path.strip("/").split("/") if part]


class StandardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone signed in reads the standards (a township's files are measured against the
        county's); only the county admin edits them (services)."""
        if user_scope_path(user) is None:
            return self.none()
        return self.all()

    def applicable(self, org, year, area):
        """The standards that apply to a file kept by `org`: its own, its township's or the
        county's, the nearest first."""
        return self.filter(org_id__in=_ancestor_ids(org.path), year=year, area=area).order_by(
            "-org__depth"
        )


@track_history
class LowIncomeStandard(models.Model):
    """The local minimum living standard (最低生活保障标准, 低保标准) of one year, per month and
    person, for urban or rural residents, as the civil affairs bureau sets it for a county or a
    township. A household's category is measured against it; the county admin keeps it."""

    org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="low_income_standards",
        help_text=_("The county, or a township whose standard differs from the county's."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    area = models.CharField(_("urban or rural"), max_length=8, choices=choices.StandardArea.choices)
    monthly_amount = models.DecimalField(
        _("standard (yuan per person and month)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(1)],
    )
    note = models.CharField(_("source document"), max_length=200, blank=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("minimum living standard")
        verbose_name_plural = _("minimum living standards")
        ordering = ["-year", "org_id", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "area"],
                name="aid_standard_one_per_area_and_year",
                violation_error_message=_("This area already has a standard for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gt=0),
                name="aid_standard_positive",
                violation_error_message=_("The standard must be above zero."),
            ),
        ]

    def __str__(self):
        return f"{self.org_id} {self.year} {self.get_area_display()} {self.monthly_amount}"


class ProgrammeQuerySet(ScopedQuerySet):
    """A programme is placed by the union that runs it, and is seen from below too: a township's
    staff pay their households from the county's 送温暖."""

    scope_paths = ("org__path",)

    def visible_to(self, user):
        path = user_scope_path(user)
        if path is None:
            return self.none()
        return self.filter(
            models.Q(org__path__startswith=path) | models.Q(org_id__in=_ancestor_ids(path))
        )


@track_history
class AidProgramme(models.Model):
    """A year's aid programme (帮扶项目) of one kind (送温暖, 金秋助学, 夏送清凉, 医疗救助 …), run
    by a union with a budget, its fund sources and a standard amount per household. Payments are
    drawn against the budget and never exceed it (services lock the programme's row)."""

    org = models.ForeignKey(
        UnionOrg, verbose_name=_("run by"), on_delete=models.PROTECT, related_name="aid_programmes"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("programme"), max_length=20, choices=choices.ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    budget = models.DecimalField(
        _("budget (yuan)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    standard_amount = money(_("standard amount per household (yuan)"))
    # Where the amount depends on the category (e.g. 深度 10, 相对 8 months of 低保): blank
    # means the standard amount.
    amount_deep = money(_("amount for deep hardship (yuan)"), null=True, blank=True, default=None)
    amount_relative = money(
        _("amount for relative hardship (yuan)"), null=True, blank=True, default=None
    )
    amount_accident = money(
        _("amount for hardship by accident (yuan)"), null=True, blank=True, default=None
    )
    fund_sources = ArrayField(
        models.CharField(max_length=16, choices=choices.FundSource.choices),
        verbose_name=_("fund sources"),
        default=list,
        blank=True,
    )
    eligible_on = models.DateField(
        _("files on record on"),
        null=True,
        blank=True,
        help_text=_("Households whose file is on record on this day are eligible."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # 金秋助学: a student aided by this programme may not be aided by another programme of the
    # same school year that holds the rule too (schooling.SchoolAidApplication).
    one_school_aid_per_year = models.BooleanField(
        _("a student is aided once per school year"),
        default=True,
        help_text=_("Refuse a student already aided in the same school year by another programme."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("aid programme")
        verbose_name_plural = _("aid programmes")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0),
                name="aid_programme_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    def amount_for(self, category):
        """The standard amount for a household of `category`."""
        by_category = {
            choices.Category.DEEP: self.amount_deep,
            choices.Category.RELATIVE: self.amount_relative,
            choices.Category.ACCIDENT: self.amount_accident,
        }.get(category)
        return self.standard_amount if by_category is None else by_category


class PaymentQuerySet(ScopedQuerySet):
    """A payment is placed by the union of the household (or the recipient) it went to."""

    scope_paths = ("org__path",)


@track_history
class AidPayment(models.Model):
    """One row of the payments ledger (帮扶资金发放台账): cash and goods handed to a household (or,
    for 送清凉 and 临时救助, to a recipient with no file: an employer's workplace with the
    workers reached, a person), with date, method, fund source and who signed for it (签领).

    Append-only: the database refuses any UPDATE or DELETE. A correction is a reversal, a new
    row with the negative amounts that names the payment it reverses and why; after it the
    household may be paid again in that programme and period, once (`replaces`). So the
    database holds "a household is paid at most once per programme and period" with unique
    indexes alone: one first payment per (programme, period, file), each payment reversed at
    most once, each reversal replaced at most once. An exception the county admin allows (a
    second payment, with its reason) is outside that rule and says so.
    """

    kind = models.CharField(
        _("entry"), max_length=10, choices=EntryKind.choices, default=EntryKind.PAYMENT
    )
    programme = models.ForeignKey(
        AidProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="payments"
    )
    period = models.CharField(
        _("payment round"),
        max_length=20,
        help_text=_("The round of the programme, e.g. the year or 2025春节."),
    )
    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("hardship file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    org = models.ForeignKey(
        UnionOrg, verbose_name=_("union"), on_delete=models.PROTECT, related_name="aid_payments"
    )
    recipient_name = models.CharField(_("recipient"), max_length=100)
    cash_amount = models.DecimalField(_("cash (yuan)"), max_digits=12, decimal_places=2, default=0)
    goods_value = models.DecimalField(
        _("goods value (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    goods_description = models.CharField(_("goods"), max_length=200, blank=True)
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=8, choices=choices.PaymentMethod.choices)
    fund_source = models.CharField(
        _("fund source"), max_length=16, choices=choices.FundSource.choices
    )
    signed_by = models.CharField(
        _("signed for by"), max_length=50, blank=True, help_text=_("签领: who signed the receipt.")
    )
    # A distribution to an employer rather than a household (夏送清凉, 慰问困难企业).
    employer = models.ForeignKey(
        "core.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_payments",
    )
    people_reached = models.IntegerField(
        _("workers reached (person-times)"),
        default=0,
        help_text=_("For a distribution at a workplace: the workers who received it."),
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("paid again after"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement",
    )
    is_exception = models.BooleanField(_("allowed as an exception"), default=False)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why a payment is reversed, or why a second payment is allowed."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exception allowed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("aid payment")
        verbose_name_plural = _("aid payments")
        ordering = ["-paid_on", "-pk"]
        indexes = [
            models.Index(fields=["programme", "period"], name="aid_payment_programme"),
            models.Index(fields=["org", "paid_on"], name="aid_payment_org_paid_on"),
            models.Index(fields=["-paid_on", "-id"], name="aid_payment_list_order"),
            # The figures of one kind of programme in a period (送温暖 paid in 2025 …): the
            # programmes of that kind, then their payments of the period.
            models.Index(
                fields=["programme", "paid_on"],
                condition=models.Q(kind=EntryKind.PAYMENT),
                name="aid_payment_programme_paid_on",
            ),
            # Households and employers paid within a period (an EXISTS per file or employer).
            models.Index(
                fields=["file", "paid_on"],
                condition=models.Q(kind=EntryKind.PAYMENT),
                name="aid_payment_file_paid_on",
            ),
            models.Index(
                fields=["employer", "paid_on"],
                condition=models.Q(kind=EntryKind.PAYMENT, employer__isnull=False),
                name="aid_payment_employer_paid_on",
            ),
            # "Not reversed" is an anti-join on the reversals, a few rows of the ledger.
            models.Index(
                fields=["reverses"],
                condition=models.Q(kind=EntryKind.REVERSAL),
                name="aid_payment_reversals",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="aid_payment_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
            # Writers take the tally lock shared before their rows get ids, so a tally build
            # (which takes it exclusively) sees every payment numbered below its watermark.
            pgtrigger.Trigger(
                name="aid_payment_orders_tallies",
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                func=f"PERFORM pg_advisory_xact_lock_shared({TALLY_LOCK}); RETURN NULL;",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period", "file"],
                condition=models.Q(
                    kind=EntryKind.PAYMENT, replaces__isnull=True, is_exception=False
                ),
                name="aid_payment_once_per_household_and_period",
                violation_error_message=_(
                    "This household has already been paid in this programme and period."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=EntryKind.REVERSAL, reverses__isnull=False)
                | models.Q(kind=EntryKind.PAYMENT, reverses__isnull=True),
                name="aid_payment_reversal_names_its_payment",
                violation_error_message=_("A reversal names the payment it reverses."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=EntryKind.PAYMENT, cash_amount__gte=0, goods_value__gte=0)
                | models.Q(kind=EntryKind.REVERSAL, cash_amount__lte=0, goods_value__lte=0),
                name="aid_payment_sign_of_amounts",
                violation_error_message=_(
                    "A payment's amounts are positive, a reversal's negative."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=EntryKind.PAYMENT, people_reached__gte=0)
                | models.Q(kind=EntryKind.REVERSAL, people_reached__lte=0),
                name="aid_payment_sign_of_people_reached",
                violation_error_message=_("A payment reaches workers, a reversal takes them back."),
            ),
            models.CheckConstraint(
                condition=models.Q(file__isnull=True) | models.Q(employer__isnull=True),
                name="aid_payment_household_or_employer",
                violation_error_message=_("A payment goes to a household or to an employer."),
            ),
            models.CheckConstraint(
                condition=~models.Q(cash_amount=0, goods_value=0),
                name="aid_payment_not_empty",
                violation_error_message=_("Enter the cash or the value of the goods."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EntryKind.REVERSAL) | ~models.Q(reason=""),
                name="aid_payment_reversal_has_reason",
                violation_error_message=_("A reversal states its reason."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_exception=False)
                | (
                    models.Q(kind=EntryKind.PAYMENT, approved_by__isnull=False)
                    & ~models.Q(reason="")
                ),
                name="aid_payment_exception_allowed_with_reason",
                violation_error_message=_(
                    "An exception is allowed by the county admin, with its reason."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(replaces__isnull=True) | models.Q(kind=EntryKind.PAYMENT),
                name="aid_payment_only_a_payment_replaces",
                violation_error_message=_("Only a payment can follow a reversal."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recipient_name} {self.total}"

    @property
    def total(self):
        return self.cash_amount + self.goods_value
