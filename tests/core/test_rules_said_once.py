"""Rules the apps share, each defined once in core: what a closed organisation is
(`OrgStatus.CLOSED`), and which employers are organised on a day (`Employer.objects.organised_on`).

Every place that used to spell the rule out for itself is asked here, for each closed status, so
that a place that forgets one of them (a merged union still offered, or still counted) fails.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.contracts.forms import ContractForm
from apps.contracts.queries import organised_employers as contracts_organised
from apps.contracts.rules import contract_errors
from apps.core.choices import OrgKind, OrgLevel, OrgStatus
from apps.core.forms import EmployerForm, OrgForm
from apps.core.models import Employer, UnionOrg
from apps.core.services import check_placement, close_org, save_employer
from apps.membership import services as membership_services
from apps.membership.forms import MemberForm, open_unions
from apps.membership.rules import clean_member
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.contracts.helpers import draft
from tests.membership.helpers import make_member

pytestmark = pytest.mark.usefixtures("fast_passwords")

CLOSED_ON = datetime.date(2024, 6, 30)
D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_closed_statuses_are_dissolved_and_merged_and_the_rest_are_open():
    assert set(OrgStatus.CLOSED) == {OrgStatus.DISSOLVED, OrgStatus.MERGED}
    assert set(OrgStatus.OPEN) | set(OrgStatus.CLOSED) == set(OrgStatus)
    assert not set(OrgStatus.OPEN) & set(OrgStatus.CLOSED)


@pytest.fixture(params=OrgStatus.CLOSED, ids=lambda status: status.value)
def closed(request, tree):
    """union_a2 closed (dissolved, then merged) on 30 June 2024, with an employer of its own."""
    tree.employer_a2 = Employer.objects.create(
        name="城关镇卫生院", nature="400", township=tree.township_a, union=tree.union_a2
    )
    UnionOrg.objects.filter(pk=tree.union_a2.pk).update(status=request.param, closed_on=CLOSED_ON)
    tree.union_a2.refresh_from_db()
    return tree


def test_a_closed_union_is_closed_by_every_name(closed):
    union = closed.union_a2
    assert union.is_closed and not union.is_open
    assert union in UnionOrg.objects.closed() and union not in UnionOrg.objects.open()
    assert closed.union_a1.is_open and closed.union_a1 in UnionOrg.objects.open()


def test_a_closed_union_is_offered_by_no_form(closed, personas):
    staff = personas["township_staff"]
    union = closed.union_a2
    offered = {
        "parent of an organisation": OrgForm(user=staff, instance=UnionOrg()).fields["parent"],
        "covering union of an employer": EmployerForm(user=staff).fields["union"],
        "member's union": MemberForm(user=staff).fields["union"],
        "contract's union side": ContractForm(user=staff).fields["union"],
    }
    for name, field in offered.items():
        assert union not in field.queryset, name
        assert closed.union_a1 in field.queryset, name
    assert union not in open_unions()  # where a member may be transferred


def test_a_closed_union_takes_no_new_record(closed, personas):
    admin = personas["county_admin"]
    union = closed.union_a2
    township = closed.township_b
    UnionOrg.objects.filter(pk=township.pk).update(status=union.status, closed_on=CLOSED_ON)
    township.refresh_from_db()
    child = UnionOrg(
        name="新建工会", parent=township, level=OrgLevel.GRASSROOTS, kind=OrgKind.ENTERPRISE
    )
    with pytest.raises(ValidationError, match="closed"):
        check_placement(child)
    employer = Employer(name="新单位", nature="170", township=closed.township_a, union=union)
    with pytest.raises(ValidationError, match="closed"):
        save_employer(employer=employer, actor=admin)
    _cleaned, errors = clean_member({"name": "张三", "union": union})
    assert "union" in errors
    assert "union" in contract_errors(draft(closed, union=union), [])
    member = make_member(closed.union_a1)
    with pytest.raises(ValidationError, match="closed"):
        membership_services.request_transfer(
            member=member, to_union=union, actor=admin, requested_on=D(2025, 1, 5), reason="01"
        )


def test_a_closed_child_does_not_keep_its_parent_open(closed, personas):
    """close_org counts the children still open: a closed one does not hold its parent."""
    township = closed.township_a
    UnionOrg.objects.filter(pk=closed.union_a1.pk).update(
        status=closed.union_a2.status, closed_on=CLOSED_ON
    )
    close_org(
        org=township,
        actor=personas["county_admin"],
        status=closed.union_a2.status,
        closed_on=D(2024, 12, 31),
    )
    assert UnionOrg.objects.get(pk=township.pk).is_closed
    with pytest.raises(ValidationError):
        close_org(org=township, actor=None, status=OrgStatus.ACTIVE, closed_on=D(2024, 12, 31))


def test_a_closed_union_stops_counting_from_its_closing_date(closed):
    """Unions and organised employers count up to the day before the union closed."""
    scope, union = closed.county, closed.union_a2
    unions = REGISTRY["membership.unions"].records
    organised = REGISTRY["membership.organised_employers"].records
    for day, counted in ((CLOSED_ON - datetime.timedelta(days=1), True), (CLOSED_ON, False)):
        period = Period(D(2024, 1, 1), day)
        assert (union in unions(scope, period)) is counted
        assert (closed.employer_a2 in organised(scope, period)) is counted
        assert (closed.employer_a2 in Employer.objects.organised_on(day)) is counted
        assert (union in UnionOrg.objects.standing_on(day)) is counted


# --- organised employers: one definition for 建会率 and 签订率 ---------------------------------


@pytest.fixture
def employers(tree):
    """Employers in township A on both sides of each condition of being organised."""
    late = tree.union_a2
    UnionOrg.objects.filter(pk=late.pk).update(founded_on=D(2023, 3, 1))
    closes = UnionOrg.objects.get(pk=tree.union_b1.pk)
    UnionOrg.objects.filter(pk=closes.pk).update(status=OrgStatus.MERGED, closed_on=D(2023, 9, 1))

    def employer(name, union, must_organise=True):
        return Employer.objects.create(
            name=name,
            nature="170",
            township=tree.township_a,
            union=union,
            must_organise=must_organise,
            headcount=10,
        )

    return {
        "open union": employer("甲", tree.union_a1),
        "union founded 2023-03-01": employer("乙", late),
        "union merged 2023-09-01": employer("丙", closes),
        "no union": employer("丁", None),
        "need not organise": employer("戊", tree.union_a1, must_organise=False),
    }


def test_organised_on_is_the_one_rule_both_rates_read(tree, employers):
    expected = {
        D(2023, 2, 28): {"open union", "union merged 2023-09-01"},
        D(2023, 3, 1): {"open union", "union founded 2023-03-01", "union merged 2023-09-01"},
        D(2023, 8, 31): {"open union", "union founded 2023-03-01", "union merged 2023-09-01"},
        D(2023, 9, 1): {"open union", "union founded 2023-03-01"},
    }
    names = {employer.pk: name for name, employer in employers.items()}
    ours = Employer.objects.filter(pk__in=names)
    for day, organised in expected.items():
        period = Period(D(day.year, 1, 1), day)
        core = {names[pk] for pk in ours.organised_on(day).values_list("pk", flat=True)}
        numerator = REGISTRY["membership.organised_employers"].records(tree.county, period)
        denominator = contracts_organised(ours, day)
        assert core == organised, day
        assert {names.get(e.pk) for e in numerator} - {None} == organised, day  # 建会率
        assert {names[e.pk] for e in denominator} == organised, day  # 签订率
    # 入会率 divides by the workforce of every employer with a standing union, organised or not.
    workforce = REGISTRY["membership.organised_headcount"].records
    on_day = {e.pk for e in workforce(tree.county, Period.year(2023))}
    assert employers["need not organise"].pk in on_day
    assert employers["union merged 2023-09-01"].pk not in on_day
