"""Payment batches (发放批次): the roster of households a programme pays in one round, drawn from
the eligible files, entered or imported, reviewed, approved and then paid in one service."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet

from .. import choices
from ..choices import BatchStatus, LineStatus
from .files import HardshipFile, money
from .money import AidPayment, AidProgramme


class BatchQuerySet(ScopedQuerySet):
    """A batch is placed by the union that draws it up (the programme's, or a township paying
    its households from the county's programme)."""

    scope_paths = ("org__path",)


@track_history
class AidBatch(models.Model):
    """One round of a programme's payments (发放批次, e.g. 2026年春节送温暖第一批): a roster of
    households with an amount each. While 编制中 lines are drawn from the files on record on the
    programme's eligibility date (optionally of one category), entered or imported; then it is
    reviewed (审核), approved by the county or the programme's union (审批), and paid: every line
    becomes a row of the payments ledger under the same rules as a single payment (once per
    household, programme and period; never beyond the budget)."""

    programme = models.ForeignKey(
        AidProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="batches"
    )
    org = models.ForeignKey(
        UnionOrg, verbose_name=_("drawn up by"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    period = models.CharField(
        _("payment round"),
        max_length=20,
        help_text=_("The round of the programme, e.g. the year or 2025春节."),
    )
    category = models.CharField(
        _("hardship category"),
        max_length=20,
        choices=choices.Category.choices,
        blank=True,
        help_text=_("Blank: households of every category."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BatchStatus.choices,
        default=BatchStatus.DRAFT,
        editable=False,
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    method = models.CharField(
        _("method"), max_length=8, choices=choices.PaymentMethod.choices, blank=True
    )
    fund_source = models.CharField(
        _("fund source"), max_length=16, choices=choices.FundSource.choices, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_opinion = models.TextField(_("review opinion"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_opinion = models.TextField(_("approval opinion"), blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class BatchLineQuerySet(ScopedQuerySet):
    """A line is placed by its household's union as well as by the batch: a township sees its
    own households in the county's batch."""

    scope_paths = ("org__path", "batch__org__path")


# A line's status, payment and reason are written once, when the batch is paid, and that is
# on record already: the batch's own event (paid, by whom, on which day) and each payment's
# insert event in the ledger's history. Keeping a line event for each of them too would double
# the history of every payment and make paying a 10 000-household roster three times slower.
@track_history(exclude=["status", "payment", "unpaid_reason"])
class AidBatchLine(models.Model):
    """One household on a batch's roster (花名册), with the amount it is to receive; once paid
    it names its payment, and a line the budget or the rules left unpaid says why. The line's
    history is its roster edits; its payment is in the ledger's."""

    batch = models.ForeignKey(AidBatch, on_delete=models.PROTECT, related_name="lines")
    file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        UnionOrg, verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(_("recipient"), max_length=100)
    cash_amount = money(_("cash (yuan)"))
    goods_value = money(_("goods value (yuan)"))
    source = models.CharField(
        _("source"), max_length=10, choices=choices.RosterSource.choices, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LineStatus.choices,
        default=LineStatus.PENDING,
        editable=False,
    )
    payment = models.OneToOneField(
        AidPayment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batch_line",
        editable=False,
    )
    unpaid_reason = models.CharField(_("why unpaid"), max_length=300, blank=True, editable=False)

    objects = BatchLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch line")
        verbose_name_plural = _("batch lines")
        ordering = ["batch_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "file"],
                name="aid_batch_line_once_per_household",
                violation_error_message=_("This household is already on the roster."),
            ),
            models.CheckConstraint(
                condition=models.Q(cash_amount__gt=0) | models.Q(goods_value__gt=0),
                name="aid_batch_line_not_empty",
                violation_error_message=_("Enter the cash or the value of the goods."),
            ),
            models.CheckConstraint(
                condition=models.Q(status=LineStatus.PAID, payment__isnull=False)
                | (~models.Q(status=LineStatus.PAID) & models.Q(payment__isnull=True)),
                name="aid_batch_line_paid_names_payment",
                violation_error_message=_("A paid line names its payment."),
            ),
        ]

    def __str__(self):
        return f"{self.batch_id} {self.recipient_name}"
