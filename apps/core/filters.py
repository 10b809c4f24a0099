"""One FilterSet per list: the HTML list, its Excel export and the API all use these."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from . import choices
from .forms import ALL, plain_blank_choices
from .models import Employer, UnionOrg
from .pinyin import full_pinyin
from .validators import normalize_text
from .widgets import SearchSelect


def visible_orgs(request):
    if request is None:
        return UnionOrg.objects.none()
    return UnionOrg.objects.visible_to(request.user)


def visible_townships(request):
    return visible_orgs(request).townships()


def name_search(queryset, text, *extra_fields):
    """Free text over name, pinyin ("xinzhuang") and initials ("xzgh"), plus extra fields."""
    text = normalize_text(text)
    if not text:
        return queryset
    lowered = text.lower()
    condition = Q(name__icontains=text)
    if lowered.isascii() and lowered.replace(" ", "").isalnum():
        compact = lowered.replace(" ", "")
        condition |= Q(name_initials__startswith=compact) | Q(name_pinyin__startswith=compact)
        condition |= Q(name_initials__contains=compact)
    else:
        condition |= Q(name_pinyin__contains=full_pinyin(text))
    for field in extra_fields:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


class PortalFilterSet(django_filters.FilterSet):
    """Bootstrap classes on every filter widget; dates as date pickers."""

    @property
    def form(self):
        form = super().form
        plain_blank_choices(form.fields, blank=ALL)
        for field in form.fields.values():
            widget = field.widget
            if getattr(widget, "input_type", "") == "select" or hasattr(widget, "choices"):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(field, forms.DateField):
                widget.input_type = "date"
        for name, filter_ in self.filters.items():
            if isinstance(filter_, SubtreeFilter) and name in form.fields:
                self._offer_branches(form, name)
        return form

    def _offer_branches(self, form, name):
        """The "within" drop-down offers the organisations that have others below them (county,
        townships, federations), not every grassroots union; any visible organisation is still
        accepted (links from a union's page pass its id), and the chosen one stays selected."""
        field = form.fields[name]
        branches = field.queryset.exclude(level=choices.OrgLevel.GRASSROOTS)
        selected = form.data.get(name) if form.is_bound else None
        if selected and str(selected).isdigit():
            branches = branches | field.queryset.filter(pk=selected)
        # Lazy: read only when the widget renders (the API never does); records, not pairs, so
        # the searchable drop-down finds each by code and initials.
        offered = field.iterator(field)
        offered.queryset = branches.order_by("code")
        field.widget.choices = offered


@extend_schema_field(OpenApiTypes.INT)
class SubtreeFilter(django_filters.ModelChoiceFilter):
    """Rows placed in the chosen organisation's subtree."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SearchSelect())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value:
            return qs.within(value)
        return qs


class OrgFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible_townships, widget=SearchSelect()
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=choices.OrgLevel.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=choices.OrgKind.choices)
    form = django_filters.ChoiceFilter(label=_("Form"), choices=choices.OrgForm.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=choices.OrgStatus.choices)
    term_due = django_filters.BooleanFilter(
        label=_("Due for re-election"), method="filter_term_due"
    )
    founded_from = django_filters.DateFilter(
        label=_("Founded from"), field_name="founded_on", lookup_expr="gte"
    )
    founded_to = django_filters.DateFilter(
        label=_("Founded to"), field_name="founded_on", lookup_expr="lte"
    )

    class Meta:
        model = UnionOrg
        fields = []

    def search(self, queryset, name, value):
        return name_search(queryset, value, "short_name", "code", "credit_code", "chair_name")

    def filter_term_due(self, queryset, name, value):
        """Open unions whose term has ended or ends within 90 days (the home page's 换届 item)."""
        from django.utils import timezone

        from .overview import term_due_q

        due = term_due_q(timezone.localdate())
        if value is None:
            return queryset
        return queryset.open().filter(due) if value else queryset.exclude(due)


class EmployerFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    township = django_filters.ModelChoiceFilter(
        label=_("Township"), queryset=visible_townships, widget=SearchSelect()
    )
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)
    nature = django_filters.ChoiceFilter(
        label=_("Nature of employer"), choices=choices.EmployerNature.choices
    )
    industry = django_filters.ChoiceFilter(label=_("Industry"), choices=choices.Industry.choices)
    organised = django_filters.BooleanFilter(
        label=_("Has a union"), field_name="union", lookup_expr="isnull", exclude=True
    )
    must_organise = django_filters.BooleanFilter(label=_("Must organise"))

    class Meta:
        model = Employer
        fields = []

    def search(self, queryset, name, value):
        return name_search(queryset, value, "credit_code", "address")
