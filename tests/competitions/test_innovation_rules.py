"""Each rule of proposals, innovations, studios and 安康杯 entries refused with the rule named,
nothing written on a refusal; the database holds the same rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.competitions.choices_innovation import (
    InnovationKind,
    PatentKind,
    ProposalReview,
    StudioLevel,
    StudioStatus,
    StudioType,
)
from apps.competitions.models.innovation import AnkangEntry, Proposal, StudioReport
from apps.competitions.services import innovation as services
from apps.modelworkers.choices import HonourCategory, Level
from apps.modelworkers.services import record_award
from tests.competitions.innovation_fixtures import *  # noqa: F403
from tests.competitions.innovation_fixtures import (
    D,
    honour_type,
    make_entry,
    make_innovation,
    make_proposal,
    make_studio,
)

pytestmark = pytest.mark.django_db


def messages(excinfo):
    return " ".join(m for ms in excinfo.value.message_dict.values() for m in ms)


# Proposals ---------------------------------------------------------------------------------


def test_an_adoption_needs_a_review_date(tree):
    with pytest.raises(ValidationError) as excinfo:
        make_proposal(tree, review_result=ProposalReview.ADOPTED)
    assert "an adoption needs a review" in messages(excinfo)
    assert not Proposal.objects.exists()


def test_a_proposal_not_adopted_states_the_reason(tree):
    proposal = make_proposal(tree)
    with pytest.raises(ValidationError) as excinfo:
        services.review_proposal(
            proposal=proposal,
            actor=None,
            result=ProposalReview.REJECTED,
            reviewed_on=D(2023, 4, 1),
        )
    assert "states the reason" in messages(excinfo)
    proposal.refresh_from_db()
    assert proposal.review_result == ""


def test_only_an_adopted_proposal_is_implemented(tree):
    proposal = make_proposal(tree)
    with pytest.raises(ValidationError) as excinfo:
        services.implement_proposal(proposal=proposal, actor=None, implemented_on=D(2023, 5, 1))
    assert "only an adopted proposal is implemented" in messages(excinfo)
    archived = make_proposal(
        tree, title="存档", review_result=ProposalReview.ARCHIVED, reviewed_on=D(2023, 3, 9)
    )
    with pytest.raises(ValidationError):
        services.implement_proposal(proposal=archived, actor=None, implemented_on=D(2023, 5, 1))


def test_a_benefit_on_a_proposal_not_implemented_is_refused(tree):
    with pytest.raises(ValidationError) as excinfo:
        make_proposal(
            tree,
            review_result=ProposalReview.ADOPTED,
            reviewed_on=D(2023, 3, 20),
            annual_benefit=Decimal("10000"),
        )
    assert "a benefit only on an implemented proposal" in messages(excinfo)
    assert not Proposal.objects.exists()


def test_a_proposal_through_review_and_implementation(tree):
    proposal = make_proposal(tree)
    proposal = services.review_proposal(
        proposal=proposal, actor=None, result=ProposalReview.PARTLY, reviewed_on=D(2023, 3, 20)
    )
    proposal = services.implement_proposal(
        proposal=proposal,
        actor=None,
        implemented_on=D(2023, 6, 1),
        annual_benefit=Decimal("125000"),
        reward=Decimal("500"),
    )
    proposal.refresh_from_db()
    assert proposal.annual_benefit == Decimal("125000.00")
    assert proposal.annual_benefit_wan == Decimal("12.5")
    with pytest.raises(ValidationError):  # implemented: the adoption stays
        services.review_proposal(
            proposal=proposal,
            actor=None,
            result=ProposalReview.REJECTED,
            reviewed_on=D(2023, 7, 1),
            reason="x",
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"review_result": ProposalReview.ADOPTED},
        {"review_result": ProposalReview.REJECTED, "reviewed_on": D(2023, 4, 1)},
        {"implemented_on": D(2023, 5, 1)},
        {"annual_benefit": Decimal("1")},
    ],
)
def test_the_database_holds_the_proposal_rules(tree, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            org=tree.union_a1,
            title="x",
            proposers="x",
            category="other",
            submitted_on=D(2023, 3, 1),
            **fields,
        )


def test_a_township_clerk_cannot_record_under_another_township(tree, personas):
    with pytest.raises(ValidationError):
        make_proposal(tree, org=tree.union_b1, actor=personas["township_staff"])


# Innovations -------------------------------------------------------------------------------


def test_a_breakthrough_names_the_problems_solved(tree):
    with pytest.raises(ValidationError) as excinfo:
        make_innovation(tree, kind=InnovationKind.BREAKTHROUGH)
    assert "problems solved" in messages(excinfo)
    make_innovation(tree, kind=InnovationKind.BREAKTHROUGH, problems_solved="断纱率高")


def test_a_patent_has_its_number_and_kind(tree):
    with pytest.raises(ValidationError):
        make_innovation(tree, patent_no="ZL2023100000001")
    with pytest.raises(ValidationError):
        make_innovation(tree, patent_kind=PatentKind.UTILITY)
    make_innovation(tree, patent_no="ZL2023100000001", patent_kind=PatentKind.UTILITY)


# Studios -----------------------------------------------------------------------------------


def test_naming_a_studio_whose_leader_holds_no_qualifying_honour_is_refused(tree, leaders):
    studio = make_studio(tree, leaders["unqualified"])
    with pytest.raises(ValidationError) as excinfo:
        services.name_studio(studio=studio, actor=None, named_on=D(2023, 5, 1), doc_no="1号")
    text = messages(excinfo)
    assert "the studio's leader holds a qualifying honour" in text
    assert "李技能" in text
    studio.refresh_from_db()
    assert studio.status == StudioStatus.APPLIED and studio.named_on is None


def test_a_qualified_leader_names_the_studio(tree, leaders):
    studio = make_studio(tree, leaders["qualified"], named_on=D(2023, 5, 1), subsidy=30000)
    assert studio.status == StudioStatus.NAMED
    assert studio.subsidy == Decimal("30000.00")


def test_a_county_honour_does_not_qualify_for_a_city_studio(tree, leaders):
    studio = make_studio(tree, leaders["qualified"], level=StudioLevel.CITY)
    with pytest.raises(ValidationError):
        services.name_studio(studio=studio, actor=None, named_on=D(2023, 5, 1), doc_no="1号")
    city = honour_type("市劳动模范", HonourCategory.MODEL_WORKER, Level.CITY)
    record_award(
        honour_type=city,
        actor=None,
        year=2022,
        conferred_on=D(2022, 4, 28),
        model_worker=leaders["qualified"],
    )
    services.name_studio(studio=studio, actor=None, named_on=D(2023, 5, 1), doc_no="1号")


def test_a_skills_honour_qualifies_for_a_workers_studio_but_not_a_model_workers(tree, leaders):
    studio = make_studio(tree, leaders["unqualified"], studio_type=StudioType.WORKER)
    named = services.name_studio(studio=studio, actor=None, named_on=D(2023, 5, 1), doc_no="2号")
    assert named.status == StudioStatus.NAMED
    with pytest.raises(ValidationError):  # changed to a 劳模创新工作室: checked again
        named.studio_type = StudioType.MODEL_WORKER
        services.save_studio(studio=named, actor=None)


def test_a_revoked_honour_no_longer_qualifies(tree, leaders):
    from apps.modelworkers.services.registry import revoke_award

    award = leaders["qualified"].awards.get()
    revoke_award(award=award, actor=None, on=D(2022, 1, 1), reason="撤销")
    studio = make_studio(tree, leaders["qualified"])
    with pytest.raises(ValidationError):
        services.name_studio(studio=studio, actor=None, named_on=D(2023, 5, 1), doc_no="1号")


def test_a_studio_reports_once_a_year_and_is_rechecked_and_revoked(tree, leaders):
    studio = make_studio(tree, leaders["qualified"], named_on=D(2022, 5, 1))
    services.add_studio_report(report=StudioReport(studio=studio, year=2023, topics=2), actor=None)
    with pytest.raises(ValidationError):
        services.add_studio_report(report=StudioReport(studio=studio, year=2023), actor=None)
    with pytest.raises(ValidationError):
        services.add_studio_report(report=StudioReport(studio=studio, year=2021), actor=None)
    studio = services.recheck_studio(studio=studio, actor=None, rechecked_on=D(2025, 5, 1))
    assert studio.status == StudioStatus.RECHECKED
    with pytest.raises(ValidationError):
        services.revoke_studio(studio=studio, actor=None, revoked_on=D(2025, 6, 1), reason="")
    studio = services.revoke_studio(
        studio=studio, actor=None, revoked_on=D(2025, 6, 1), reason="复核未通过"
    )
    assert studio.status == StudioStatus.REVOKED
    with pytest.raises(ValidationError):
        services.recheck_studio(studio=studio, actor=None, rechecked_on=D(2025, 7, 1))


def test_an_application_is_not_rechecked_nor_reports(tree, leaders):
    studio = make_studio(tree, leaders["qualified"])
    with pytest.raises(ValidationError):
        services.recheck_studio(studio=studio, actor=None, rechecked_on=D(2025, 5, 1))
    with pytest.raises(ValidationError):
        services.add_studio_report(report=StudioReport(studio=studio, year=2024), actor=None)


# 安康杯 --------------------------------------------------------------------------------------


def test_one_ankang_entry_per_employer_and_year(tree):
    make_entry(tree.employer_a1, 2023)
    with pytest.raises(ValidationError) as excinfo:
        make_entry(tree.employer_a1, 2023)
    assert "already has an entry" in messages(excinfo)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnkangEntry.objects.create(employer=tree.employer_a1, year=2023)
    make_entry(tree.employer_a1, 2024)
    assert AnkangEntry.objects.count() == 2
