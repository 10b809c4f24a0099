"""The lists' FilterSets: each list page, its Excel export and its API use the same one."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Ownership
from apps.core.filters import PortalFilterSet, visible_townships
from apps.core.validators import normalize_text
from apps.core.widgets import SearchSelect

from .choices import AwardeeKind, AwardTitle, CompetitionLevel, CompetitionStatus, CompetitionType
from .models import Competition, CompetitionAward, Participation

# Whole numbers within what the columns and dates hold: anything else is a 400, not a 500.
YEAR = {"min_value": 1900, "max_value": 2100, "decimal_places": 0}
ID = {"min_value": 1, "max_value": 2**31 - 1, "decimal_places": 0}
COUNT = {"min_value": 0, "max_value": 2**31 - 1, "decimal_places": 0}


class CompetitionFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    competition_type = django_filters.ChoiceFilter(label=_("Type"), choices=CompetitionType.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=CompetitionLevel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CompetitionStatus.choices)
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", **YEAR)
    starts_from = django_filters.DateFilter(
        label=_("Starts from"), field_name="starts_on", lookup_expr="gte"
    )
    starts_to = django_filters.DateFilter(
        label=_("Starts to"), field_name="starts_on", lookup_expr="lte"
    )

    class Meta:
        model = Competition
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        return queryset.filter(
            Q(name__icontains=text)
            | Q(scheme__icontains=text)
            | Q(theme__icontains=text)
            | Q(co_organisers__icontains=text)
            | Q(organiser__name__icontains=text)
        )

    def filter_year(self, queryset, name, value):
        """Competitions running at some time in the year."""
        year = int(value)
        return queryset.filter(starts_on__year__lte=year, ends_on__year__gte=year)


class ParticipationFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    competition = django_filters.NumberFilter(
        label=_("Competition no."), field_name="competition", **ID
    )
    competition_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=CompetitionType.choices, field_name="competition__competition_type"
    )
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", **YEAR)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="employer__township",
        widget=SearchSelect(),
    )
    non_public = django_filters.BooleanFilter(label=_("Non-public"), method="filter_non_public")
    workers_min = django_filters.NumberFilter(
        label=_("Workers, at least"), field_name="workers", lookup_expr="gte", **COUNT
    )

    class Meta:
        model = Participation
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        return queryset.filter(
            Q(employer__name__icontains=text)
            | Q(employer__credit_code=text.upper())
            | Q(competition__name__icontains=text)
        )

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            competition__starts_on__year__lte=year, competition__ends_on__year__gte=year
        )

    def filter_non_public(self, queryset, name, value):
        from apps.core.choices import OWNERSHIP_NATURES

        natures = OWNERSHIP_NATURES[Ownership.NON_PUBLIC]
        if value:
            return queryset.filter(employer__nature__in=natures)
        return queryset.exclude(employer__nature__in=natures)


class AwardFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    competition = django_filters.NumberFilter(
        label=_("Competition no."), field_name="competition", **ID
    )
    awardee_kind = django_filters.ChoiceFilter(label=_("Awarded to"), choices=AwardeeKind.choices)
    title = django_filters.ChoiceFilter(label=_("Award"), choices=AwardTitle.choices)
    awarded_from = django_filters.DateFilter(
        label=_("Awarded from"), field_name="awarded_on", lookup_expr="gte"
    )
    awarded_to = django_filters.DateFilter(
        label=_("Awarded to date"), field_name="awarded_on", lookup_expr="lte"
    )

    class Meta:
        model = CompetitionAward
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        return queryset.filter(
            Q(person_name__icontains=text)
            | Q(team_name__icontains=text)
            | Q(employer__name__icontains=text)
            | Q(competition__name__icontains=text)
            | Q(document_no__icontains=text)
        )
