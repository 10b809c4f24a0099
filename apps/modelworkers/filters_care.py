"""FilterSets of the care ledger and the nomination rounds: the list pages, their export and
the API use them (and a drill-down link is a query string of them)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import PortalFilterSet, visible_townships
from apps.core.validators import normalize_text
from apps.core.widgets import SearchSelect

from .models.care import CareEntry, CareKind, CareRecord, FundLevel
from .models.rounds import NominationRound, RoundStatus

KIND_GROUPS = {
    "visits": ("spring_festival", "may_day", "home_visit"),
    "hardship": ("low_income", "special_hardship", "medical"),
}


class CareFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name, pinyin or initials; ID digits.")
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind of care"),
        choices=[
            ("visits", _("All visits")),
            ("hardship", _("All hardship subsidies")),
            *CareKind.choices,
        ],
        method="filter_kind",
    )
    entry = django_filters.ChoiceFilter(label=_("entry"), choices=CareEntry.choices)
    year = django_filters.NumberFilter(label=_("year"))
    fund_level = django_filters.ChoiceFilter(label=_("fund level"), choices=FundLevel.choices)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="org__township",
        method="filter_township",
        widget=SearchSelect(),
    )
    model_worker = django_filters.NumberFilter(label=_("model worker"), field_name="model_worker")
    given_from = django_filters.DateFilter(
        label=_("From"), field_name="given_on", lookup_expr="gte"
    )
    given_to = django_filters.DateFilter(label=_("To"), field_name="given_on", lookup_expr="lte")

    class Meta:
        model = CareRecord
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        condition = Q(model_worker__name__icontains=text)
        compact = text.replace(" ", "").upper()
        if compact.isdigit() or (compact[:-1].isdigit() and compact.endswith("X")):
            condition |= Q(model_worker__id_number__endswith=compact)
        lowered = text.lower().replace(" ", "")
        if lowered.isascii() and lowered.isalnum():
            condition |= Q(model_worker__name_initials__startswith=lowered)
            condition |= Q(model_worker__name_pinyin__startswith=lowered)
        return queryset.filter(condition)

    def filter_kind(self, queryset, name, value):
        if value in KIND_GROUPS:
            return queryset.filter(kind__in=KIND_GROUPS[value])
        return queryset.filter(kind=value)

    def filter_township(self, queryset, name, value):
        return queryset.filter(Q(org=value) | Q(org__township=value))


class RoundFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=RoundStatus.choices)

    class Meta:
        model = NominationRound
        fields = []
