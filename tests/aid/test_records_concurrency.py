"""Batches, school aid and mutual aid claims with staff acting at the same moment, on real
database connections (one per thread): a household paid once, a budget never overdrawn, a
student aided once, a person's yearly cap never passed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.aid import services
from apps.aid.choices import (
    BatchStatus,
    ClaimStatus,
    FundSource,
    IllnessCategory,
    LineStatus,
    PaymentMethod,
    SchoolAidStatus,
)
from apps.aid.models import (
    AidBatch,
    AidPayment,
    MutualAidClaim,
    MutualAidEnrolment,
    MutualAidSettings,
    SchoolAidApplication,
)
from apps.aid.services.batches import BatchPayment
from tests.aid.helpers import apply, on_file
from tests.aid.test_concurrency import THREADS, paying, race
from tests.aid.test_school_aid import (
    applying,
    approving,
    family_with_student,
    school_programme,
    through_publicity,
)
from tests.membership.helpers import id_number

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.date(2026, 1, 10)


def approved_batch(programme, files):
    batch = services.create_batch(
        batch=AidBatch(programme=programme, name="春节送温暖第一批"), actor=None
    )
    services.add_lines(batch=batch, actor=None, lines=[{"file": f} for f in files])
    batch = services.review_batch(batch=batch, actor=None, approved=True, acted_on=DAY)
    return services.approve_batch(batch=batch, actor=None, approved=True, acted_on=DAY)


def paying_batch(batch, actor):
    def call():
        return services.pay_batch(
            batch=batch,
            actor=actor,
            paid_on=datetime.date(2026, 1, 20),
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        )

    return call


def test_twenty_clerks_paying_the_same_batch_line_at_once_pay_it_once(
    tree, personas, standards, programme
):
    files = [on_file(apply(tree.union_a1, n)) for n in (1, 2, 3)]
    batch = approved_batch(programme, files)
    admin, staff = personas["county_admin"], personas["township_staff"]
    # Half pay the county's batch, half the township pays its first household on its own.
    calls = [
        paying_batch(batch, admin) if i % 2 else paying(programme, files[0], staff)
        for i in range(THREADS)
    ]
    outcomes = race(*calls)
    errors = [o for o in outcomes if not isinstance(o, BatchPayment | AidPayment)]
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert AidPayment.objects.filter(file=files[0]).count() == 1
    assert AidPayment.objects.filter(programme=programme).count() == 3
    paid_by_batch = sum(o.payments for o in outcomes if isinstance(o, BatchPayment))
    assert paid_by_batch in (2, 3)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PAID
    line = batch.lines.get(file=files[0])
    assert (line.status == LineStatus.PAID) == (paid_by_batch == 3)


def test_twenty_clerks_approving_the_same_batch_at_once_approve_it_once(
    tree, personas, standards, programme
):
    files = [on_file(apply(tree.union_a1, 1))]
    batch = services.create_batch(batch=AidBatch(programme=programme, name="第二批"), actor=None)
    services.add_lines(batch=batch, actor=None, lines=[{"file": f} for f in files])
    batch = services.review_batch(batch=batch, actor=None, approved=True, acted_on=DAY)

    def approving_batch():
        return services.approve_batch(
            batch=batch, actor=personas["county_admin"], approved=True, acted_on=DAY
        )

    outcomes = race(*(approving_batch for _ in range(THREADS)))
    done = [o for o in outcomes if isinstance(o, AidBatch)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(done) == 1 and len(refused) == THREADS - 1, outcomes


def test_a_batch_and_single_payments_racing_against_a_budget_that_holds_ten(
    tree, personas, standards, programme
):
    programme.budget = Decimal("25000")  # ten households at 2 500 元
    programme = services.save_programme(programme=programme, actor=None)
    files = [on_file(apply(tree.union_a1, n)) for n in range(1, 21)]
    batch = approved_batch(programme, files[:6])
    admin = personas["county_admin"]
    calls = [paying(programme, f, admin) for f in files[6:]]  # fourteen single payments
    calls += [paying_batch(batch, admin) for _ in range(6)]
    outcomes = race(*calls)
    assert not [
        o for o in outcomes if not isinstance(o, BatchPayment | AidPayment | ValidationError)
    ]
    assert AidPayment.objects.filter(programme=programme).count() == 10
    assert services.remaining_budget(programme) == 0
    for outcome in outcomes:
        if isinstance(outcome, BatchPayment) and outcome.pending:
            assert outcome.remaining == 0 and "0.00 yuan left" in outcome.message
        if isinstance(outcome, ValidationError):
            message = outcome.message_dict["cash_amount"][0]
            assert "is left" in message, message


def test_twenty_approvals_of_the_same_student_at_once_aid_it_once(tree, personas, standards):
    programmes = [school_programme(tree.county, name=f"助学项目{n}") for n in range(4)]
    file = family_with_student(tree.union_a1, 1)
    applications = [through_publicity(applying(file, p)) for p in programmes]

    def approving_one(application):
        return lambda: approving(application, personas["county_admin"])

    outcomes = race(*(approving_one(applications[i % 4]) for i in range(THREADS)))
    done = [o for o in outcomes if isinstance(o, SchoolAidApplication)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(done) == 1 and len(refused) == THREADS - 1, outcomes
    aided_twice = [r for r in refused if "already aided" in str(r)]
    assert len(aided_twice) >= 3, refused  # the three other programmes' approvals at least
    approved = SchoolAidApplication.objects.filter(status=SchoolAidStatus.APPROVED)
    assert approved.count() == 1


def test_twenty_claims_of_one_person_approved_at_once_stop_at_the_yearly_cap(tree, personas):
    services.save_mutual_aid_settings(
        settings_row=MutualAidSettings(
            year=2025,
            contribution_per_head=Decimal("30"),
            cap_per_claim=Decimal("5000"),
            cap_per_person_year=Decimal("8000"),
        ),
        actor=None,
    )
    enrolment = services.enrol_employer(
        enrolment=MutualAidEnrolment(
            org=tree.union_a1,
            employer=tree.employer_a1,
            year=2025,
            workers=100,
            enrolled_on=datetime.date(2025, 3, 1),
        ),
        actor=None,
    )
    claims = [
        services.record_claim(
            claim=MutualAidClaim(
                enrolment=enrolment,
                person_name="赵大勇",
                id_number=id_number(1),
                illness=IllnessCategory.UREMIA,
                expenses=Decimal("3000"),
                amount=Decimal("1000"),
                applied_on=datetime.date(2025, 5, 1),
            ),
            actor=None,
        )
        for _ in range(THREADS)
    ]

    def approving_claim(claim):
        return lambda: services.approve_claim(
            claim=claim,
            actor=personas["county_admin"],
            approved=True,
            decided_on=datetime.date(2025, 5, 10),
        )

    outcomes = race(*(approving_claim(c) for c in claims))
    done = [o for o in outcomes if isinstance(o, MutualAidClaim)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(done) == 8 and len(refused) == THREADS - 8, outcomes
    assert all("0.00 yuan is left" in r.message_dict["amount"][0] for r in refused)
    assert MutualAidClaim.objects.filter(status=ClaimStatus.APPROVED).count() == 8
    assert not [o for o in outcomes if isinstance(o, PermissionDenied)]
