"""The aid lists' FilterSets, one per list: the HTML list, its Excel export and the API use them
(and drill-down links are query strings of them)."""

import re

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import PortalFilterSet, SubtreeFilter, visible_orgs, visible_townships
from apps.core.pinyin import full_pinyin
from apps.core.validators import normalize_id_number, normalize_text
from apps.core.widgets import SearchSelect

from . import choices, queries
from .models import (
    AidBatch,
    AidPayment,
    AidProgramme,
    HardshipFile,
    MutualAidClaim,
    MutualAidEnrolment,
    SchoolAidApplication,
)

IDENTIFIER = re.compile(r"^\d+X?$")
OPEN = "open"


def person_search(text, *, name="name", id_number="id_number", member="member"):
    """Free text over a person: the name, its pinyin or initials ("wjg" → 王建国, through the
    linked member record's indexed readings), or an ID number or its last digits."""
    text = normalize_text(text)
    if not text:
        return Q()
    compact = normalize_id_number(text)
    if IDENTIFIER.match(compact) and len(compact) >= 3:
        if len(compact) == 18:
            return Q(**{id_number: compact})
        return Q(**{f"{id_number}__endswith": compact})
    condition = Q(**{f"{name}__icontains": text})
    lowered = text.lower().replace(" ", "")
    if lowered.isascii() and lowered.isalnum():
        condition |= Q(**{f"{member}__name_initials__startswith": lowered})
        condition |= Q(**{f"{member}__name_pinyin__startswith": lowered})
    else:
        condition |= Q(**{f"{member}__name_pinyin__contains": full_pinyin(text)})
    return condition


def file_name_readings(text):
    """The worker's name by the file's own indexed readings: pinyin or initials from their
    start ("zgf", "zengguofan" → 曾国藩; the surname read as a surname), also where the worker
    has no member record."""
    lowered = normalize_text(text).lower().replace(" ", "")
    if not (lowered.isascii() and lowered.isalnum()) or IDENTIFIER.match(lowered):
        return Q(pk__in=[])
    return Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)


class FileFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, pinyin or initials; ID number or its last digits; file no."),
    )
    category = django_filters.ChoiceFilter(
        label=_("hardship category"), choices=choices.Category.choices
    )
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[(OPEN, _("Open (applying or on file)")), *choices.FileStatus.choices],
        method="filter_status",
    )
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="org__township",  # what the schema documents; filter_township filters
        method="filter_township",
        widget=SearchSelect(),
    )
    union = SubtreeFilter(label=_("Within"), queryset=visible_orgs)
    cause = django_filters.ChoiceFilter(
        label=_("Cause"), choices=choices.Cause.choices, method="filter_cause"
    )
    person_kind = django_filters.ChoiceFilter(
        label=_("worker category"), choices=choices.PersonKind.choices
    )
    due_for_review = django_filters.BooleanFilter(
        label=_("Due for the yearly review"), method="filter_due"
    )
    applied_from = django_filters.DateFilter(
        label=_("Applied from"), field_name="applied_on", lookup_expr="gte"
    )
    applied_to = django_filters.DateFilter(
        label=_("Applied to"), field_name="applied_on", lookup_expr="lte"
    )

    class Meta:
        model = HardshipFile
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        return queryset.filter(
            person_search(text) | file_name_readings(text) | Q(file_no__icontains=text)
        )

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_township(self, queryset, name, value):
        return queryset.filter(Q(org=value) | Q(org__township=value))

    def filter_cause(self, queryset, name, value):
        return queryset.filter(Q(main_cause=value) | Q(secondary_causes__contains=[value]))

    def filter_due(self, queryset, name, value):
        due = queries.due_for_review(queryset, timezone.localdate())
        if value:
            return due
        return queryset.exclude(pk__in=due.values("pk"))


class ProgrammeFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("year"))
    kind = django_filters.ChoiceFilter(label=_("programme"), choices=choices.ProgrammeKind.choices)

    class Meta:
        model = AidProgramme
        fields = []


def visible_programmes(request):
    if request is None:
        return AidProgramme.objects.none()
    return AidProgramme.objects.visible_to(request.user)


class PaymentFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Recipient (name, pinyin or initials), ID digits or file no."),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("programme"), queryset=visible_programmes, widget=SearchSelect()
    )
    year = django_filters.NumberFilter(label=_("year"), field_name="programme__year")
    programme_kind = django_filters.ChoiceFilter(
        label=_("Programme kind"),
        choices=choices.ProgrammeKind.choices,
        field_name="programme__kind",
    )
    kind = django_filters.ChoiceFilter(label=_("entry"), choices=choices.EntryKind.choices)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="org__township",  # what the schema documents; filter_township filters
        method="filter_township",
        widget=SearchSelect(),
    )
    period = django_filters.CharFilter(label=_("payment round"))
    method = django_filters.ChoiceFilter(label=_("method"), choices=choices.PaymentMethod.choices)
    fund_source = django_filters.ChoiceFilter(
        label=_("fund source"), choices=choices.FundSource.choices
    )
    paid_from = django_filters.DateFilter(
        label=_("Paid from"), field_name="paid_on", lookup_expr="gte"
    )
    paid_to = django_filters.DateFilter(label=_("Paid to"), field_name="paid_on", lookup_expr="lte")

    class Meta:
        model = AidPayment
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        person = person_search(
            text,
            name="recipient_name",
            id_number="file__id_number",
            member="file__member",
        )
        return queryset.filter(person | Q(file__file_no__icontains=text))

    def filter_township(self, queryset, name, value):
        return queryset.filter(Q(org=value) | Q(org__township=value))


# 金秋助学 and 职工医疗互助 ------------------------------------------------------------------


def _in_township(lookup):
    """A township filter over the union `lookup` names: the township itself or its unions."""

    def method(queryset, name, value):
        return queryset.filter(Q(**{lookup: value}) | Q(**{f"{lookup}__township": value}))

    return method


def school_programmes(request):
    return visible_programmes(request).filter(kind=choices.ProgrammeKind.AUTUMN_SCHOOLING)


class SchoolAidFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Student or parent (name), the student's ID digits, school or file no."),
    )
    year = django_filters.NumberFilter(label=_("school year"), field_name="school_year")
    programme = django_filters.ModelChoiceFilter(
        label=_("programme"), queryset=school_programmes, widget=SearchSelect()
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=choices.SchoolAidStatus.choices)
    level = django_filters.ChoiceFilter(
        label=_("current schooling"), choices=choices.StudentLevel.choices
    )
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="file__org__township",  # what the schema documents; the method filters
        method=_in_township("file__org"),
        widget=SearchSelect(),
    )

    class Meta:
        model = SchoolAidApplication
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        compact = normalize_id_number(text)
        condition = (
            Q(student_name__icontains=text)
            | Q(file__name__icontains=text)
            | Q(school__icontains=text)
            | Q(file__file_no__icontains=text)
        )
        if IDENTIFIER.match(compact) and len(compact) >= 3:
            condition |= Q(student_id_number__endswith=compact)
        return queryset.filter(condition)


class EnrolmentFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), field_name="employer__name", lookup_expr="icontains"
    )
    year = django_filters.NumberFilter(label=_("year"))
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="org__township",  # what the schema documents; the method filters
        method=_in_township("org"),
        widget=SearchSelect(),
    )
    union = SubtreeFilter(label=_("Within"), queryset=visible_orgs)

    class Meta:
        model = MutualAidEnrolment
        fields = []


class ClaimFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, ID number or its last digits, employer."),
    )
    year = django_filters.NumberFilter(label=_("year"), field_name="enrolment__year")
    status = django_filters.ChoiceFilter(label=_("status"), choices=choices.ClaimStatus.choices)
    illness = django_filters.ChoiceFilter(
        label=_("illness category"), choices=choices.IllnessCategory.choices
    )
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="enrolment__org__township",  # what the schema documents; the method filters
        method=_in_township("enrolment__org"),
        widget=SearchSelect(),
    )

    class Meta:
        model = MutualAidClaim
        fields = []

    def search(self, queryset, name, value):
        text = normalize_text(value)
        if not text:
            return queryset
        person = person_search(text, name="person_name", id_number="id_number", member="member")
        return queryset.filter(person | Q(enrolment__employer__name__icontains=text))


# 发放批次 ----------------------------------------------------------------------------------


class BatchFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    programme = django_filters.ModelChoiceFilter(
        label=_("programme"), queryset=visible_programmes, widget=SearchSelect()
    )
    year = django_filters.NumberFilter(label=_("year"), field_name="programme__year")
    status = django_filters.ChoiceFilter(label=_("status"), choices=choices.BatchStatus.choices)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=visible_townships,
        field_name="org__township",  # what the schema documents; the method filters
        method="filter_township",
        widget=SearchSelect(),
    )

    class Meta:
        model = AidBatch
        fields = []

    def filter_township(self, queryset, name, value):
        return queryset.filter(Q(org=value) | Q(org__township=value))
