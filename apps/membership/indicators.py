"""Figures of organisation building (组织建设): unions, members, 建会率 and 入会率.

Each figure is one aggregate over the records its drill-down lists (see `apps.reports.registry`).

Members are counted from the membership ledger, so a past period's figure stays what it was: a
member counts at a date when their last ledger entry on or before that date (by date, then by
entry) leaves them holding membership (入会, 转入, 保留), and they count in the union where that
entry was made. The records of member figures are therefore those standing ledger entries, one
per member (each names its member); flows (新发展会员) are the 入会 entries within the period.

Unions count at a date when they are grassroots unions founded by then (a union without a
founding date has always existed) and not closed by then (open, in preparation, or closed
later). Employers carry no dates: 建会率 and 入会率 read the employer registry as it stands,
with an employer organised at the date when its covering union stood then.

Reports read the member figures from `MembershipTally` (counts of these same records per union
and period, kept true by triggers; see `tallies.py`), the drill-down lists the ledger records.

Codes are stable: reviews name them in placeholders ({membership.new_members}).
"""

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.core.choices import OrgForm, OrgKind, OrgLevel, Ownership
from apps.core.models import Employer, UnionOrg
from apps.reports.periods import Period
from apps.reports.registry import FLOW, RATIO, STOCK, Summary, indicator, total

from . import tallies
from .choices import ChangeType, Sex
from .models import MembershipChange, MembershipTally
from .review import ORGANISATION

PERSONS = _("persons")
UNIONS = _("unions")
EMPLOYERS = _("employers")
PERCENT = "%"

# Ledger entries after which a person holds membership (the others end it).
HOLDING_CHANGES = (ChangeType.JOIN, ChangeType.TRANSFER_IN, ChangeType.RETAIN)


# --- members ---------------------------------------------------------------------------------


def standing_everywhere(day):
    """Each member's last ledger entry on or before `day`, where it leaves them a member on
    that day: one row per member counted, in every union."""
    later = MembershipChange.objects.filter(
        member_id=OuterRef("member_id"), changed_on__lte=day
    ).filter(
        Q(changed_on__gt=OuterRef("changed_on"))
        | Q(changed_on=OuterRef("changed_on"), pk__gt=OuterRef("pk"))
    )
    return MembershipChange.objects.filter(
        ~Exists(later), changed_on__lte=day, change_type__in=HOLDING_CHANGES
    )


def standing_entries(scope, day):
    """The standing entries (above) of the unions in `scope`."""
    return standing_everywhere(day).within(scope)


def joins_everywhere(period):
    return MembershipChange.objects.filter(
        change_type=ChangeType.JOIN, changed_on__range=(period.start, period.end)
    )


def members(scope, period):
    return standing_entries(scope, period.end)


def joins(scope, period):
    return joins_everywhere(period).within(scope)


def prepare_standing(periods):
    return tallies.prepare(
        MembershipTally.STANDING, periods, lambda period: standing_everywhere(period.end)
    )


def prepare_joins(periods):
    return tallies.prepare(MembershipTally.JOINS, periods, joins_everywhere)


def build_recent_tallies(years=5):
    """Build the member tallies of the last `years` calendar years (the dashboard's first view:
    this year, its trend and last year) where they are missing."""
    this_year = timezone.localdate().year
    periods = [Period.year(year) for year in range(this_year - years + 1, this_year + 1)]
    return prepare_standing(periods), prepare_joins(periods)


def _tallied(prepare, measure, category="", **conditions):
    """The summary of a member figure: its tally rows, narrowed as the figure narrows its
    ledger records (`member__sex=…` there is `sex=…` here)."""

    def records(scope, period):
        return tallies.counts(measure, scope, period).filter(**conditions)

    return Summary(records=records, prepare=prepare, aggregate=Sum("count"), category=category)


STANDING = (prepare_standing, MembershipTally.STANDING)
JOINS = (prepare_joins, MembershipTally.JOINS)


# --- unions ----------------------------------------------------------------------------------


def unions(scope, period):
    """Grassroots unions standing at the period's end (`UnionOrg.objects.standing_on`)."""
    return UnionOrg.objects.within(scope).standing_on(period.end).filter(level=OrgLevel.GRASSROOTS)


def new_unions(scope, period):
    """Grassroots unions founded within the period."""
    return UnionOrg.objects.within(scope).filter(
        level=OrgLevel.GRASSROOTS, founded_on__range=(period.start, period.end)
    )


def new_union_employers(scope, period):
    """Employers covered by the grassroots unions founded within the period."""
    return Employer.objects.filter(
        union__path__startswith=scope.path,
        union__level=OrgLevel.GRASSROOTS,
        union__founded_on__range=(period.start, period.end),
    )


# --- employers -------------------------------------------------------------------------------


def must_organise_employers(scope, period):
    return Employer.objects.within(scope).filter(must_organise=True)


def organised_employers(scope, period):
    """Employers organised at the period's end (`Employer.objects.organised_on`): 建会率's
    numerator, and 签订率's denominator in the contracts app."""
    return Employer.objects.within(scope).organised_on(period.end)


def organised_workforce(scope, period):
    """Employers with a union at the period's end, whose employees 入会率 divides by."""
    return Employer.objects.within(scope).with_union_on(period.end)


# --- the register ----------------------------------------------------------------------------


def _add(code, label, unit, kind, records, township, **extra):
    indicator(
        code=f"membership.{code}",
        section=ORGANISATION,
        label=label,
        unit=unit,
        kind=kind,
        records=records,
        township=township,
        **extra,
    )


def _owned(records, ownership):
    """The employers of `records` of one ownership (by 单位性质: `Employer.objects.owned`)."""

    def owned(scope, period):
        return records(scope, period).owned(ownership)

    return owned


def _filtered(records, **conditions):
    def filtered(scope, period):
        return records(scope, period).filter(**conditions)

    return filtered


_add(
    "members",
    _("Union members"),
    PERSONS,
    STOCK,
    members,
    "union__township",
    category="union__kind",
    headline=True,
    description=_("Members holding membership (active or retained) at the period's end."),
    summary=_tallied(*STANDING, category="union__kind"),
)
_add(
    "members_women",
    _("Women members"),
    PERSONS,
    STOCK,
    _filtered(members, member__sex=Sex.FEMALE),
    "union__township",
    summary=_tallied(*STANDING, sex=Sex.FEMALE),
)
_add(
    "members_migrant",
    _("Migrant worker members"),
    PERSONS,
    STOCK,
    _filtered(members, member__is_migrant=True),
    "union__township",
    summary=_tallied(*STANDING, is_migrant=True),
)


def _new_form_members(scope, period):
    return members(scope, period).exclude(member__new_form_group="")


_add(
    "members_new_form",
    _("Members in new forms of employment"),
    PERSONS,
    STOCK,
    _new_form_members,
    "union__township",
    category="member__new_form_group",
    summary=_tallied(prepare_standing, MembershipTally.NEW_FORM, category="new_form_group"),
)
_add(
    "new_members",
    _("New members"),
    PERSONS,
    FLOW,
    joins,
    "union__township",
    category="union__kind",
    headline=True,
    description=_("Joins (入会) recorded in the ledger within the period."),
    summary=_tallied(*JOINS, category="union__kind"),
)
_add(
    "unions",
    _("Grassroots unions"),
    UNIONS,
    STOCK,
    unions,
    "township",
    category="kind",
    headline=True,
    description=_("Grassroots unions founded by the period's end and not closed by then."),
)
for kind, label in (
    (OrgKind.ENTERPRISE, _("Enterprise unions")),
    (OrgKind.GOVERNMENT, _("Government agency unions")),
    (OrgKind.INSTITUTION, _("Public institution unions")),
    (OrgKind.SOCIAL_ORG, _("Social organisation unions")),
    (OrgKind.VILLAGE, _("Village (community) unions")),
    (OrgKind.REGIONAL, _("Regional and sectoral union federations")),
):
    _add(f"unions_{kind.value}", label, UNIONS, STOCK, _filtered(unions, kind=kind), "township")
_add(
    "new_unions",
    _("New grassroots unions"),
    UNIONS,
    FLOW,
    new_unions,
    "township",
    category="form",
    headline=True,
)
_add(
    "new_unions_single",
    _("New single-employer unions"),
    UNIONS,
    FLOW,
    _filtered(new_unions, form=OrgForm.SINGLE),
    "township",
)
_add(
    "new_unions_joint",
    _("New joint unions"),
    UNIONS,
    FLOW,
    _filtered(new_unions, form=OrgForm.JOINT),
    "township",
)
_add(
    "new_union_employers",
    _("Employers covered by new unions"),
    EMPLOYERS,
    FLOW,
    new_union_employers,
    "union__township",
)
_add(
    "organised_employers",
    _("Organised employers"),
    EMPLOYERS,
    STOCK,
    organised_employers,
    "township",
    category="nature",
    description=_("Employers that must organise and have a union (numerator of 建会率)."),
)
_add(
    "must_organise_employers",
    _("Employers that must organise"),
    EMPLOYERS,
    STOCK,
    must_organise_employers,
    "township",
    category="nature",
    description=_("Employers marked as required to organise (denominator of 建会率)."),
)
indicator(
    code="membership.organising_rate",
    section=ORGANISATION,
    label=_("Organising rate"),
    unit=PERCENT,
    kind=RATIO,
    numerator="membership.organised_employers",
    denominator="membership.must_organise_employers",
    decimals=1,
    headline=True,
    description=_("建会率: organised employers ÷ employers that must organise."),
)
# 建会率 by ownership, as the reviews state it ("非公企业的建会率达到了90%以上").
for ownership, label in (
    (Ownership.STATE, _("state-owned and state-controlled enterprises")),
    (Ownership.COLLECTIVE, _("collective enterprises")),
    (Ownership.NON_PUBLIC, _("non-public enterprises")),
    (Ownership.INSTITUTION, _("public institutions")),
    (Ownership.GOVERNMENT, _("government agencies")),
):
    key = ownership.value
    _add(
        f"organised_employers_{key}",
        format_lazy(_("Organised {kind}"), kind=label),
        EMPLOYERS,
        STOCK,
        _owned(organised_employers, ownership),
        "township",
        category="nature",
    )
    _add(
        f"must_organise_employers_{key}",
        format_lazy(_("{kind} that must organise"), kind=label),
        EMPLOYERS,
        STOCK,
        _owned(must_organise_employers, ownership),
        "township",
        category="nature",
    )
    indicator(
        code=f"membership.organising_rate_{key}",
        section=ORGANISATION,
        label=format_lazy(_("Organising rate of {kind}"), kind=label),
        unit=PERCENT,
        kind=RATIO,
        numerator=f"membership.organised_employers_{key}",
        denominator=f"membership.must_organise_employers_{key}",
        decimals=1,
    )
_add(
    "organised_headcount",
    _("Employees of organised employers"),
    PERSONS,
    STOCK,
    organised_workforce,
    "township",
    aggregate=total("headcount"),
    description=_("Employees of employers with a union (denominator of 入会率)."),
)
indicator(
    code="membership.membership_rate",
    section=ORGANISATION,
    label=_("Membership rate"),
    unit=PERCENT,
    kind=RATIO,
    numerator="membership.members",
    denominator="membership.organised_headcount",
    decimals=1,
    headline=True,
    description=_("入会率: union members ÷ employees of organised employers."),
)
