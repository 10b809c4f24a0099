"""The member, transfer and ledger filters: one each, used by the web list, its export and the
API (and by the membership indicators' drill-down links, which are query strings of these)."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import PortalFilterSet, SubtreeFilter, name_search, visible_orgs
from apps.core.scoping import user_scope_path
from apps.core.validators import normalize_id_number, normalize_text

from . import choices
from .models import Member, MembershipChange, MemberTransfer

# Digits with an optional final X: an ID number, its last digits, a phone or a card number.
IDENTIFIER = re.compile(r"^\d+X?$")

HOLDING = "holding"
ANY_GROUP = "any"
AGE_BANDS = {
    # band: (youngest age, oldest age) inclusive, None for open-ended
    "under35": (None, 34),
    "35to50": (35, 50),
    "over50": (51, None),
}


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_q(band, today):
    """Members whose age today lies in the band, from their date of birth."""
    youngest, oldest = AGE_BANDS[band]
    condition = Q(birth_date__isnull=False)
    if youngest is not None:  # at least `youngest` years old: born on or before that birthday
        condition &= Q(birth_date__lte=_years_before(today, youngest))
    if oldest is not None:  # not yet `oldest + 1`: born after that birthday
        condition &= Q(birth_date__gt=_years_before(today, oldest + 1))
    return condition


def member_search(queryset, text):
    """Free text: a name, its pinyin or initials ("zs" → 张三), or an identifier: a full ID
    number or its last digits, a phone number or its last digits, a card number."""
    text = normalize_text(text)
    if not text:
        return queryset
    compact = normalize_id_number(text)
    if IDENTIFIER.match(compact) and len(compact) >= 3:
        id_q = Q(id_number=compact) if len(compact) == 18 else Q(id_number__endswith=compact)
        phone_q = Q(phone=compact) if len(compact) == 11 else Q(phone__endswith=compact)
        return queryset.filter(id_q | phone_q | Q(card_no__iexact=compact))
    if any(ch.isdigit() for ch in text):
        return queryset.filter(Q(card_no__icontains=text) | Q(id_number__endswith=compact))
    return name_search(queryset, text, "card_no")


class MemberFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, pinyin or initials; ID number or its last digits; phone; card no."),
        widget=forms.TextInput(attrs={"placeholder": _("Name, zs, last ID digits, phone…")}),
    )
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)
    status = django_filters.ChoiceFilter(
        label=_("Membership status"),
        choices=[
            (HOLDING, _("Current members (active or retained)")),
            *choices.MemberStatus.choices,
        ],
        method="filter_status",
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=choices.Sex.choices)
    age_band = django_filters.ChoiceFilter(
        label=_("Age"),
        choices=[("under35", _("Under 35")), ("35to50", _("35 to 50")), ("over50", _("Over 50"))],
        method="filter_age_band",
    )
    employment = django_filters.ChoiceFilter(
        label=_("Employment"), choices=choices.Employment.choices
    )
    is_migrant = django_filters.BooleanFilter(label=_("Migrant worker member"))
    new_form_group = django_filters.ChoiceFilter(
        label=_("New form of employment"),
        choices=[(ANY_GROUP, _("Any of the groups")), *choices.NewFormGroup.choices],
        method="filter_new_form_group",
    )
    joined_from = django_filters.DateFilter(
        label=_("Joined from"), field_name="joined_on", lookup_expr="gte"
    )
    joined_to = django_filters.DateFilter(
        label=_("Joined to"), field_name="joined_on", lookup_expr="lte"
    )

    class Meta:
        model = Member
        fields = []

    def search(self, queryset, name, value):
        return member_search(queryset, value)

    def filter_status(self, queryset, name, value):
        if value == HOLDING:
            return queryset.holding()
        return queryset.filter(status=value)

    def filter_age_band(self, queryset, name, value):
        return queryset.filter(age_band_q(value, timezone.localdate()))

    def filter_new_form_group(self, queryset, name, value):
        if value == ANY_GROUP:
            return queryset.exclude(new_form_group="")
        return queryset.filter(new_form_group=value)


class TransferFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Member"), method="search")
    direction = django_filters.ChoiceFilter(
        label=_("Direction"),
        choices=[("incoming", _("Incoming")), ("outgoing", _("Outgoing"))],
        method="filter_direction",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=choices.TransferStatus.choices)
    requested_from = django_filters.DateFilter(
        label=_("Requested from"), field_name="requested_on", lookup_expr="gte"
    )
    requested_to = django_filters.DateFilter(
        label=_("Requested to"), field_name="requested_on", lookup_expr="lte"
    )

    class Meta:
        model = MemberTransfer
        fields = []

    def search(self, queryset, name, value):
        matching = name_search(Member.objects.all(), value).values("pk")
        return queryset.filter(member__in=matching)

    def filter_direction(self, queryset, name, value):
        """Incoming: to a union in the user's scope; outgoing: from one."""
        path = user_scope_path(getattr(self.request, "user", None))
        if path is None:
            return queryset.none()
        side = "to_union" if value == "incoming" else "from_union"
        return queryset.filter(**{f"{side}__path__startswith": path})


class ChangeFilter(PortalFilterSet):
    """The membership ledger of the user's unions (API)."""

    member = django_filters.NumberFilter(label=_("Member"), field_name="member_id")
    subtree = SubtreeFilter(label=_("Within"), queryset=visible_orgs)
    change_type = django_filters.ChoiceFilter(label=_("Change"), choices=choices.ChangeType.choices)
    changed_from = django_filters.DateFilter(
        label=_("Date from"), field_name="changed_on", lookup_expr="gte"
    )
    changed_to = django_filters.DateFilter(
        label=_("Date to"), field_name="changed_on", lookup_expr="lte"
    )

    class Meta:
        model = MembershipChange
        fields = []
