"""The member tallies the reports read (`MembershipTally`): built once per period from the same
ledger records the drill-down lists, deleted by the database whenever a write could change them,
and never read while a ledger write is under way."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from apps.membership import services
from apps.membership.choices import ChangeType, NewFormGroup
from apps.membership.models import MembershipChange, MembershipTally
from apps.reports.evaluation import compute, evaluate
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.membership.helpers import fast_passwords, make_member  # noqa: F401

Y2024, Y2025 = Period.year(2024), Period.year(2025)
MEMBER_CODES = [
    "membership.members",
    "membership.members_women",
    "membership.members_migrant",
    "membership.members_new_form",
    "membership.new_members",
]


def built_periods():
    return set(
        MembershipTally.objects.filter(union__isnull=True).values_list(
            "measure", "first_day", "last_day"
        )
    )


def standing(period):
    return (MembershipTally.STANDING, period.end, period.end)


def from_records(scope, period):
    return {code: REGISTRY[code].value(scope, period) for code in MEMBER_CODES}


@pytest.fixture
def members(tree, personas):
    """Five members of 城关镇 and 新庄镇 unions, joined 2015–2025; one woman, one migrant worker,
    one platform worker; one withdrew in 2025."""
    admin = personas["county_admin"]
    people = [
        make_member(tree.union_a1, "甲", 1, actor=admin, joined_on=datetime.date(2015, 3, 1)),
        make_member(
            tree.union_a1,
            "乙",
            2,
            actor=admin,
            male=False,
            joined_on=datetime.date(2024, 5, 1),
        ),
        make_member(
            tree.union_a2,
            "丙",
            3,
            actor=admin,
            is_migrant=True,
            joined_on=datetime.date(2025, 2, 1),
        ),
        make_member(
            tree.union_b1,
            "丁",
            4,
            actor=admin,
            new_form_group=NewFormGroup.FOOD_DELIVERY,
            joined_on=datetime.date(2020, 7, 1),
        ),
        make_member(tree.union_b1, "戊", 5, actor=admin, joined_on=datetime.date(2025, 9, 1)),
    ]
    services.record_change(
        member=people[0],
        actor=admin,
        change_type=ChangeType.WITHDRAW,
        changed_on=datetime.date(2025, 10, 8),
    )
    return people


def test_reports_read_the_tallies_and_agree_with_the_ledger(tree, members):
    for period in (Y2024, Y2025, Period.years(2021, 2025), Period.stats_year(2025)):
        for scope in (tree.county, tree.township_a, tree.township_b):
            assert compute(scope, period, MEMBER_CODES) == from_records(scope, period)
    assert standing(Y2025) in built_periods()
    assert (MembershipTally.JOINS, Y2025.start, Y2025.end) in built_periods()
    # 2025: 乙 丙 丁 戊 stand (甲 withdrew); 丙 and 戊 joined.
    assert compute(tree.county, Y2025, ["membership.members", "membership.new_members"]) == {
        "membership.members": 4,
        "membership.new_members": 2,
    }


def test_the_breakdowns_from_the_tallies_match_the_ledger(tree, members):
    wanted = [(code, Y2025) for code in MEMBER_CODES]
    figures = evaluate(tree.county, wanted, detail=wanted)
    assert standing(Y2025) in built_periods()
    for code in MEMBER_CODES:
        item = REGISTRY[code]
        assert figures[(code, Y2025)].townships == item.by_township(tree.county, Y2025), code
        assert figures[(code, Y2025)].categories == item.by_category(tree.county, Y2025), code
    assert figures[("membership.members", Y2025)].townships == {
        tree.township_a.pk: 2,
        tree.township_b.pk: 2,
    }


def test_a_ledger_entry_deletes_the_tallies_of_periods_ending_on_or_after_its_date(
    tree, personas, members
):
    compute(tree.county, Y2024, MEMBER_CODES)
    compute(tree.county, Y2025, MEMBER_CODES)
    assert {standing(Y2024), standing(Y2025)} <= built_periods()
    services.record_change(
        member=members[3],
        actor=personas["county_admin"],
        change_type=ChangeType.WITHDRAW,
        changed_on=datetime.date(2025, 3, 1),
    )
    assert standing(Y2024) in built_periods()
    assert standing(Y2025) not in built_periods()
    assert compute(tree.county, Y2025, MEMBER_CODES) == from_records(tree.county, Y2025)
    assert compute(tree.county, Y2025, ["membership.members"])["membership.members"] == 3

    # An entry dated in the past (a member entered late) reaches back to 2024's figures.
    make_member(
        tree.union_b1, "己", 6, actor=personas["county_admin"], joined_on=datetime.date(2023, 4, 1)
    )
    assert standing(Y2024) not in built_periods()
    assert compute(tree.county, Y2024, MEMBER_CODES) == from_records(tree.county, Y2024)


def test_changing_a_counted_attribute_deletes_every_tally(tree, personas, members):
    compute(tree.county, Y2025, MEMBER_CODES)
    women = compute(tree.county, Y2025, ["membership.members_women"])["membership.members_women"]
    assert women == 1

    member = members[4]
    member.name = "戊二"
    services.update_member(member=member, actor=personas["county_admin"])
    assert standing(Y2025) in built_periods()  # a name does not change a count

    member.sex = "2"
    services.update_member(member=member, actor=personas["county_admin"])
    assert built_periods() == set()
    values = compute(tree.county, Y2025, MEMBER_CODES)
    assert values == from_records(tree.county, Y2025)
    assert values["membership.members_women"] == 2


def test_an_entry_written_in_bulk_deletes_the_tallies(tree, members):
    compute(tree.county, Y2025, MEMBER_CODES)
    assert standing(Y2025) in built_periods()
    MembershipChange.objects.bulk_create(
        [
            MembershipChange(
                member=members[1],
                union=tree.union_a1,
                change_type=ChangeType.WITHDRAW,
                changed_on=datetime.date(2025, 12, 1),
            )
        ]
    )
    assert standing(Y2025) not in built_periods()
    assert compute(tree.county, Y2025, ["membership.members"])["membership.members"] == 3


@pytest.mark.django_db(transaction=True)
def test_while_a_ledger_write_is_open_reports_count_the_ledger_and_build_nothing(
    tree, personas, members
):
    """A staff member's unfinished write holds the tally lock shared; a report asked at that
    moment neither waits nor stores counts that the write would make stale."""
    written, release = threading.Event(), threading.Event()

    def write():
        try:
            with transaction.atomic():
                make_member(
                    tree.union_b1,
                    "庚",
                    7,
                    actor=personas["county_admin"],
                    joined_on=datetime.date(2025, 11, 1),
                )
                written.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert written.wait(timeout=20)
        values = compute(tree.county, Y2025, MEMBER_CODES)
        assert built_periods() == set()
        assert values["membership.members"] == 4  # the open write is not counted yet
    finally:
        release.set()
        writer.join(timeout=30)
    values = compute(tree.county, Y2025, MEMBER_CODES)
    assert standing(Y2025) in built_periods()
    assert values["membership.members"] == 5
    assert values == from_records(tree.county, Y2025)
