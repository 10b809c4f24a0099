"""The demo county's hardship aid: several years of files, programmes and payments, the same for
the same seed, and a ledger the services could have written (every rule the database and the
services hold is met by the seeded rows)."""

import random

import pytest
from django.db import connection, transaction
from django.db.models import F, Sum

from apps.aid import demo, rules
from apps.aid.choices import (
    OPEN_STATUSES,
    Category,
    EntryKind,
    FileStatus,
    ProgrammeKind,
    ReviewOutcome,
)
from apps.aid.models import (
    AidPayment,
    AidProgramme,
    FileObjection,
    FilePerson,
    FileStep,
    HardshipFile,
)
from apps.core import demo as core_demo
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY

pytestmark = pytest.mark.django_db
OPTIONS = {"unions_per_township": 2, "members": 3000}


def seed_county(rng):
    """The demo county before aid: organisations, members, contracts."""
    from apps.contracts import demo as contracts_demo
    from apps.membership import demo as membership_demo

    county = core_demo.seed(rng=rng, options=OPTIONS)
    membership_demo.seed(rng=rng, options=OPTIONS)
    contracts_demo.seed(rng=rng, options=OPTIONS)
    return county


def aid_seeded(seed):
    """What the aid seed writes for `seed` on the county as it stands, then undone."""
    with transaction.atomic():
        demo.seed(rng=random.Random(seed), options=OPTIONS)
        seeded = fingerprint()
        transaction.set_rollback(True)
    return seeded


def fingerprint():
    files = list(
        HardshipFile.objects.order_by("file_no").values_list(
            "file_no", "id_number", "category", "status", "household_annual_income", "filed_on"
        )
    )
    payments = list(
        AidPayment.objects.order_by(
            "programme__year", "programme__kind", "paid_on", "recipient_name"
        ).values_list(
            "programme__year",
            "programme__kind",
            "kind",
            "recipient_name",
            "paid_on",
            "cash_amount",
            "goods_value",
        )
    )
    steps = FileStep.objects.count()
    return files, payments, steps


@pytest.fixture
def county(db):
    rng = random.Random(2026)
    county = seed_county(rng)
    demo.seed(rng=rng, options=OPTIONS)
    return county


def test_the_seed_is_deterministic(db):
    seed_county(random.Random(2026))
    first = aid_seeded(11)
    assert first[0] and first[1]
    assert aid_seeded(11) == first
    assert aid_seeded(12)[0] != first[0]


def test_the_seed_files_about_one_and_a_half_percent_of_members(county):
    from apps.membership.choices import HOLDING_STATUSES
    from apps.membership.models import Member

    members = Member.objects.filter(status__in=HOLDING_STATUSES).count()
    files = HardshipFile.objects.count()
    assert 0.01 * members <= files <= 0.02 * members
    assert HardshipFile.objects.filter(status=FileStatus.ACTIVE).exists()
    assert HardshipFile.objects.filter(status=FileStatus.RELIEVED).exists()
    assert (
        HardshipFile.objects.filter(status__in=OPEN_STATUSES)
        .exclude(status=FileStatus.ACTIVE)
        .exists()
    )
    assert FileObjection.objects.exists()
    assert FileStep.objects.filter(outcome=ReviewOutcome.RELAPSE).exists()
    assert AidPayment.objects.filter(kind=EntryKind.REVERSAL).exists()
    assert AidPayment.objects.filter(replaces__isnull=False).exists()
    kinds = set(AidProgramme.objects.values_list("kind", flat=True))
    assert {
        ProgrammeKind.WINTER_WARMTH,
        ProgrammeKind.AUTUMN_SCHOOLING,
        ProgrammeKind.SUMMER_COOL,
    } <= kinds
    assert set(AidProgramme.objects.values_list("year", flat=True)) == set(range(2021, 2027))


def test_the_seeded_rows_meet_the_rules(county):
    # Every file's category is the one its income gives against the year's standard (意外致困
    # above twice it), unless a review adjusted it with a reason.
    for file in HardshipFile.objects.all():
        suggestion = rules.suggested_category(
            file.household_annual_income,
            file.rigid_expenses,
            file.household_size,
            file.low_income_standard,
        )
        assert not rules.contradicts(file.category, suggestion) or file.category_reason, (
            file.file_no
        )
        assert file.category in Category.values
    # A person is in one open file at most, and the registry follows the files' status.
    open_people = FilePerson.objects.filter(open=True)
    assert open_people.count() == open_people.values("id_number").distinct().count()
    assert not FilePerson.objects.filter(open=True).exclude(file__status__in=OPEN_STATUSES).exists()
    # No programme paid beyond its budget (reversals netted).
    over = AidProgramme.objects.annotate(
        spent=Sum(F("payments__cash_amount") + F("payments__goods_value"))
    ).filter(spent__gt=F("budget"))
    assert not over.exists()
    # A household is paid only on a day its file is on record (its log says so).
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM aid_aidpayment p WHERE p.file_id IS NOT NULL
               AND p.kind = 'payment' AND COALESCE((SELECT s.to_status FROM aid_filestep s
               WHERE s.file_id = p.file_id AND s.acted_on <= p.paid_on
               ORDER BY s.acted_on DESC, s.id DESC LIMIT 1), '') <> 'active'"""
        )
        assert cursor.fetchone()[0] == 0
    # Each step follows the one before it.
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM (SELECT to_status, lead(from_status) OVER (PARTITION BY file_id
               ORDER BY acted_on, id) AS next_from FROM aid_filestep) t
               WHERE next_from IS NOT NULL AND next_from <> to_status"""
        )
        assert cursor.fetchone()[0] == 0


def test_the_demo_has_figures_in_every_year(county):
    for year in range(2021, 2027):
        period = Period.year(year)
        assert REGISTRY["aid.files_on_record"].value(county, period) > 0, year
        assert REGISTRY["aid.paid"].value(county, period) > 0, year
        assert REGISTRY["aid.winter_households"].value(county, period) > 0, year
        assert REGISTRY["aid.summer_employers"].value(county, period) > 0, year
    assert REGISTRY["aid.files_relieved"].value(county, Period.years(2021, 2026)) > 0
    assert REGISTRY["aid.autumn_students"].value(county, Period.years(2021, 2026)) > 0
