"""The registry's FilterSets, one per list: the HTML list, its Excel export and the API use
them."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import (
    PortalFilterSet,
    SubtreeFilter,
    name_search,
    visible_orgs,
    visible_townships,
)
from apps.core.validators import normalize_text
from apps.core.widgets import SearchSelect

from .choices import (
    CollectiveKind,
    CollectiveStatus,
    Employment,
    HonourCategory,
    Level,
    PersonCategory,
    RecipientKind,
    WorkerStatus,
)
from .models import Collective, HonourAward, HonourType, ModelWorker


def _id_or_name(queryset, value, *extra):
    text = normalize_text(value)
    if not text:
        return queryset
    compact = text.replace(" ", "").upper()
    if len(compact) in (15, 18) and compact[:-1].isdigit():
        return queryset.filter(id_number=compact)
    return name_search(queryset, text, *extra)


class ModelWorkerFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, pinyin initials, workplace or the full ID number."),
    )
    treatment_level = django_filters.ChoiceFilter(label=_("Treatment level"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WorkerStatus.choices)
    employment = django_filters.ChoiceFilter(label=_("Employment"), choices=Employment.choices)
    person_category = django_filters.ChoiceFilter(
        label=_("Person category"), choices=PersonCategory.choices
    )
    hardship = django_filters.BooleanFilter(label=_("In hardship"))
    category = django_filters.ChoiceFilter(
        label=_("Holds an honour of category"),
        choices=HonourCategory.choices,
        method="filter_category",
    )
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="org__township",
        widget=SearchSelect(),
    )
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)

    class Meta:
        model = ModelWorker
        fields = []

    def search(self, queryset, name, value):
        return _id_or_name(queryset, value, "work_unit", "post")

    def filter_category(self, queryset, name, value):
        held = HonourAward.objects.filter(
            model_worker=OuterRef("pk"), revoked=False, honour_type__category=value
        )
        return queryset.filter(Exists(held))


class CollectiveFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CollectiveKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CollectiveStatus.choices)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="org__township",
        widget=SearchSelect(),
    )
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)

    class Meta:
        model = Collective
        fields = []

    def search(self, queryset, name, value):
        return name_search(queryset, value, "parent_unit", "leader")


RECIPIENT_Q = {
    "person": Q(model_worker__isnull=False),
    "collective": Q(collective__isnull=False),
    "union_org": Q(union_org__isnull=False),
}


class AwardFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Recipient, document no. or certificate no."),
    )
    honour_type = django_filters.ModelChoiceFilter(
        label=_("Honour"), queryset=HonourType.objects.all(), widget=SearchSelect()
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=HonourCategory.choices, field_name="honour_type__category"
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    recipient = django_filters.ChoiceFilter(
        label=_("Recipient"),
        choices=[
            ("person", _("Individual")),
            ("collective", _("Collective")),
            ("union_org", RecipientKind.UNION_ORG.label),
        ],
        method="filter_recipient",
    )
    year = django_filters.NumberFilter(label=_("Year"))
    conferred_from = django_filters.DateFilter(
        label=_("Conferred from"), field_name="conferred_on", lookup_expr="gte"
    )
    conferred_to = django_filters.DateFilter(
        label=_("Conferred to"), field_name="conferred_on", lookup_expr="lte"
    )
    revoked = django_filters.BooleanFilter(label=_("Revoked"))
    township = SubtreeFilter(label=_("Township"), queryset=visible_townships)
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)

    class Meta:
        model = HonourAward
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        return queryset.filter(
            Q(model_worker__name__icontains=text)
            | Q(collective__name__icontains=text)
            | Q(union_org__name__icontains=text)
            | Q(document_no__icontains=text)
            | Q(certificate_no__icontains=text)
        )

    def filter_recipient(self, queryset, name, value):
        return queryset.filter(RECIPIENT_Q[value])
