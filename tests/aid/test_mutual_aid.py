"""职工医疗互助: the county's caps, enrolments by employer, claims approved within the caps per
claim and per person and year (at the boundary: equal passes, a fen more is refused)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.aid import services
from apps.aid.choices import ClaimStatus, IllnessCategory
from apps.aid.models import MutualAidClaim, MutualAidEnrolment, MutualAidSettings
from apps.core.scoping import OutOfScope
from tests.membership.helpers import id_number

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)


@pytest.fixture
def caps(db):
    return services.save_mutual_aid_settings(
        settings_row=MutualAidSettings(
            year=2025,
            contribution_per_head=Decimal("30"),
            cap_per_claim=Decimal("5000"),
            cap_per_person_year=Decimal("8000"),
        ),
        actor=None,
    )


@pytest.fixture
def enrolment(tree, caps):
    return services.enrol_employer(
        enrolment=MutualAidEnrolment(
            org=tree.union_a1, employer=tree.employer_a1, year=2025, workers=120, enrolled_on=DAY
        ),
        actor=None,
    )


def claim(enrolment, amount, *, serial=1, expenses="60000", actor=None):
    return services.record_claim(
        claim=MutualAidClaim(
            enrolment=enrolment,
            person_name="赵大勇",
            id_number=id_number(serial),
            illness=IllnessCategory.CANCER,
            expenses=Decimal(expenses),
            amount=Decimal(amount),
            applied_on=DAY,
        ),
        actor=actor,
    )


def approve(claim, actor=None):
    return services.approve_claim(claim=claim, actor=actor, approved=True, decided_on=DAY)


def test_an_enrolment_counts_the_workers_and_their_contributions(tree, enrolment):
    assert enrolment.contribution_per_head == Decimal("30")
    assert enrolment.contribution_total == Decimal("3600")
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrol_employer(
            enrolment=MutualAidEnrolment(
                org=tree.union_a1, employer=tree.employer_a1, year=2025, workers=5, enrolled_on=DAY
            ),
            actor=None,
        )


def test_only_the_county_sets_the_caps_and_the_cap_per_claim_is_within_the_yearly_one(
    personas, caps
):
    caps.cap_per_claim = Decimal("9000")
    with pytest.raises(ValidationError, match="cannot exceed the cap per year"):
        services.save_mutual_aid_settings(settings_row=caps, actor=personas["county_admin"])
    with pytest.raises(PermissionDenied):
        services.save_mutual_aid_settings(settings_row=caps, actor=personas["township_staff"])


def test_the_cap_per_claim_at_its_boundary(enrolment):
    assert approve(claim(enrolment, "5000")).status == ClaimStatus.APPROVED
    with pytest.raises(ValidationError, match="At most 5000.00 yuan per claim"):
        claim(enrolment, "5000.01", serial=2)
    with pytest.raises(ValidationError, match="cannot exceed the expenses"):
        claim(enrolment, "100", serial=3, expenses="99")


def test_the_cap_per_person_and_year_at_its_boundary_names_what_is_left(enrolment):
    approve(claim(enrolment, "5000"))
    over = claim(enrolment, "3000.01")
    with pytest.raises(ValidationError) as refused:
        approve(over)
    assert "3000.00 yuan is left for this person in 2025" in refused.value.message_dict["amount"][0]
    over.refresh_from_db()
    assert over.status == ClaimStatus.APPLIED
    assert approve(claim(enrolment, "3000")).status == ClaimStatus.APPROVED
    assert services.mutual.paid_to_person(2025, id_number(1)) == Decimal("8000")


def test_claims_are_approved_by_the_county_and_scoped_like_their_union(tree, personas, enrolment):
    recorded = claim(enrolment, "1000", actor=personas["township_staff"])
    with pytest.raises(PermissionDenied):
        approve(recorded, personas["township_staff"])
    with pytest.raises(OutOfScope):
        claim(enrolment, "1000", serial=2, actor=personas["other_township_staff"])
    with pytest.raises(ValidationError, match="states its opinion"):
        services.approve_claim(
            claim=recorded, actor=personas["county_admin"], approved=False, decided_on=DAY
        )
    assert approve(recorded, personas["county_admin"]).decided_by == personas["county_admin"]
    with pytest.raises(ValidationError, match="already been decided"):
        approve(recorded, personas["county_admin"])
