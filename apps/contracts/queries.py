"""Reads beyond a filter, each defined once: which contracts are in force on a day, which are
expiring or overdue, which employers are covered. The list's filters, the attention page and the
indicators all call these, so a count on the dashboard and the rows behind it agree.

Everything here is computed from dates as of a given day; nothing is a stored flag that goes
stale when the calendar moves on.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.fields import CharField
from django.utils import timezone

from . import deadlines
from .choices import LIVE_STATUSES, ContractStatus, Flag
from .models import ContractCoverage


def _today(day):
    return day or timezone.localdate()


def live_q(day, prefix=""):
    """Entered into force by `day` and not terminated or objected to: stored as submitted (in
    force once the bureau's 15 days pass) or effective. (Whether it has since been renewed is
    `renewal_in_effect_q`.)"""
    return Q(**{f"{prefix}status__in": LIVE_STATUSES, f"{prefix}effective_on__lte": day})


def renewal_in_effect_q(day, prefix=""):
    """Renewed by `day`: its renewal has taken effect (filed and past the bureau's review, so
    `effective_on` is set, and its own term has begun). Until then the old contract stays in
    force and shows its own status; a renewal still negotiated, objected to or abandoned
    changes nothing."""
    p = f"{prefix}renewal__"
    return Q(**{f"{p}effective_on__lte": day, f"{p}term_start__lte": day})


def in_force_q(day, prefix=""):
    """In force on `day`: effective and within its term, not terminated by then, and not yet
    replaced by a renewal in effect (the old contract carries on until the new one starts)."""
    p = prefix
    return (
        Q(**{f"{p}effective_on__lte": day, f"{p}term_start__lte": day, f"{p}term_end__gte": day})
        & ~Q(**{f"{p}status": ContractStatus.NEGOTIATING})
        & (Q(**{f"{p}terminated_on__isnull": True}) | Q(**{f"{p}terminated_on__gt": day}))
        & ~renewal_in_effect_q(day, prefix)
    )


def ending_soon_q(day, prefix=""):
    """即将到期's dates (`deadlines.expiring_window`): the term ends on `day` or within the
    3 months after it. The expiring status and the expiring attention flag both read this."""
    return Q(**{f"{prefix}term_end__range": deadlines.expiring_window(day)})


def status_expression(day):
    live = live_q(day)
    return Case(
        When(live & renewal_in_effect_q(day), then=Value(ContractStatus.RENEWED.value)),
        When(live & Q(term_end__lt=day), then=Value(ContractStatus.EXPIRED.value)),
        When(live & ending_soon_q(day), then=Value(ContractStatus.EXPIRING.value)),
        When(live, then=Value(ContractStatus.EFFECTIVE.value)),
        default=F("status"),
        output_field=CharField(),
    )


def with_current_status(queryset, day=None):
    """Annotate `shown_status`: the stored status with in force / expiring / expired derived."""
    return queryset.annotate(shown_status=status_expression(_today(day)))


def _renewal_in_effect(contract, day):
    """`renewal_in_effect_q` for one contract (reads its renewal, one query at most)."""
    if contract.pk is None:
        return False
    try:
        renewal = contract.renewal
    except ObjectDoesNotExist:
        return False
    return bool(
        renewal.effective_on
        and renewal.effective_on <= day
        and renewal.term_start
        and renewal.term_start <= day
    )


def status_on(contract, day):
    """The same rule as `status_expression`, for one contract in memory."""
    live = contract.status in LIVE_STATUSES and bool(
        contract.effective_on and contract.effective_on <= day
    )
    if not live:
        return ContractStatus(contract.status)
    if _renewal_in_effect(contract, day):
        return ContractStatus.RENEWED
    if contract.term_end and contract.term_end < day:
        return ContractStatus.EXPIRED
    first, last = deadlines.expiring_window(day)
    if contract.term_end and first <= contract.term_end <= last:
        return ContractStatus.EXPIRING
    return ContractStatus.EFFECTIVE


def filter_status(queryset, status, day=None):
    """Contracts whose current status (derived as above) is `status`."""
    return queryset.alias(status_now=status_expression(_today(day))).filter(status_now=status)


# What needs attention, as of a day. ----------------------------------------------------------


def not_terminated_q(day):
    return Q(terminated_on__isnull=True) | Q(terminated_on__gt=day)


def expiring_q(day):
    """In force on `day`, ending within the next 3 months (the expiring status's own dates),
    and no renewal offered yet."""
    # A join on the (one-to-one) renewal rather than a subquery per row: cheaper to plan.
    no_renewal_yet = Q(renewal__isnull=True) | Q(renewal__offer_on__gt=day)
    return in_force_q(day) & ending_soon_q(day) & no_renewal_yet


def submission_overdue_q(day):
    """Signed more than 10 days before `day` and not filed with the labour bureau by then. A
    contract recorded from the ledger (补录) without a filing date is not known to be late."""
    latest_signing = day - datetime.timedelta(days=deadlines.SUBMISSION_DAYS + 1)
    return (
        Q(signed_on__lte=latest_signing)
        & (Q(submitted_on__isnull=True, from_ledger=False) | Q(submitted_on__gt=day))
        & not_terminated_q(day)
    )


def reply_overdue_q(day):
    """Offered more than 20 days before `day` with no reply by then (negotiation not ended)."""
    latest_offer = day - datetime.timedelta(days=deadlines.REPLY_DAYS + 1)
    return (
        Q(offer_on__lte=latest_offer)
        & (Q(reply_on__isnull=True) | Q(reply_on__gt=day))
        & not_terminated_q(day)
    )


FLAG_CONDITIONS = {
    Flag.EXPIRING.value: expiring_q,
    Flag.SUBMISSION_OVERDUE.value: submission_overdue_q,
    Flag.REPLY_OVERDUE.value: reply_overdue_q,
}


def expiring(queryset, day=None):
    return queryset.filter(expiring_q(_today(day)))


def submission_overdue(queryset, day=None):
    return queryset.filter(submission_overdue_q(_today(day)))


def reply_overdue(queryset, day=None):
    return queryset.filter(reply_overdue_q(_today(day)))


FLAG_QUERIES = {
    Flag.EXPIRING.value: expiring,
    Flag.SUBMISSION_OVERDUE.value: submission_overdue,
    Flag.REPLY_OVERDUE.value: reply_overdue,
}


def flag_counts(queryset, day=None):
    """{flag: how many contracts of `queryset` need that attention}, in one query."""
    day = _today(day)
    return queryset.aggregate(
        **{flag: Count("pk", filter=condition(day)) for flag, condition in FLAG_CONDITIONS.items()}
    )


# Coverage: employers counted once however many contracts cover them. --------------------------


def coverage_in_force(day, **contract_filters):
    """Coverage rows of contracts in force on `day` (optionally only contracts matching
    `contract_filters`, e.g. contract_type="women")."""
    rows = ContractCoverage.objects.filter(in_force_q(day, prefix="contract__"))
    if contract_filters:
        rows = rows.filter(**{f"contract__{k}": v for k, v in contract_filters.items()})
    return rows


def covered_employers(employers, day, **contract_filters):
    """The employers among `employers` covered on `day`, each once, annotated with the largest
    number of workers, women and migrant workers any of their contracts in force covers."""
    rows = coverage_in_force(day, **contract_filters)
    per_employer = rows.filter(employer=OuterRef("pk")).order_by().values("employer")
    return employers.filter(Exists(rows.filter(employer=OuterRef("pk")))).annotate(
        covered_workers=Subquery(per_employer.annotate(m=Max("workers")).values("m")),
        covered_women=Subquery(per_employer.annotate(m=Max("women")).values("m")),
        covered_migrants=Subquery(per_employer.annotate(m=Max("migrants")).values("m")),
    )


def organised_employers(employers, day):
    """The employers among `employers` organised on `day`: core's one rule
    (`Employer.objects.organised_on`), which is also 建会率's numerator."""
    return employers.organised_on(day)


def organised_with_contract(employers, day):
    return organised_employers(employers, day).filter(
        Exists(coverage_in_force(day).filter(employer=OuterRef("pk")))
    )


def organised_without_contract(employers, day=None):
    """Employers with a union but no collective contract in force on `day`."""
    day = _today(day)
    return organised_employers(employers, day).exclude(
        Exists(coverage_in_force(day).filter(employer=OuterRef("pk")))
    )
