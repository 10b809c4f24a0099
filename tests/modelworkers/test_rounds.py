"""Nomination rounds: the notice's ratios at their boundaries (exact, not on the rounded share),
warned while drafting and refused at submission; the lifecycle from recommendation through
联审 and 公示 with objections to approval, which confers the honours through `record_award`."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.modelworkers.choices import PersonCategory, WorkerStatus
from apps.modelworkers.models import HonourAward, ModelWorker
from apps.modelworkers.models.rounds import (
    Candidate,
    CandidateStatus,
    CheckResult,
    NominationRound,
    ObjectionDecision,
    RoundStatus,
    RoundStep,
)
from apps.modelworkers.services import rounds as services
from apps.modelworkers.services.registry import change_worker_status
from apps.modelworkers.services.rounds import Ratio
from tests.modelworkers.rc_helpers import (  # noqa: F401
    D,
    _english,
    _fast,
    open_round,
    recommend,
    through_publicity,
    worker,
)

pytestmark = pytest.mark.django_db

F = PersonCategory.FRONTLINE
M = PersonCategory.MANAGER
MIG = PersonCategory.MIGRANT


@pytest.mark.parametrize(
    ("count", "total", "limit", "at_least", "holds"),
    [
        (3, 5, "60", True, True),  # exactly at the minimum
        (59, 100, "60", True, False),  # just under
        (2, 3, "66.67", True, False),  # 66.666…% < 66.67 although it rounds to 66.67
        (2, 3, "66.66", True, True),
        (1, 10, "10", False, True),  # exactly at the maximum
        (11, 100, "10", False, False),  # just over
        (1, 3, "33.33", False, False),  # 33.333…% > 33.33
        (0, 0, "60", True, True),  # an empty list breaks no ratio (the emptiness is refused)
    ],
)
def test_a_ratio_holds_exactly_at_its_boundary(count, total, limit, at_least, holds):
    ratio = Ratio("k", "一线职工", count, total, Decimal(limit), at_least)
    assert ratio.holds is holds


def test_the_share_reads_as_the_reviews_quote_it():
    ratio = Ratio("min_frontline", "Front-line workers", 88, 89, Decimal("60"), True)
    assert ratio.share == Decimal("98.88")
    assert "98.88%" in ratio.sentence and "at least 60%" in ratio.sentence


def test_the_ratios_are_counted_on_the_list_at_the_boundary(tree):
    round_ = open_round(tree.county, quota=5, min_frontline=60, max_manager=20, min_women=40)
    for serial, (category, female) in enumerate(
        [(F, True), (F, True), (MIG, False), (M, False)], 1
    ):
        recommend(round_, tree.union_a1, serial, category=category, female=female)
    # 4 on the list: 3 front-line (75 %), 1 head (25 % > 20 %), 2 women (50 %)
    ratios = {r.key: r for r in services.ratios(round_)}
    assert (ratios["min_frontline"].count, ratios["min_frontline"].holds) == (3, True)
    assert (ratios["max_manager"].count, ratios["max_manager"].holds) == (1, False)
    assert ratios["min_women"].holds
    problems = services.list_problems(round_)
    assert len(problems) == 1 and "Enterprise heads" in problems[0]
    # A fifth person, front-line and male: heads 1 of 5 = 20 % (at the maximum), women 2 of 5
    # = 40 % (at the minimum): every rule holds exactly at its boundary.
    recommend(round_, tree.union_a1, 5, category=F)
    assert services.list_problems(round_) == []


def test_drafting_warns_and_submission_refuses_a_list_that_breaks_the_ratios(tree):
    round_ = open_round(tree.county, quota=3, min_frontline=60)
    recommend(round_, tree.union_a1, 1, category=F)
    recommend(round_, tree.union_a1, 2, category=M)  # accepted while drafting: a warning
    assert any("Front-line" in p for p in services.list_problems(round_))
    with pytest.raises(ValidationError) as refused:
        services.submit_round(round_=round_, actor=None, submitted_on=D(2025, 4, 1))
    assert "Front-line workers make up 50.00% of the list" in str(refused.value)
    assert NominationRound.objects.get(pk=round_.pk).status == RoundStatus.DRAFTING
    recommend(round_, tree.union_a1, 3, category=F)  # 2 of 3 = 66.67 % ≥ 60 %
    services.submit_round(round_=round_, actor=None, submitted_on=D(2025, 4, 1))
    assert NominationRound.objects.get(pk=round_.pk).status == RoundStatus.JOINT_REVIEW


def test_submission_refuses_an_empty_list_and_one_beyond_the_quota(tree):
    round_ = open_round(tree.county, quota=1)
    with pytest.raises(ValidationError, match="empty"):
        services.submit_round(round_=round_, actor=None, submitted_on=D(2025, 4, 1))
    recommend(round_, tree.union_a1, 1)
    recommend(round_, tree.union_a1, 2)
    with pytest.raises(ValidationError, match="beyond the quota of 1"):
        services.submit_round(round_=round_, actor=None, submitted_on=D(2025, 4, 1))
    withdrawn = Candidate.objects.filter(round=round_).last()
    services.withdraw_candidate(candidate=withdrawn, actor=None, reason="单位撤回")
    services.submit_round(round_=round_, actor=None, submitted_on=D(2025, 4, 1))


def test_a_person_is_on_a_list_once_and_a_withdrawn_title_is_refused(tree):
    round_ = open_round(tree.county)
    mw = worker(tree.union_a1, 1)
    services.add_candidate(round_=round_, actor=None, recommended_by=tree.union_a1, model_worker=mw)
    with pytest.raises(ValidationError, match="already on the round's list"):
        services.add_candidate(
            round_=round_, actor=None, recommended_by=tree.union_a1, model_worker=mw
        )
    other = worker(tree.union_a1, 2, name="李四")
    change_worker_status(
        worker=other,
        actor=None,
        status=WorkerStatus.WITHDRAWN,
        on=D(2024, 5, 1),
        reason="受刑事处罚",
    )
    with pytest.raises(ValidationError, match="Title withdrawn"):
        services.add_candidate(
            round_=round_, actor=None, recommended_by=tree.union_a1, model_worker=other
        )
    # by ID number as a "new" person: found on file, still refused
    with pytest.raises(ValidationError, match="withdrawn"):
        services.add_candidate(
            round_=round_,
            actor=None,
            recommended_by=tree.union_a1,
            name="李四",
            id_number=other.id_number,
            person_category=F,
        )


def test_a_candidate_on_file_is_counted_with_the_files_category_and_sex(tree):
    round_ = open_round(tree.county, min_women=50)
    mw = worker(tree.union_a1, 1, female=True, category=MIG)
    candidate = services.add_candidate(
        round_=round_,
        actor=None,
        recommended_by=tree.union_a1,
        model_worker=mw,
        person_category=M,  # ignored: the file says
    )
    assert (candidate.person_category, candidate.sex) == (MIG, "2")
    assert services.list_problems(round_) == []


def test_a_round_from_recommendation_to_approval_confers_the_honours(tree):
    round_ = open_round(tree.county, quota=5, min_frontline=50)
    on_file = worker(tree.union_a1, 1, name="王劳模")
    kept = services.add_candidate(
        round_=round_, actor=None, recommended_by=tree.union_a1, model_worker=on_file
    )
    new = recommend(round_, tree.union_b1, 2, name="赵新人")
    struck_at_check = recommend(round_, tree.union_a2, 3, name="钱经理", category=M)
    struck_at_notice = recommend(round_, tree.union_a1, 4, name="孙某")
    services.submit_round(round_=round_, actor=None, submitted_on=D(2025, 4, 1))
    with pytest.raises(ValidationError, match="opinion"):
        services.record_joint_check(
            round_=round_,
            actor=None,
            department="税务",
            result=CheckResult.FAILED,
            checked_on=D(2025, 4, 3),
            candidate=struck_at_check,
        )
    services.record_joint_check(
        round_=round_,
        actor=None,
        department="纪检监察",
        result=CheckResult.PASSED,
        checked_on=D(2025, 4, 3),
    )
    services.record_joint_check(
        round_=round_,
        actor=None,
        department="税务",
        result=CheckResult.FAILED,
        checked_on=D(2025, 4, 4),
        candidate=struck_at_check,
        note="存在欠税",
    )
    assert Candidate.objects.get(pk=struck_at_check.pk).status == CandidateStatus.REJECTED
    services.start_publicity(
        round_=round_, actor=None, publicity_from=D(2025, 4, 10), publicity_to=D(2025, 4, 16)
    )
    upheld = services.raise_objection(
        round_=round_,
        candidate=struck_at_notice,
        actor=None,
        raised_on=D(2025, 4, 12),
        content="事迹不实",
    )
    dismissed = services.raise_objection(
        round_=round_, candidate=new, actor=None, raised_on=D(2025, 4, 12), content="匿名来信"
    )
    with pytest.raises(ValidationError, match="still undecided"):
        services.approve_round(
            round_=round_, actor=None, approved_on=D(2025, 4, 20), document_no="清发〔2025〕8号"
        )
    services.decide_objection(
        objection=upheld,
        actor=None,
        decision=ObjectionDecision.UPHELD,
        decided_on=D(2025, 4, 15),
        finding="经核实事迹失实",
    )
    services.decide_objection(
        objection=dismissed,
        actor=None,
        decision=ObjectionDecision.DISMISSED,
        decided_on=D(2025, 4, 15),
        finding="经核实不属实",
    )
    with pytest.raises(ValidationError, match="end of the public notice"):
        services.approve_round(
            round_=round_, actor=None, approved_on=D(2025, 4, 15), document_no="清发〔2025〕8号"
        )
    services.approve_round(
        round_=round_, actor=None, approved_on=D(2025, 4, 28), document_no="清发〔2025〕8号"
    )

    round_.refresh_from_db()
    assert round_.status == RoundStatus.APPROVED and round_.document_no == "清发〔2025〕8号"
    awards = HonourAward.objects.filter(honour_type=round_.honour_type, year=2025)
    assert sorted(a.model_worker.name for a in awards) == ["王劳模", "赵新人"]
    assert {a.document_no for a in awards} == {"清发〔2025〕8号"}
    assert all(a.conferred_on == D(2025, 4, 28) for a in awards)
    created = ModelWorker.objects.get(name="赵新人")
    assert created.org == tree.union_b1  # kept by the unit that recommended them
    statuses = dict(Candidate.objects.filter(round=round_).values_list("name", "status"))
    assert statuses == {
        "王劳模": CandidateStatus.AWARDED,
        "赵新人": CandidateStatus.AWARDED,
        "钱经理": CandidateStatus.REJECTED,
        "孙某": CandidateStatus.REJECTED,
    }
    assert Candidate.objects.get(pk=kept.pk).award.model_worker == on_file
    kinds = list(RoundStep.objects.filter(round=round_).values_list("kind", flat=True))
    assert kinds == ["create", "submit", "publicity", "approve"]


def test_steps_out_of_order_are_refused(tree):
    round_ = open_round(tree.county)
    recommend(round_, tree.union_a1, 1)
    with pytest.raises(ValidationError, match="Recommending"):
        services.start_publicity(
            round_=round_, actor=None, publicity_from=D(2025, 4, 10), publicity_to=D(2025, 4, 16)
        )
    with pytest.raises(ValidationError, match="Recommending"):
        services.approve_round(
            round_=round_, actor=None, approved_on=D(2025, 4, 20), document_no="x"
        )
    round_ = through_publicity(round_)
    with pytest.raises(ValidationError, match="Under public notice"):
        recommend(round_, tree.union_a1, 2)
    services.cancel_round(round_=round_, actor=None, cancelled_on=D(2025, 4, 17), reason="名额调整")
    with pytest.raises(ValidationError, match="Round cancelled"):
        services.approve_round(
            round_=round_, actor=None, approved_on=D(2025, 4, 20), document_no="x"
        )


def test_a_township_recommends_to_the_countys_round_but_does_not_submit_it(tree, personas):
    from django.core.exceptions import PermissionDenied

    staff = personas["township_staff"]
    round_ = open_round(tree.county)
    recommend(round_, tree.union_a1, 1, actor=staff)
    with pytest.raises(ValidationError, match="within your scope"):
        recommend(round_, tree.union_b1, 2, actor=staff)
    with pytest.raises(PermissionDenied):
        services.submit_round(round_=round_, actor=staff, submitted_on=D(2025, 4, 1))
    services.submit_round(round_=round_, actor=personas["county_admin"], submitted_on=D(2025, 4, 1))


def test_the_step_log_and_checks_are_append_only_in_the_database(tree):
    from django.db import InternalError, transaction

    round_ = through_publicity(_one(tree))
    step = RoundStep.objects.filter(round=round_).first()
    with pytest.raises(InternalError), transaction.atomic():
        RoundStep.objects.filter(pk=step.pk).update(opinion="改写")
    with pytest.raises(InternalError), transaction.atomic():
        RoundStep.objects.filter(pk=step.pk).delete()


def _one(tree):
    round_ = open_round(tree.county)
    recommend(round_, tree.union_a1, 1)
    return round_
