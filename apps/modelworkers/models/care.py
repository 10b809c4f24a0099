"""The care ledger of model workers (劳模服务台账): 春节 and 五一 慰问, home visits, health checks,
recuperation, hardship subsidies for 困难劳模, honour allowances and insurance, each with its
amount, date and fund level. Append-only like the aid payments: a correction is a reversing
entry with its reason."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet


class CareKind(models.TextChoices):
    """What the entry records (劳模服务项目)."""

    SPRING_FESTIVAL = "spring_festival", _("Spring Festival visit")
    MAY_DAY = "may_day", _("May Day visit")
    HOME_VISIT = "home_visit", _("Home visit")
    HEALTH_CHECK = "health_check", _("Health check")
    RECUPERATION = "recuperation", _("Recuperation")
    LOW_INCOME = "low_income", _("Hardship subsidy (low income)")
    SPECIAL_HARDSHIP = "special_hardship", _("Hardship subsidy (special hardship)")
    MEDICAL = "medical", _("Hardship subsidy (medical)")
    ALLOWANCE = "allowance", _("Honour allowance")
    INSURANCE = "insurance", _("Insurance")


# 慰问 on an occasion: one per person, occasion and year (unless the county admin allows more).
OCCASION_KINDS = (CareKind.SPRING_FESTIVAL, CareKind.MAY_DAY)
# What the reviews count as 走访慰问 (人次 and 慰问金).
VISIT_KINDS = (CareKind.SPRING_FESTIVAL, CareKind.MAY_DAY, CareKind.HOME_VISIT)
# 困难劳模补助 in its three kinds.
HARDSHIP_KINDS = (CareKind.LOW_INCOME, CareKind.SPECIAL_HARDSHIP, CareKind.MEDICAL)


class CareEntry(models.TextChoices):
    RECORD = "record", _("Entry")
    REVERSAL = "reversal", _("Reversal")


class FundLevel(models.TextChoices):
    """Who paid (中央、省、市、县财政 or the union's own funds)."""

    CENTRAL = "central", _("Central finance")
    PROVINCE = "province", _("Provincial finance")
    CITY = "city", _("City finance")
    COUNTY = "county", _("County finance")
    UNION = "union", _("Union funds")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class CareQuerySet(ScopedQuerySet):
    """An entry is placed by the union managing the model worker when it was written."""

    scope_paths = ("org__path",)

    def net(self):
        """Entries that count: not reversals and not reversed (a reversed entry never
        happened, for every figure)."""
        return self.filter(entry=CareEntry.RECORD, reversal__isnull=True)


@track_history
class CareRecord(models.Model):
    """One row of the care ledger: a 慰问, a visit, a check-up, a subsidy or an allowance given
    to a model worker on a day, with its amount in 元 (zero for a visit without money) and the
    fund level it came from.

    Append-only: the database refuses any UPDATE or DELETE. A correction is a reversal, a new
    row with the negative amount, naming the entry it reverses and why. A 春节 or 五一 慰问 is
    given once per person and year: a unique index on the first entry of the slot, each entry
    reversed at most once and each reversal replaced at most once (`replaces`); a second one
    the county admin allows, with its reason, is outside the rule and says so."""

    entry = models.CharField(
        _("entry"), max_length=10, choices=CareEntry.choices, default=CareEntry.RECORD
    )
    kind = models.CharField(_("kind of care"), max_length=20, choices=CareKind.choices)
    model_worker = models.ForeignKey(
        "modelworkers.ModelWorker",
        verbose_name=_("model worker"),
        on_delete=models.PROTECT,
        related_name="care_records",
    )
    org = models.ForeignKey(
        UnionOrg, verbose_name=_("union"), on_delete=models.PROTECT, related_name="mw_care"
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year of the occasion."))
    given_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, default=0)
    fund_level = models.CharField(_("fund level"), max_length=10, choices=FundLevel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
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
        verbose_name=_("given again after"),
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
        help_text=_("Why an entry is reversed, or why a second visit is allowed."),
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

    objects = CareQuerySet.as_manager()
    drilldown_columns = [
        "given_on",
        "kind",
        "model_worker__name",
        "org__name",
        "amount",
        "fund_level",
    ]

    class Meta:
        verbose_name = _("care record")
        verbose_name_plural = _("care records")
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(fields=["org", "given_on"], name="mw_care_org_given_on"),
            models.Index(fields=["-given_on", "-id"], name="mw_care_list_order"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="mw_care_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["model_worker", "kind", "year"],
                condition=models.Q(
                    entry=CareEntry.RECORD,
                    kind__in=OCCASION_KINDS,
                    replaces__isnull=True,
                    is_exception=False,
                ),
                name="mw_care_once_per_occasion_and_year",
                violation_error_message=_(
                    "This model worker has already been visited on this occasion this year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(entry=CareEntry.REVERSAL, reverses__isnull=False)
                | models.Q(entry=CareEntry.RECORD, reverses__isnull=True),
                name="mw_care_reversal_names_its_entry",
                violation_error_message=_("A reversal names the entry it reverses."),
            ),
            models.CheckConstraint(
                condition=models.Q(entry=CareEntry.RECORD, amount__gte=0)
                | models.Q(entry=CareEntry.REVERSAL, amount__lte=0),
                name="mw_care_sign_of_amount",
                violation_error_message=_("An entry's amount is positive, a reversal's negative."),
            ),
            models.CheckConstraint(
                condition=~models.Q(entry=CareEntry.REVERSAL) | ~models.Q(reason=""),
                name="mw_care_reversal_has_reason",
                violation_error_message=_("A reversal states its reason."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_exception=False)
                | (
                    models.Q(entry=CareEntry.RECORD, approved_by__isnull=False)
                    & ~models.Q(reason="")
                ),
                name="mw_care_exception_allowed_with_reason",
                violation_error_message=_(
                    "An exception is allowed by the county admin, with its reason."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(replaces__isnull=True) | models.Q(entry=CareEntry.RECORD),
                name="mw_care_only_an_entry_replaces",
                violation_error_message=_("Only an entry can follow a reversal."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} {self.amount}"

    @property
    def is_occasion(self):
        return self.kind in OCCASION_KINDS
