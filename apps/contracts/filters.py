"""The contract list's one FilterSet: the HTML list, its Excel export and the API use it."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import (
    PortalFilterSet,
    SubtreeFilter,
    name_search,
    visible_orgs,
    visible_townships,
)
from apps.core.models import Employer
from apps.core.validators import normalize_text
from apps.core.widgets import SearchSelect

from . import queries
from .choices import ContractScope, ContractStatus, ContractType, Flag
from .models import CollectiveContract, ContractCoverage


def covering(employers):
    """Contracts that cover any of `employers` (their own, and industry/regional ones)."""
    return Exists(ContractCoverage.objects.filter(contract=OuterRef("pk"), employer__in=employers))


class ContractFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    contract_type = django_filters.ChoiceFilter(label=_("Type"), choices=ContractType.choices)
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=ContractScope.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ContractStatus.choices, method="filter_status"
    )
    flag = django_filters.ChoiceFilter(
        label=_("Needs attention"), choices=Flag.choices, method="filter_flag"
    )
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="union__township",
        widget=SearchSelect(),
    )
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)
    employer = django_filters.CharFilter(
        label=_("Covered employer"),
        method="filter_employer",
        help_text=_("Name, pinyin initials, credit code or id."),
    )
    signed_from = django_filters.DateFilter(
        label=_("Signed from"), field_name="signed_on", lookup_expr="gte"
    )
    signed_to = django_filters.DateFilter(
        label=_("Signed to"), field_name="signed_on", lookup_expr="lte"
    )
    ends_from = django_filters.DateFilter(
        label=_("Term ends from"), field_name="term_end", lookup_expr="gte"
    )
    ends_to = django_filters.DateFilter(
        label=_("Term ends to"), field_name="term_end", lookup_expr="lte"
    )
    in_force_on = django_filters.DateFilter(label=_("In force on"), method="filter_in_force")
    workers_min = django_filters.NumberFilter(
        label=_("Workers covered, at least"), field_name="covered_workers", lookup_expr="gte"
    )
    workers_max = django_filters.NumberFilter(
        label=_("Workers covered, at most"), field_name="covered_workers", lookup_expr="lte"
    )
    employers_min = django_filters.NumberFilter(
        label=_("Employers covered, at least"),
        field_name="covered_employer_count",
        lookup_expr="gte",
    )
    employers_max = django_filters.NumberFilter(
        label=_("Employers covered, at most"),
        field_name="covered_employer_count",
        lookup_expr="lte",
    )

    class Meta:
        model = CollectiveContract
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        return queryset.filter(
            Q(code__icontains=text)
            | Q(title__icontains=text)
            | Q(employer_side__icontains=text)
            | Q(union__name__icontains=text)
            | Q(employer__name__icontains=text)
            | Q(union_chief__icontains=text)
        )

    def filter_employer(self, queryset, name, value):
        text = normalize_text(value)
        if text.isdigit():
            return queryset.filter(covering(Employer.objects.filter(pk=int(text))))
        return queryset.filter(covering(name_search(Employer.objects.all(), text, "credit_code")))

    def filter_status(self, queryset, name, value):
        return queries.filter_status(queryset, value, timezone.localdate())

    def filter_flag(self, queryset, name, value):
        return queries.FLAG_QUERIES[value](queryset, timezone.localdate())

    def filter_in_force(self, queryset, name, value):
        return queryset.filter(queries.in_force_q(value))
