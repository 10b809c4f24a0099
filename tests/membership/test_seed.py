"""The demo county's members: deterministic, valid ID numbers, a plausible population and a ledger
from which each member's status follows."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from apps.core import demo as core_demo
from apps.core.choices import OrgLevel
from apps.core.models import UnionOrg
from apps.core.pinyin import person_readings
from apps.core.validators import id_birth_date, id_sex, validate_id_number
from apps.membership import demo
from apps.membership.choices import MemberStatus, TransferStatus
from apps.membership.models import Member, MemberEvent, MembershipChange, MemberTransfer
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.membership.helpers import fast_passwords  # noqa: F401

MEMBERS = 3_000


def seed_county(seed=2026, members=MEMBERS):
    rng = random.Random(seed)
    county = core_demo.seed(rng=rng, options={"unions_per_township": 6})
    demo.seed(rng=rng, options={"members": members})
    return county


def snapshot():
    """Everything seeded, without the database's ids (which sequences hand out)."""
    members = list(
        Member.objects.order_by("card_no").values_list(
            "card_no",
            "name",
            "id_number",
            "birth_date",
            "sex",
            "union__code",
            "joined_on",
            "status",
            "status_since",
            "phone",
            "is_migrant",
            "new_form_group",
            "education",
        )
    )
    ledger = list(
        MembershipChange.objects.order_by("member__card_no", "changed_on", "pk").values_list(
            "member__card_no", "change_type", "changed_on", "union__code", "other_union__code"
        )
    )
    return members, ledger


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        county = seed_county()
        yield county
        transaction.set_rollback(True)


class TestTheSeededMembers:
    def test_id_numbers_are_valid_unique_and_agree_with_birth_date_and_sex(self, seeded, db):
        rows = list(Member.objects.values_list("id_number", "birth_date", "sex"))
        assert len({number for number, _born, _sex in rows}) == len(rows)
        regions = set()
        for number, born, sex in rows:
            assert validate_id_number(number) == number
            assert id_birth_date(number) == born
            assert {"M": "1", "F": "2"}[id_sex(number)] == sex
            regions.add(number[:6])
        assert "341122" in regions and len(regions) > 8  # locals and migrants from elsewhere

    def test_the_population_is_plausible(self, seeded, db):
        members = list(
            Member.objects.values_list(
                "sex", "is_migrant", "new_form_group", "birth_date", "status", "employment"
            )
        )
        n = len(members)

        def share(test):
            return sum(1 for m in members if test(m)) / n

        assert 0.40 < share(lambda m: m[0] == "2") < 0.50
        assert 0.20 < share(lambda m: m[1]) < 0.30
        assert 0.03 < share(lambda m: m[2]) < 0.07
        ages = [(demo.AS_OF - m[3]).days // 365 for m in members]
        assert min(ages) >= 18 and max(ages) <= 68
        retirees = [m for m, age in zip(members, ages, strict=True) if age >= 61]
        retained = [m for m in retirees if m[4] == MemberStatus.RETAINED and m[5] == "40"]
        assert retirees and len(retained) >= 0.95 * len(retirees)
        statuses = Member.objects.values("status").annotate(n=Count("pk"))
        assert {row["status"] for row in statuses} == set(MemberStatus.values) - {
            MemberStatus.TRANSFERRED_OUT
        }
        names = Member.objects.values_list("name", "name_pinyin", "name_initials")[:300]
        assert all(person_readings(a) == (b, c) for a, b, c in names)

    def test_members_go_where_the_workers_are(self, seeded, db):
        """Unions are filled in proportion to their employers' headcount, and 入会率 is that of a
        real county (every member has a union, most employees are members)."""
        rate = REGISTRY["membership.membership_rate"].value(seeded, Period.year(2026))
        assert 70 <= rate <= 100
        per_union = dict(
            Member.objects.holding().values_list("union").annotate(n=Count("pk")).order_by()
        )
        grassroots = UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS).count()
        assert len(per_union) > 0.8 * grassroots
        assert Member.objects.filter(union__level=OrgLevel.GRASSROOTS).count() == MEMBERS

    def test_each_member_s_status_follows_from_the_ledger(self, seeded, db):
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH last AS (
                    SELECT DISTINCT ON (member_id) member_id, change_type, changed_on, union_id
                    FROM membership_membershipchange
                    ORDER BY member_id, changed_on DESC, id DESC
                )
                SELECT count(*) FROM membership_member m JOIN last ON last.member_id = m.id
                WHERE m.status_since <> last.changed_on OR m.union_id <> last.union_id
                   OR m.status <> CASE last.change_type
                       WHEN '1' THEN 'active' WHEN '2' THEN 'active' WHEN '3' THEN 'retained'
                       WHEN '4' THEN 'transferred_out' WHEN '5' THEN 'expelled'
                       ELSE 'withdrawn' END
                """
            )
            assert cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT count(*) FROM membership_member m WHERE NOT EXISTS ("
                "SELECT 1 FROM membership_membershipchange c WHERE c.member_id = m.id "
                "AND c.change_type = '1' AND c.changed_on = m.joined_on)"
            )
            assert cursor.fetchone()[0] == 0
        late = MembershipChange.objects.filter(changed_on__gt=demo.AS_OF).count()
        assert late == 0
        for member in Member.objects.filter(joined_on__lt=datetime.date(1990, 1, 1)):
            pytest.fail(f"{member} joined before the ledger starts")

    def test_transfers_have_both_ledger_lines_and_a_decided_request(self, seeded, db):
        outs = MembershipChange.objects.filter(change_type="4")
        ins = MembershipChange.objects.filter(change_type="2")
        assert outs.count() == ins.count() > 0
        pairs = set(outs.values_list("member", "changed_on", "union", "other_union"))
        assert pairs == set(ins.values_list("member", "changed_on", "other_union", "union"))
        accepted = MemberTransfer.objects.filter(status=TransferStatus.ACCEPTED)
        assert accepted.count() == outs.count()
        waiting = MemberTransfer.objects.filter(status=TransferStatus.REQUESTED)
        assert waiting.count() == 10  # five each way between the first two townships
        townships = UnionOrg.objects.filter(level=OrgLevel.TOWNSHIP).order_by("pk")[:2]
        sides = set(waiting.values_list("from_union__township", "to_union__township"))
        assert sides == {(townships[0].pk, townships[1].pk), (townships[1].pk, townships[0].pk)}

    def test_the_seed_writes_no_history_events(self, seeded, db):
        assert not MemberEvent.objects.exists()


def test_the_seed_is_deterministic(db):
    snapshots = []
    for _run in range(2):
        with transaction.atomic():
            seed_county(members=1_000)
            snapshots.append(snapshot())
            transaction.set_rollback(True)
    assert len(snapshots[0][0]) == 1_000 and len(snapshots[0][1]) > 1_000
    assert snapshots[0] == snapshots[1]
    with transaction.atomic():
        seed_county(seed=2027, members=1_000)
        assert snapshot() != snapshots[0]
        transaction.set_rollback(True)


def test_seed_demo_loads_the_members(db, capsys):
    call_command("seed_demo", "--members", "400", "--unions", "40", "--seed", "5")
    assert Member.objects.count() == 400
    assert "Members: 400" in capsys.readouterr().out
