"""The FilterSets of the proposal, innovation, studio and 安康杯 lists: each list page, its
export and its API use the same one."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import PortalFilterSet, visible_townships
from apps.core.validators import normalize_text
from apps.core.widgets import SearchSelect

from .choices_innovation import (
    AnkangAward,
    AwardLevel,
    InnovationKind,
    ProposalCategory,
    ProposalReview,
    StudioLevel,
    StudioStatus,
    StudioType,
)
from .models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal

PENDING = "pending"


def _text(queryset, value, *fields):
    text = normalize_text(value)
    if not text:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


def _township(field):
    return django_filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible_townships, field_name=field, widget=SearchSelect()
    )


class ProposalFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ProposalCategory.choices)
    review_result = django_filters.ChoiceFilter(
        label=_("Review result"),
        choices=[(PENDING, _("Not yet reviewed")), *ProposalReview.choices],
        method="filter_review",
    )
    implemented = django_filters.BooleanFilter(
        label=_("Implemented"), field_name="implemented_on", lookup_expr="isnull", exclude=True
    )
    golden_idea = django_filters.BooleanFilter(label=_("Golden idea"))
    township = _township("org__township")
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"), field_name="submitted_on", lookup_expr="gte"
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted to"), field_name="submitted_on", lookup_expr="lte"
    )

    class Meta:
        model = Proposal
        fields = []

    def search(self, queryset, name, value):
        return _text(queryset, value, "title", "code", "proposers", "employer__name", "org__name")

    def filter_review(self, queryset, name, value):
        if value == PENDING:
            return queryset.filter(review_result="")
        return queryset.filter(review_result=value)


class InnovationFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InnovationKind.choices)
    year = django_filters.NumberFilter(label=_("Year"))
    award_level = django_filters.ChoiceFilter(label=_("Award level"), choices=AwardLevel.choices)
    patented = django_filters.BooleanFilter(
        label=_("Patented"), field_name="patent_no", method="filter_patented"
    )
    township = _township("org__township")

    class Meta:
        model = Innovation
        fields = []

    def search(self, queryset, name, value):
        return _text(queryset, value, "title", "people", "patent_no", "employer__name")

    def filter_patented(self, queryset, name, value):
        return queryset.exclude(patent_no="") if value else queryset.filter(patent_no="")


class StudioFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    studio_type = django_filters.ChoiceFilter(label=_("Type"), choices=StudioType.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=StudioLevel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=StudioStatus.choices)
    township = _township("org__township")
    named_from = django_filters.DateFilter(
        label=_("Named from"), field_name="named_on", lookup_expr="gte"
    )
    named_to = django_filters.DateFilter(
        label=_("Named to"), field_name="named_on", lookup_expr="lte"
    )
    recheck_due_by = django_filters.DateFilter(
        label=_("Re-check due by"), field_name="recheck_due", lookup_expr="lte"
    )

    class Meta:
        model = InnovationStudio
        fields = []

    def search(self, queryset, name, value):
        return _text(queryset, value, "name", "doc_no", "leader__name", "host_employer__name")


class AnkangFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.NumberFilter(label=_("Year"))
    award = django_filters.ChoiceFilter(label=_("Award"), choices=AnkangAward.choices)
    township = _township("employer__township")

    class Meta:
        model = AnkangEntry
        fields = []

    def search(self, queryset, name, value):
        return _text(queryset, value, "employer__name", "employer__credit_code")
