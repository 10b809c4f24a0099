"""Hardship aid figures (困难帮扶), each one database aggregate over the records that make it up;
the drill-down is those records.

How the county counts (the definitions the review's sentences quote):
- **在档 (a stock)**: a file is on record on a day when the last step of its log on or before
  that day left it 在档 (`FileStep.to_status`), so a file later closed, or closed and rebuilt
  (返困), still counts on the days it was on record. The day is the period's end, or today
  while the period runs. Category and worker kind are the file's own (a category adjusted at a
  review moves the file), and the file is placed by the union that keeps it now.
- **新建档** is a file put on record (县总审批 approved) for the first time within the period; a
  file rebuilt after a relapse is **返困** (the 返困重建 review within the period), not new.
  **撤档/退档** are the reviews within the period that closed a file, by outcome: 脱困撤档
  (解困脱困), and 死亡撤档, 不符合条件退档 and 调出移交 out of the county (退出档案).
- **Payments are net of reversals**: a payment that has been reversed does not count in any
  period (the reversal corrects a payment that should not have been made); a payment made
  again after it counts on its own date. Money is cash plus the value of goods, in 元 (reports
  show 万元), by the day it was paid.
- **户 and 人次**: households helped (户) are the files paid at least once within the period,
  each once however many programmes paid it; 人次 are the payments (one household paid by
  送温暖 and by 金秋助学 is 2 人次). 送清凉 counts the employers whose workplaces received
  goods (家) and the workers reached there (人次, as recorded with each distribution); 金秋助学
  counts each payment as one student (名): a second child of the household is paid as an
  exception, recorded with its reason.
- Payments are placed by the union of the household or recipient they went to; households by
  the union keeping the file.

Reports read the payment counts and sums from `PaymentTally` (the same payments counted per
union, programme and period, `tallies.py`); the drill-down always lists the payments.
"""

import datetime

from django.db.models import Exists, F, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer
from apps.reports.registry import FLOW, STOCK, Summary, indicator, total

from . import tallies
from .choices import (
    CLOSED_STATUSES,
    Category,
    ClaimStatus,
    EntryKind,
    FileStatus,
    PersonKind,
    ProgrammeKind,
    ReviewOutcome,
    StepKind,
)
from .models import AidPayment, FileStep, HardshipFile, MutualAidClaim, MutualAidEnrolment
from .review import AID

HOUSEHOLDS = _("households")
PERSON_TIMES = _("person-times")
EMPLOYERS = _("employers")
STUDENTS = _("students")
TEN_THOUSAND_YUAN = _("10k yuan")
FILE_TOWNSHIP = "org__township"
STEP_TOWNSHIP = "file__org__township"
# Outcomes of a review that take a household off the record other than out of hardship.
EXITS = (ReviewOutcome.DECEASED, ReviewOutcome.NOT_ELIGIBLE, ReviewOutcome.TRANSFER)


def as_of(period):
    return min(period.end, timezone.localdate())


def files(scope):
    return HardshipFile.objects.within(scope)


def on_record(scope, period, **filters):
    """Files whose log left them 在档 on the period's end (or today)."""
    last_status = (
        FileStep.objects.filter(file=OuterRef("pk"), acted_on__lte=as_of(period))
        .order_by("-acted_on", "-pk")
        .values("to_status")[:1]
    )
    return (
        files(scope)
        .alias(status_then=Subquery(last_status))
        .filter(status_then=FileStatus.ACTIVE, **filters)
    )


def new_files(scope, period):
    """Files whose first county approval falls within the period."""
    first_approval = (
        FileStep.objects.filter(file=OuterRef("pk"), kind=StepKind.COUNTY_APPROVAL, approved=True)
        .order_by("acted_on", "pk")
        .values("acted_on")[:1]
    )
    return (
        files(scope)
        .alias(first_filed_on=Subquery(first_approval))
        .filter(first_filed_on__range=(period.start, period.end))
    )


def relapsed_files(scope, period):
    return files(scope).filter(
        Exists(
            FileStep.objects.filter(
                file=OuterRef("pk"),
                kind=StepKind.ANNUAL_REVIEW,
                outcome=ReviewOutcome.RELAPSE,
                acted_on__range=(period.start, period.end),
            )
        )
    )


def closings(scope, period, **filters):
    """The reviews within the period that closed a file (the steps, one per closing)."""
    return FileStep.objects.within(scope).filter(
        kind=StepKind.ANNUAL_REVIEW,
        to_status__in=CLOSED_STATUSES,
        acted_on__range=(period.start, period.end),
        **filters,
    )


def unreversed(payments):
    """Payment entries no reversal points at: NOT EXISTS over the reversals (their partial
    index, a few rows however large the ledger; without `kind` the planner hashes every row)."""
    reversal = AidPayment.objects.filter(kind=EntryKind.REVERSAL, reverses=OuterRef("pk"))
    return payments.filter(~Exists(reversal), kind=EntryKind.PAYMENT)


def paid_in(period, **filters):
    """Payments (not reversed) made within the period, wherever placed (for subqueries)."""
    return unreversed(AidPayment.objects.all()).filter(
        paid_on__range=(period.start, period.end), **filters
    )


def payments(scope, period, **filters):
    """Payments (not reversed) placed in `scope` and made within the period, with their
    amount (cash plus goods) for the money figures."""
    return (
        unreversed(AidPayment.objects.within(scope))
        .filter(paid_on__range=(period.start, period.end), **filters)
        .annotate(amount=F("cash_amount") + F("goods_value"))
    )


def prepare_payments(periods):
    return tallies.prepare(periods, paid_in)


def _tallied(measure, category="", **filters):
    """The summary of a payment figure: its tally rows (`tallies.py`), narrowed as the figure
    narrows its payments (`file__isnull=False` there is `to_file=True` here); `measure` is
    the tally's column the figure sums (count, amount, reached)."""

    def records(scope, period):
        return tallies.counts(scope, period, org__isnull=False, **filters)

    return Summary(
        records=records, prepare=prepare_payments, aggregate=Sum(measure), category=category
    )


def helped(scope, period, *, person_kind=None, **filters):
    """Files of `scope` paid at least once within the period (by programmes matching
    `filters`, lookups on the payment)."""
    paid = paid_in(period, file=OuterRef("pk"), **filters)
    queryset = files(scope).filter(Exists(paid))
    return queryset if person_kind is None else queryset.filter(person_kind=person_kind)


def summer_employers(scope, period):
    """Employers whose workplaces received a 送清凉 distribution within the period."""
    paid = paid_in(period, employer=OuterRef("pk"), programme__kind=ProgrammeKind.SUMMER_COOL)
    return Employer.objects.within(scope).filter(Exists(paid))


def _files(code, label, records, *, kind, **options):
    indicator(
        code=code,
        section=AID,
        label=label,
        unit=HOUSEHOLDS,
        kind=kind,
        records=records,
        township=FILE_TOWNSHIP,
        **options,
    )


def _money(code, label, records, **options):
    indicator(
        code=code,
        section=AID,
        label=label,
        unit=TEN_THOUSAND_YUAN,
        kind=FLOW,
        records=records,
        aggregate=total("amount"),
        township=FILE_TOWNSHIP,
        money=True,
        **options,
    )


# Files on record (在档), at the period's end. --------------------------------------------------

_files(
    "aid.files_on_record",
    _("Hardship files on record"),
    on_record,
    kind=STOCK,
    category="category",
    headline=True,
    description=_(
        "Households whose file is on record (在档) at the period's end: the last step of the "
        "file's log on or before that day left it on record."
    ),
)
for _category, _label in (
    (Category.DEEP, _("Files on record: deep hardship")),
    (Category.RELATIVE, _("Files on record: relative hardship")),
    (Category.ACCIDENT, _("Files on record: hardship by accident")),
):
    _files(
        f"aid.files_{_category.value}",
        _label,
        lambda scope, period, c=_category: on_record(scope, period, category=c),
        kind=STOCK,
    )
_files(
    "aid.files_migrant",
    _("Files on record: migrant workers in hardship"),
    lambda scope, period: on_record(scope, period, person_kind=PersonKind.MIGRANT),
    kind=STOCK,
)

# Files opened, closed and rebuilt within the period. -----------------------------------------

_files(
    "aid.files_new",
    _("New hardship files"),
    new_files,
    kind=FLOW,
    category="category",
    description=_("Files put on record (county approval) for the first time in the period."),
)
indicator(
    code="aid.files_closed",
    section=AID,
    label=_("Hardship files closed"),
    unit=HOUSEHOLDS,
    kind=FLOW,
    records=closings,
    township=STEP_TOWNSHIP,
    category="outcome",
    description=_("Reviews in the period that closed a file, by outcome (one per closing)."),
)
indicator(
    code="aid.files_relieved",
    section=AID,
    label=_("Files closed: out of hardship"),
    unit=HOUSEHOLDS,
    kind=FLOW,
    records=lambda scope, period: closings(scope, period, outcome=ReviewOutcome.RELIEVED),
    township=STEP_TOWNSHIP,
)
indicator(
    code="aid.files_exited",
    section=AID,
    label=_("Files closed: deceased, not eligible or transferred out"),
    unit=HOUSEHOLDS,
    kind=FLOW,
    records=lambda scope, period: closings(scope, period, outcome__in=EXITS),
    township=STEP_TOWNSHIP,
)
_files(
    "aid.files_relapsed",
    _("Files rebuilt after a relapse"),
    relapsed_files,
    kind=FLOW,
    description=_("Closed files reopened in the period by a 返困重建 review."),
)

# Households, person-times and money, within the period. --------------------------------------

_files(
    "aid.households_helped",
    _("Households helped"),
    helped,
    kind=FLOW,
    category="category",
    headline=True,
    description=_(
        "Households on file paid at least once in the period (payments not reversed), each "
        "once however many programmes paid it."
    ),
)
indicator(
    code="aid.payments_count",
    section=AID,
    label=_("Person-times helped"),
    unit=PERSON_TIMES,
    kind=FLOW,
    records=lambda scope, period: payments(scope, period, file__isnull=False),
    township=FILE_TOWNSHIP,
    category="programme__kind",
    summary=_tallied("count", category="programme__kind", to_file=True),
    description=_("Payments to households in the period (not reversed): one per payment."),
)
_money(
    "aid.paid",
    _("Aid paid"),
    payments,
    category="programme__kind",
    summary=_tallied("amount", category="programme__kind"),
    headline=True,
    description=_(
        "Cash and goods paid in the period by every programme, to households and to "
        "workplaces, net of reversals."
    ),
)
_files(
    "aid.migrant_households",
    _("Migrant worker households helped"),
    lambda scope, period: helped(scope, period, person_kind=PersonKind.MIGRANT),
    kind=FLOW,
)
_money(
    "aid.migrant_paid",
    _("Aid paid to migrant worker households"),
    lambda scope, period: payments(scope, period, file__person_kind=PersonKind.MIGRANT),
)

# By programme. -------------------------------------------------------------------------------

for _kind, _name, _households, _paid in (
    (
        ProgrammeKind.WINTER_WARMTH,
        "winter",
        _("Households visited by winter warmth"),
        _("Winter warmth paid"),
    ),
    (
        ProgrammeKind.MEDICAL,
        "medical",
        _("Households given medical aid"),
        _("Medical aid paid"),
    ),
    (
        ProgrammeKind.SINGLE_MOTHERS,
        "single_mothers",
        _("Single mothers in hardship helped"),
        _("Aid paid to single mothers in hardship"),
    ),
):
    _files(
        f"aid.{_name}_households",
        _households,
        lambda scope, period, k=_kind: helped(scope, period, programme__kind=k),
        kind=FLOW,
    )
    _money(
        f"aid.{_name}_paid",
        _paid,
        lambda scope, period, k=_kind: payments(scope, period, programme__kind=k),
        summary=_tallied("amount", programme__kind=_kind),
    )

indicator(
    code="aid.autumn_students",
    section=AID,
    label=_("Students aided by golden autumn school aid"),
    unit=STUDENTS,
    kind=FLOW,
    records=lambda scope, period: payments(
        scope, period, programme__kind=ProgrammeKind.AUTUMN_SCHOOLING, file__isnull=False
    ),
    township=FILE_TOWNSHIP,
    description=_("金秋助学 payments in the period (not reversed), one per student."),
    summary=_tallied("count", programme__kind=ProgrammeKind.AUTUMN_SCHOOLING, to_file=True),
)
_money(
    "aid.autumn_paid",
    _("Golden autumn school aid paid"),
    lambda scope, period: payments(scope, period, programme__kind=ProgrammeKind.AUTUMN_SCHOOLING),
    summary=_tallied("amount", programme__kind=ProgrammeKind.AUTUMN_SCHOOLING),
)
indicator(
    code="aid.summer_employers",
    section=AID,
    label=_("Employers visited by summer coolness"),
    unit=EMPLOYERS,
    kind=FLOW,
    records=summer_employers,
    township="township",
    description=_("Employers whose workplaces received 送清凉 goods in the period."),
)
indicator(
    code="aid.summer_reached",
    section=AID,
    label=_("Workers reached by summer coolness"),
    unit=PERSON_TIMES,
    kind=FLOW,
    records=lambda scope, period: payments(
        scope, period, programme__kind=ProgrammeKind.SUMMER_COOL
    ),
    aggregate=total("people_reached"),
    township=FILE_TOWNSHIP,
    description=_("The workers reached (人次) recorded with the period's 送清凉 distributions."),
    summary=_tallied("reached", programme__kind=ProgrammeKind.SUMMER_COOL),
)
_money(
    "aid.summer_paid",
    _("Summer coolness paid"),
    lambda scope, period: payments(scope, period, programme__kind=ProgrammeKind.SUMMER_COOL),
    summary=_tallied("amount", programme__kind=ProgrammeKind.SUMMER_COOL),
)

# 职工医疗互助 (大病互助). ----------------------------------------------------------------------
#
# The county's definitions (the review's "参加互助活动职工N人次，互助金达N万元，受助职工N人次，
# 发放大病互助金N万元"):
# - 参加互助 (人次) and 互助金 (万元) are the workers enrolled and their contributions, summed
#   over the enrolments of the period's year(s). An enrolment is for a calendar year, so a year
#   belongs to the period that holds its 1 July: a calendar year or a range of years is its own
#   years, the statistics year 2026 (Oct 2025 – Sep 2026) is the enrolment year 2026.
# - 受助职工 (人次) and 大病互助金 (万元) are the claims approved within the period (by the day the
#   county approved them, when the fund pays) and the amounts paid on them.
# Enrolments are placed by the union they came through, claims by their enrolment's union.

MUTUAL_ENROLMENT_TOWNSHIP = "org__township"
MUTUAL_CLAIM_TOWNSHIP = "enrolment__org__township"


def enrolment_years(period):
    """(first, last) enrolment year of the period: the years whose 1 July it holds."""
    first = period.start.year + (period.start > datetime.date(period.start.year, 7, 1))
    last = period.end.year - (period.end < datetime.date(period.end.year, 7, 1))
    return first, last


def mutual_enrolments(scope, period):
    """Enrolments of the period's year(s), placed in `scope`."""
    return MutualAidEnrolment.objects.within(scope).filter(year__range=enrolment_years(period))


def mutual_claims_paid(scope, period):
    """Claims approved within the period, placed in `scope` by their enrolment's union."""
    return MutualAidClaim.objects.within(scope).filter(
        status=ClaimStatus.APPROVED, decided_on__range=(period.start, period.end)
    )


indicator(
    code="aid.mutual_enrolled",
    section=AID,
    label=_("Workers enrolled in mutual medical aid"),
    unit=PERSON_TIMES,
    kind=FLOW,
    records=mutual_enrolments,
    aggregate=total("workers"),
    township=MUTUAL_ENROLMENT_TOWNSHIP,
    description=_(
        "参加互助活动职工 (人次): the workers enrolled by the employers' enrolments of the "
        "period's year(s) (a year belongs to the period holding its 1 July)."
    ),
)
indicator(
    code="aid.mutual_contributions",
    section=AID,
    label=_("Mutual medical aid contributions"),
    unit=TEN_THOUSAND_YUAN,
    kind=FLOW,
    records=mutual_enrolments,
    aggregate=total("contribution_total"),
    township=MUTUAL_ENROLMENT_TOWNSHIP,
    money=True,
    description=_(
        "互助金: the contributions of the enrolments of the period's year(s) (workers times "
        "the contribution per head), in 万元."
    ),
)
indicator(
    code="aid.mutual_claims",
    section=AID,
    label=_("Workers aided by mutual medical aid"),
    unit=PERSON_TIMES,
    kind=FLOW,
    records=mutual_claims_paid,
    township=MUTUAL_CLAIM_TOWNSHIP,
    category="illness",
    description=_("受助职工 (人次): the claims approved within the period, one per claim."),
)
indicator(
    code="aid.mutual_paid",
    section=AID,
    label=_("Mutual medical aid paid"),
    unit=TEN_THOUSAND_YUAN,
    kind=FLOW,
    records=mutual_claims_paid,
    aggregate=total("amount"),
    township=MUTUAL_CLAIM_TOWNSHIP,
    category="illness",
    money=True,
    description=_("发放大病互助金: the amounts of the claims approved within the period, in 万元."),
)
