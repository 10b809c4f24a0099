"""Recording awards: the treatment level and highest honour follow from them, and the rules
refuse a recipient of the wrong kind, a withdrawn title and a level the type does not have."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.scoping import OutOfScope
from apps.modelworkers import services
from apps.modelworkers.choices import CollectiveKind, Level, WorkerStatus
from apps.modelworkers.models import HonourAward, ModelWorker

from .conftest import award, make_collective, make_worker

pytestmark = pytest.mark.django_db


def test_national_medal_carries_provincial_treatment(tree, honour_types):
    worker = make_worker(tree.union_a1)
    assert worker.treatment_level == ""
    medal = award(honour_types["全国五一劳动奖章"], model_worker=worker)
    worker.refresh_from_db()
    assert worker.treatment_level == Level.PROVINCIAL
    assert worker.top_award == medal
    assert medal.level == Level.NATIONAL


def test_best_treatment_wins_and_county_award_does_not_lower_it(tree, honour_types):
    worker = make_worker(tree.union_a1)
    award(honour_types["县劳动模范"], year=2015, model_worker=worker)
    worker.refresh_from_db()
    assert worker.treatment_level == Level.COUNTY
    provincial = award(honour_types["省劳动模范"], year=2020, model_worker=worker)
    award(honour_types["县五一劳动奖章"], year=2022, model_worker=worker)
    worker.refresh_from_db()
    assert worker.treatment_level == Level.PROVINCIAL
    assert worker.top_award == provincial


def test_revoked_award_stops_counting(tree, honour_types):
    worker = make_worker(tree.union_a1)
    county = award(honour_types["县劳动模范"], year=2015, model_worker=worker)
    provincial = award(honour_types["省劳动模范"], year=2020, model_worker=worker)
    services.revoke_award(
        award=provincial, actor=None, on=datetime.date(2024, 1, 5), reason="事迹失实"
    )
    worker.refresh_from_db()
    assert worker.treatment_level == Level.COUNTY
    assert worker.top_award == county


def test_skill_title_carries_no_treatment(tree, honour_types):
    worker = make_worker(tree.union_a1)
    award(honour_types["省级工匠"], model_worker=worker)
    worker.refresh_from_db()
    assert worker.treatment_level == ""
    assert worker.top_award.honour_type.name == "省级工匠"


def test_withdrawn_title_refuses_further_awards_and_loses_treatment(tree, honour_types):
    worker = make_worker(tree.union_a1)
    award(honour_types["市劳动模范"], year=2018, model_worker=worker)
    services.change_worker_status(
        worker=worker,
        actor=None,
        status=WorkerStatus.WITHDRAWN,
        on=datetime.date(2023, 6, 1),
        reason="受刑事处罚",
    )
    worker.refresh_from_db()
    assert worker.treatment_level == ""
    with pytest.raises(ValidationError) as error:
        award(honour_types["县五一劳动奖章"], model_worker=worker)
    assert "withdrawn" in str(error.value.message_dict["model_worker"])
    assert worker.awards.count() == 1


def test_withdrawal_needs_a_reason(tree, honour_types):
    worker = make_worker(tree.union_a1)
    with pytest.raises(ValidationError) as error:
        services.change_worker_status(
            worker=worker, actor=None, status=WorkerStatus.WITHDRAWN, on=datetime.date(2023, 6, 1)
        )
    assert "status_reason" in error.value.message_dict
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.ON_RECORD


def test_level_the_type_does_not_have_is_refused(tree, honour_types):
    worker = make_worker(tree.union_a1)
    with pytest.raises(ValidationError) as error:
        services.record_award(
            honour_type=honour_types["县五一劳动奖章"],
            actor=None,
            year=2024,
            conferred_on=datetime.date(2024, 4, 28),
            model_worker=worker,
            level=Level.PROVINCIAL,
        )
    assert "level" in error.value.message_dict
    assert not HonourAward.objects.exists()


def test_recipient_kind_must_match(tree, honour_types):
    worker = make_worker(tree.union_a1)
    team = make_collective(tree.union_a1)
    unit = make_collective(tree.union_a1, name="宏达纺织有限公司", kind=CollectiveKind.UNIT)
    with pytest.raises(ValidationError) as error:
        award(honour_types["县五一劳动奖状"], model_worker=worker)
    assert "model_worker" in error.value.message_dict
    with pytest.raises(ValidationError):
        award(honour_types["县五一劳动奖章"], collective=team)
    with pytest.raises(ValidationError) as error:
        award(honour_types["县五一劳动奖状"], collective=team)
    assert "collective" in error.value.message_dict
    with pytest.raises(ValidationError):
        award(honour_types["县工人先锋号"], collective=unit)
    with pytest.raises(ValidationError):
        award(honour_types["县工人先锋号"], union_org=tree.union_a1)
    award(honour_types["县工人先锋号"], collective=team)
    award(honour_types["县五一劳动奖状"], collective=unit)
    award(honour_types["县级合格职工之家"], union_org=tree.union_a1)
    assert HonourAward.objects.count() == 3


def test_two_recipients_refused_by_service_and_database(tree, honour_types):
    worker = make_worker(tree.union_a1)
    with pytest.raises(ValidationError):
        award(honour_types["县劳动模范"], model_worker=worker, union_org=tree.union_a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        HonourAward.objects.create(
            honour_type=honour_types["县劳动模范"],
            level="4",
            model_worker=worker,
            union_org=tree.union_a1,
            year=2024,
            conferred_on=datetime.date(2024, 4, 28),
        )


def test_same_honour_same_year_twice_refused(tree, honour_types):
    worker = make_worker(tree.union_a1)
    award(honour_types["县劳动模范"], model_worker=worker)
    with pytest.raises(ValidationError) as error:
        award(honour_types["县劳动模范"], model_worker=worker)
    assert "already holds" in str(error.value)


def test_out_of_scope_recipient_refused(tree, honour_types, personas):
    worker = make_worker(tree.union_b1)
    with pytest.raises(OutOfScope):
        award(honour_types["县劳动模范"], model_worker=worker, actor=personas["township_staff"])
    assert not HonourAward.objects.exists()


def test_unknown_extra_argument_is_a_type_error(tree, honour_types):
    worker = make_worker(tree.union_a1)
    with pytest.raises(TypeError):
        services.record_award(
            honour_type=honour_types["县劳动模范"],
            actor=None,
            year=2024,
            conferred_on=datetime.date(2024, 4, 28),
            model_worker=worker,
            colour="red",
        )


def test_member_linked_by_id_number(tree):
    from apps.membership.models import Member

    from .conftest import id_number

    member = Member.objects.create(
        union=tree.union_a1,
        name="王建国",
        id_number=id_number(1),
        sex="1",
        joined_on=datetime.date(2010, 1, 1),
    )
    worker = make_worker(tree.union_a1)
    assert worker.member_id == member.pk
    assert ModelWorker.objects.get().sex == "1"
