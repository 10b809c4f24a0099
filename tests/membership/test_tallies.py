"""The member tallies the reports read (`MembershipTally`): built once per period from the same
ledger records the drill-down lists, deleted by the database whenever a write could change them,
and never read while a ledger write is under way."""

import datetime
import random
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from apps.membership import services
from apps.membership.choices import ChangeReason, ChangeType, MemberStatus, NewFormGroup
from apps.membership.indicators import joins_everywhere, standing_everywhere
from apps.membership.models import Member, MembershipChange, MembershipTally
from apps.membership.services import ALLOWED_CHANGES
from apps.membership.tally_sql import INCREMENTAL_ROWS
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


def test_reports_read_the_tallies_and_agree_with_the_ledger(tree, personas, members):
    # An entry dated on a period's last day counts on that day.
    services.record_change(
        member=members[1],
        actor=personas["county_admin"],
        change_type=ChangeType.WITHDRAW,
        changed_on=datetime.date(2024, 12, 31),
    )
    for period in (Y2024, Y2025, Period.years(2021, 2025), Period.stats_year(2025)):
        for scope in (tree.county, tree.township_a, tree.township_b):
            assert compute(scope, period, MEMBER_CODES) == from_records(scope, period)
    assert standing(Y2025) in built_periods()
    assert (MembershipTally.JOINS, Y2025.start, Y2025.end) in built_periods()
    # 2025: 丙 丁 戊 stand (甲 and 乙 withdrew); 丙 and 戊 joined. 2024: 甲 丁 (乙 left that day).
    assert compute(tree.county, Y2025, ["membership.members", "membership.new_members"]) == {
        "membership.members": 3,
        "membership.new_members": 2,
    }
    assert compute(tree.county, Y2024, ["membership.members"]) == {"membership.members": 2}


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


def stored_tallies():
    """{(measure, first, last): {(union, sex, migrant, group): count}} of the built periods,
    without empty groups."""
    rows = MembershipTally.objects.filter(union__isnull=False).exclude(count=0)
    result = {key: {} for key in built_periods()}
    for row in rows:
        key = (row.measure, row.first_day, row.last_day)
        group = (row.union_id, row.sex, row.is_migrant, row.new_form_group)
        result.setdefault(key, {})[group] = row.count
    return result


def rebuilt_tallies():
    """The same periods counted afresh from the ledger (then put back as they were)."""
    from apps.membership import tallies

    stored = stored_tallies()
    with transaction.atomic():
        MembershipTally.objects.all().delete()
        for measure, first, last in stored:
            if measure == MembershipTally.NEW_FORM:
                continue  # built with the members (S) of its day
            period = Period(first, last, "years")
            records = (
                (lambda p: standing_everywhere(p.end))
                if measure == MembershipTally.STANDING
                else joins_everywhere
            )
            assert tallies.prepare(measure, [period], records) == {period}
        fresh = stored_tallies()
        transaction.set_rollback(True)
    return fresh


def test_a_ledger_entry_moves_the_counts_of_the_built_periods(tree, personas, members):
    admin = personas["county_admin"]
    for period in (Y2024, Y2025, Period.stats_year(2025)):
        compute(tree.county, period, MEMBER_CODES)
    built = built_periods()
    assert {standing(Y2024), standing(Y2025)} <= built

    services.record_change(
        member=members[3],
        actor=admin,
        change_type=ChangeType.WITHDRAW,
        changed_on=datetime.date(2025, 3, 1),
    )
    assert built_periods() == built  # updated in place, not deleted
    assert stored_tallies() == rebuilt_tallies()
    assert compute(tree.county, Y2025, MEMBER_CODES) == from_records(tree.county, Y2025)
    assert compute(tree.county, Y2025, ["membership.members"])["membership.members"] == 3

    # A member entered late, dated in the past, reaches back to 2024's figures.
    make_member(tree.union_b1, "己", 6, actor=admin, joined_on=datetime.date(2023, 4, 1))
    assert built_periods() == built
    assert stored_tallies() == rebuilt_tallies()
    for period in (Y2024, Y2025):
        assert compute(tree.county, period, MEMBER_CODES) == from_records(tree.county, period)
    assert compute(tree.county, Y2024, ["membership.members"])["membership.members"] == 4


def test_a_transfer_moves_the_member_between_townships(tree, personas, members):
    admin = personas["county_admin"]
    wanted = [("membership.members", Y2025)]
    before = evaluate(tree.county, wanted, detail=wanted)[wanted[0]].townships
    transfer = services.request_transfer(
        member=members[2],
        to_union=tree.union_b1,
        actor=admin,
        requested_on=datetime.date(2025, 11, 1),
        reason=ChangeReason.LABOUR_RELATION,
    )
    services.decide_transfer(
        transfer=transfer, actor=admin, accept=True, decided_on=datetime.date(2025, 11, 5)
    )
    after = evaluate(tree.county, wanted, detail=wanted)[wanted[0]].townships
    assert after[tree.township_a.pk] == before[tree.township_a.pk] - 1
    assert after[tree.township_b.pk] == before[tree.township_b.pk] + 1
    assert after == REGISTRY["membership.members"].by_township(tree.county, Y2025)
    assert stored_tallies() == rebuilt_tallies()


def test_changing_a_counted_attribute_moves_the_member_between_groups(tree, personas, members):
    admin = personas["county_admin"]
    compute(tree.county, Y2025, MEMBER_CODES)
    women = compute(tree.county, Y2025, ["membership.members_women"])["membership.members_women"]
    assert women == 1
    built = built_periods()

    member = members[4]
    member.sex = "2"
    member.new_form_group = NewFormGroup.COURIER
    services.update_member(member=member, actor=admin)
    assert built_periods() == built
    assert stored_tallies() == rebuilt_tallies()
    values = compute(tree.county, Y2025, MEMBER_CODES)
    assert values == from_records(tree.county, Y2025)
    assert values["membership.members_women"] == 2
    assert values["membership.members_new_form"] == 2


def test_a_large_write_deletes_the_tallies_it_could_change(tree, members):
    """An imported roster of thousands of entries: rebuilding is cheaper than moving each."""
    compute(tree.county, Y2024, MEMBER_CODES)
    compute(tree.county, Y2025, MEMBER_CODES)
    MembershipChange.objects.bulk_create(
        [
            MembershipChange(
                member=members[1],
                union=tree.union_a1,
                change_type=ChangeType.RETAIN,
                changed_on=datetime.date(2025, 12, 1),
            )
            for _ in range(INCREMENTAL_ROWS + 1)
        ]
    )
    assert standing(Y2024) in built_periods()
    assert standing(Y2025) not in built_periods()
    assert compute(tree.county, Y2025, MEMBER_CODES) == from_records(tree.county, Y2025)


def test_random_writes_keep_every_built_tally_true(tree, personas):
    """Members added, withdrawn, retained, rejoined, transferred and edited in random order,
    with tallies built for several periods: after each write the tallies equal a rebuild."""
    rng = random.Random(11)
    admin = personas["county_admin"]
    unions = [tree.union_a1, tree.union_a2, tree.union_b1]
    people = [
        make_member(
            rng.choice(unions),
            f"成员{n}",
            n,
            actor=admin,
            male=rng.random() < 0.5,
            joined_on=datetime.date(2018 + n % 6, 1 + n % 12, 1),
        )
        for n in range(1, 13)
    ]
    for period in (Y2024, Y2025, Period.years(2021, 2025), Period.stats_year(2025)):
        compute(tree.county, period, MEMBER_CODES)
    day = datetime.date(2025, 1, 1)
    for step in range(24):
        member = Member.objects.get(pk=rng.choice(people).pk)
        day += datetime.timedelta(days=rng.randint(1, 12))
        action = rng.choice(["change", "edit", "late"])
        if action == "late":
            make_member(
                rng.choice(unions),
                f"补录{step}",
                100 + step,
                actor=admin,
                joined_on=datetime.date(rng.randint(2019, 2025), rng.randint(1, 12), 1),
            )
        elif action == "edit":
            member.is_migrant = not member.is_migrant
            member.new_form_group = rng.choice(
                ["", NewFormGroup.COURIER, NewFormGroup.TRUCK_DRIVER]
            )
            services.update_member(member=member, actor=admin)
        elif ALLOWED_CHANGES[MemberStatus(member.status)]:
            allowed = sorted(ALLOWED_CHANGES[MemberStatus(member.status)])
            services.record_change(
                member=member,
                actor=admin,
                change_type=rng.choice(allowed),
                changed_on=max(day, member.status_since or day),
            )
        assert stored_tallies() == rebuilt_tallies(), (step, action)
    for period in (Y2024, Y2025):
        assert compute(tree.county, period, MEMBER_CODES) == from_records(tree.county, period)


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


def test_a_roster_import_has_the_recent_years_counted_again(
    tree, personas, members, django_capture_on_commit_callbacks
):
    """A roster import deletes the tallies it could change (a large write) or moves them (a
    small one); once it commits, the last five years are counted again in the background."""
    from apps.core.ledgers import IMPORTERS
    from apps.membership.rosters import roster_people, roster_workbook

    this_year = timezone.localdate().year
    MembershipTally.objects.all().delete()
    rows = roster_people(random.Random(3), 4)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = IMPORTERS["members"].run(
            roster_workbook(rows), user=personas["county_admin"], org=tree.union_a1, commit=True
        )
    assert outcome.saved == 4
    for year in range(this_year - 4, this_year + 1):
        assert standing(Period.year(year)) in built_periods(), year
    values = compute(tree.county, Period.year(this_year), MEMBER_CODES)
    assert values == from_records(tree.county, Period.year(this_year))
