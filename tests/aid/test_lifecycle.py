"""申请 → 基层初审 → 入户调查 → 公示 (objections) → 县总审批 → 在档, and the yearly reviews: each
step logged with its organisation, actor, date and opinion; moves out of order refused; a
refusal without an opinion refused, by the service and by the database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from apps.aid import services
from apps.aid.choices import (
    Category,
    FileOrigin,
    FileStatus,
    ObjectionDecision,
    ReviewOutcome,
    StepKind,
)
from apps.aid.models import FileObjection, FilePerson, FileStep
from apps.core.scoping import OutOfScope
from tests.aid.helpers import APPLIED, apply, on_file, relative, to_publicity

DAY = datetime.timedelta(days=1)


def test_from_application_to_on_file_every_step_logged(tree, personas, standards):
    staff, admin = personas["township_staff"], personas["county_admin"]
    file = apply(tree.union_a1, 1, actor=staff, family=[relative(2)])
    assert file.status == FileStatus.APPLIED and file.file_no.startswith("QH-01-001-KN2025-")
    file = on_file(file, staff, approver=admin)
    assert file.status == FileStatus.ACTIVE and file.filed_on == APPLIED + 12 * DAY
    steps = list(file.steps.order_by("pk"))
    assert [s.kind for s in steps] == [
        StepKind.APPLY,
        StepKind.UNIT_REVIEW,
        StepKind.HOME_VISIT,
        StepKind.PUBLICITY_START,
        StepKind.PUBLICITY_END,
        StepKind.COUNTY_APPROVAL,
    ]
    assert [s.to_status for s in steps] == [
        FileStatus.APPLIED,
        FileStatus.UNIT_REVIEWED,
        FileStatus.VISITED,
        FileStatus.PUBLICITY,
        FileStatus.PUBLICIZED,
        FileStatus.ACTIVE,
    ]
    assert steps[1].acting_org == tree.township_a and steps[1].actor == staff
    assert steps[-1].acting_org == tree.county and steps[-1].actor == admin
    assert steps[-1].opinion == "同意" and steps[-1].approved is True
    assert steps[1].acted_on == APPLIED + DAY


@pytest.mark.parametrize(
    ("move", "kwargs"),
    [
        (services.home_visit, {"approved": True, "acted_on": APPLIED + DAY}),
        (services.county_approval, {"approved": True, "acted_on": APPLIED + DAY}),
        (
            services.start_publicity,
            {"starts_on": APPLIED + DAY, "ends_on": APPLIED + 5 * DAY},
        ),
        (services.close_publicity, {"closed_on": APPLIED + DAY}),
        (
            services.review_file,
            {"outcome": ReviewOutcome.MAINTAIN, "reviewed_on": APPLIED + DAY},
        ),
    ],
)
def test_moves_out_of_order_are_refused(tree, standards, move, kwargs):
    file = apply(tree.union_a1, 1)
    with pytest.raises(ValidationError) as refused:
        move(file=file, actor=None, **kwargs)
    assert "Cannot" in refused.value.messages[0]
    file.refresh_from_db()
    assert file.status == FileStatus.APPLIED and file.steps.count() == 1


def test_a_step_cannot_be_dated_before_the_last_one(tree, standards):
    file = apply(tree.union_a1, 1)
    with pytest.raises(ValidationError) as refused:
        services.unit_review(file=file, actor=None, approved=True, acted_on=APPLIED - DAY)
    assert "acted_on" in refused.value.message_dict


def test_a_refusal_without_an_opinion_is_refused(tree, standards):
    file = apply(tree.union_a1, 1)
    for opinion in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.unit_review(
                file=file, actor=None, approved=False, acted_on=APPLIED + DAY, opinion=opinion
            )
        assert "opinion" in refused.value.message_dict
    file.refresh_from_db()
    assert file.status == FileStatus.APPLIED

    file = services.unit_review(
        file=file, actor=None, approved=False, acted_on=APPLIED + DAY, opinion="家庭收入超标"
    )
    assert file.status == FileStatus.REFUSED and file.closed_on == APPLIED + DAY
    assert not FilePerson.objects.filter(file=file, open=True).exists()


def test_the_database_refuses_a_refusal_step_without_an_opinion(tree, standards):
    file = apply(tree.union_a1, 1)
    with pytest.raises(IntegrityError, match="aid_step_refusal_has_opinion"), transaction.atomic():
        FileStep.objects.create(
            file=file,
            kind=StepKind.UNIT_REVIEW,
            approved=False,
            from_status=FileStatus.APPLIED,
            to_status=FileStatus.REFUSED,
            acting_org=tree.union_a1,
            acted_on=APPLIED + DAY,
        )


def test_the_step_log_cannot_be_changed_or_removed(tree, standards):
    file = apply(tree.union_a1, 1)
    step = file.steps.get()
    with pytest.raises(Exception, match="aid_step_is_final"), transaction.atomic():
        FileStep.objects.filter(pk=step.pk).update(opinion="改过")
    with pytest.raises(Exception, match="aid_step_is_final"), transaction.atomic():
        step.delete()


def test_only_the_county_approves(tree, personas, standards):
    file = to_publicity(apply(tree.union_a1, 1))
    file = services.close_publicity(file=file, actor=None, closed_on=APPLIED + 11 * DAY)
    with pytest.raises(PermissionDenied):
        services.county_approval(
            file=file,
            actor=personas["township_staff"],
            approved=True,
            acted_on=APPLIED + 12 * DAY,
        )
    file.refresh_from_db()
    assert file.status == FileStatus.PUBLICIZED


def test_another_township_cannot_act_on_the_file(tree, personas, standards):
    file = apply(tree.union_a1, 1)
    with pytest.raises(OutOfScope):
        services.unit_review(
            file=file,
            actor=personas["other_township_staff"],
            approved=True,
            acted_on=APPLIED + DAY,
        )
    with pytest.raises(ValidationError):
        apply(tree.union_a2, 2, actor=personas["other_township_staff"])


def _objection(file, day, text="该户有商铺出租收入"):
    return services.record_objection(
        objection=FileObjection(file=file, raised_on=day, raised_by="匿名", content=text),
        actor=None,
    )


def test_an_undecided_objection_keeps_the_notice_open(tree, standards):
    file = to_publicity(apply(tree.union_a1, 1))
    objection = _objection(file, APPLIED + 4 * DAY)
    with pytest.raises(ValidationError, match="objection"):
        services.close_publicity(file=file, actor=None, closed_on=APPLIED + 11 * DAY)
    with pytest.raises(ValidationError) as no_finding:
        services.decide_objection(
            objection=objection,
            actor=None,
            decision=ObjectionDecision.DISMISSED,
            decided_on=APPLIED + 5 * DAY,
            note="",
        )
    assert "note" in no_finding.value.message_dict
    services.decide_objection(
        objection=objection,
        actor=None,
        decision=ObjectionDecision.DISMISSED,
        decided_on=APPLIED + 5 * DAY,
        note="经核实商铺已于2024年转让",
    )
    file = services.close_publicity(file=file, actor=None, closed_on=APPLIED + 11 * DAY)
    assert file.status == FileStatus.PUBLICIZED


def test_the_notice_closes_only_after_its_last_day(tree, standards):
    file = to_publicity(apply(tree.union_a1, 1))
    with pytest.raises(ValidationError) as early:
        services.close_publicity(file=file, actor=None, closed_on=APPLIED + 9 * DAY)
    assert "closed_on" in early.value.message_dict


def test_an_objection_outside_the_notice_is_refused(tree, standards):
    file = to_publicity(apply(tree.union_a1, 1))
    with pytest.raises(ValidationError) as late:
        _objection(file, APPLIED + 11 * DAY)
    assert "raised_on" in late.value.message_dict


def test_an_upheld_objection_refuses_the_application(tree, standards):
    file = to_publicity(apply(tree.union_a1, 1))
    objection = _objection(file, APPLIED + 4 * DAY)
    services.decide_objection(
        objection=objection,
        actor=None,
        decision=ObjectionDecision.UPHELD,
        decided_on=APPLIED + 6 * DAY,
        note="经核实该户经营商铺，不符合条件",
    )
    file = services.close_publicity(file=file, actor=None, closed_on=APPLIED + 11 * DAY)
    assert file.status == FileStatus.REFUSED
    last = file.steps.order_by("-pk").first()
    assert last.approved is False and "不符合条件" in last.opinion
    # The household's people are free again: a new application is possible.
    again = apply(tree.union_a1, 1, applied_on=APPLIED + 20 * DAY)
    assert again.status == FileStatus.APPLIED


def _review(file, outcome, day=APPLIED + 100 * DAY, **kwargs):
    return services.review_file(file=file, actor=None, outcome=outcome, reviewed_on=day, **kwargs)


def test_yearly_review_maintains_and_adjusts_the_category(tree, standards):
    file = on_file(apply(tree.union_a1, 1, income="12000"))
    file = _review(file, ReviewOutcome.MAINTAIN)
    assert file.status == FileStatus.ACTIVE and file.last_reviewed_on == APPLIED + 100 * DAY
    with pytest.raises(ValidationError) as no_reason:
        _review(file, ReviewOutcome.ADJUST_CATEGORY, category=Category.RELATIVE)
    assert "category_reason" in no_reason.value.message_dict
    file = _review(
        file,
        ReviewOutcome.ADJUST_CATEGORY,
        category=Category.RELATIVE,
        category_reason="配偶已再就业",
    )
    assert file.category == Category.RELATIVE
    step = file.steps.order_by("-pk").first()
    assert (step.kind, step.outcome) == (StepKind.ANNUAL_REVIEW, ReviewOutcome.ADJUST_CATEGORY)


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (ReviewOutcome.RELIEVED, FileStatus.RELIEVED),
        (ReviewOutcome.DECEASED, FileStatus.DECEASED),
        (ReviewOutcome.NOT_ELIGIBLE, FileStatus.WITHDRAWN),
        (ReviewOutcome.TRANSFER, FileStatus.TRANSFERRED),
    ],
)
def test_closing_outcomes_release_the_household(tree, standards, outcome, status):
    file = on_file(apply(tree.union_a1, 1, family=[relative(2)]))
    file = _review(file, outcome, opinion="复核意见")
    assert file.status == status and file.closed_on == APPLIED + 100 * DAY
    assert not file.people.filter(open=True).exists()
    with pytest.raises(ValidationError):
        _review(file, ReviewOutcome.MAINTAIN, day=APPLIED + 101 * DAY)


@pytest.mark.parametrize("outcome", [ReviewOutcome.NOT_ELIGIBLE, ReviewOutcome.TRANSFER])
def test_withdrawal_and_transfer_state_their_opinion(tree, standards, outcome):
    file = on_file(apply(tree.union_a1, 1))
    with pytest.raises(ValidationError) as refused:
        _review(file, outcome)
    assert "opinion" in refused.value.message_dict
    file.refresh_from_db()
    assert file.status == FileStatus.ACTIVE


def test_a_transfer_to_another_union_keeps_the_file_on_record(tree, personas, standards):
    file = on_file(apply(tree.union_a1, 1))
    with pytest.raises(OutOfScope):  # a township clerk cannot move it to another township
        services.review_file(
            file=file,
            actor=personas["township_staff"],
            outcome=ReviewOutcome.TRANSFER,
            reviewed_on=APPLIED + 100 * DAY,
            opinion="调入新庄机械厂",
            to_org=tree.union_b1,
        )
    file = services.review_file(
        file=file,
        actor=personas["county_admin"],
        outcome=ReviewOutcome.TRANSFER,
        reviewed_on=APPLIED + 100 * DAY,
        opinion="调入新庄机械厂",
        to_org=tree.union_b1,
    )
    assert file.status == FileStatus.ACTIVE and file.org == tree.union_b1


def test_a_relapse_rebuilds_a_closed_file(tree, standards):
    file = on_file(apply(tree.union_a1, 1, family=[relative(2)]))
    file = _review(file, ReviewOutcome.RELIEVED, opinion="已再就业")
    file = _review(file, ReviewOutcome.RELAPSE, day=APPLIED + 200 * DAY, opinion="再次失业")
    assert file.status == FileStatus.APPLIED and file.file_origin == FileOrigin.RELAPSED
    assert file.people.filter(open=True).count() == 2
    file = on_file(file, day=APPLIED + 200 * DAY)
    assert file.status == FileStatus.ACTIVE


def test_a_relapse_is_refused_when_someone_is_meanwhile_in_another_file(tree, standards):
    file = on_file(apply(tree.union_a1, 1, family=[relative(2)]))
    file = _review(file, ReviewOutcome.RELIEVED, opinion="已再就业")
    spouse = relative(2)
    apply(
        tree.union_b1,
        3,
        name=spouse.name,
        id_number=spouse.id_number,
        applied_on=APPLIED + 150 * DAY,
    )
    with pytest.raises(ValidationError, match="already in another open"):
        _review(file, ReviewOutcome.RELAPSE, day=APPLIED + 200 * DAY, opinion="再次失业")
    file.refresh_from_db()
    assert file.status == FileStatus.RELIEVED


@pytest.mark.parametrize("status", [ReviewOutcome.DECEASED])
def test_a_deceased_file_cannot_relapse(tree, standards, status):
    file = on_file(apply(tree.union_a1, 1))
    file = _review(file, status, opinion="本人去世")
    with pytest.raises(ValidationError):
        _review(file, ReviewOutcome.RELAPSE, day=APPLIED + 200 * DAY)
