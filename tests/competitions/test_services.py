"""The competition's rules, each refused with its rule named and nothing half-written."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.competitions import services
from apps.competitions.choices import AwardeeKind, AwardTitle, CompetitionStatus, ContestRound
from apps.competitions.models import (
    CompetitionAward,
    Contestant,
    ContestResult,
    Participant,
    Participation,
    SkillsContest,
)

from .conftest import advance_to, enter

pytestmark = pytest.mark.django_db


def test_a_competition_starts_at_planning_and_moves_one_step_at_a_time(comp):
    assert comp.status == CompetitionStatus.PLANNING
    with pytest.raises(ValidationError, match="one step at a time"):
        services.advance_competition(competition=comp, actor=None, to=CompetitionStatus.RUNNING)
    comp.refresh_from_db()
    assert comp.status == CompetitionStatus.PLANNING
    comp = advance_to(comp, CompetitionStatus.CLOSED)
    assert comp.status == CompetitionStatus.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        services.advance_competition(competition=comp, actor=None, to=CompetitionStatus.CLOSED)


def test_editing_never_changes_the_status(comp):
    comp = advance_to(comp, CompetitionStatus.RUNNING)
    comp.status = CompetitionStatus.CLOSED
    comp.name = "改名"
    services.save_competition(competition=comp, actor=None)
    comp.refresh_from_db()
    assert (comp.name, comp.status) == ("改名", CompetitionStatus.RUNNING)


def test_the_period_must_not_end_before_it_starts(tree, comp):
    comp.ends_on = comp.starts_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="end on or after"):
        services.save_competition(competition=comp, actor=None)


def test_an_employer_is_entered_once_per_competition(tree, comp):
    enter(comp, tree.employer_a1, 50)
    with pytest.raises(ValidationError, match="already entered"):
        enter(comp, tree.employer_a1, 20)
    assert Participation.objects.filter(competition=comp).count() == 1


def test_entries_close_with_the_assessment(tree, comp):
    comp = advance_to(comp, CompetitionStatus.COMMENDING)
    with pytest.raises(ValidationError, match="until the assessment ends"):
        enter(comp, tree.employer_a1, 50)
    assert not Participation.objects.exists()


def test_naming_people_raises_the_workers_to_their_number_and_no_lower(tree, comp):
    entry = enter(comp, tree.employer_a1, 1)
    for name in ("张三", "李四"):
        services.enter_participant(
            participant=Participant(participation=entry, name=name), actor=None
        )
    entry.refresh_from_db()
    assert entry.workers == 2
    entry.workers = 1
    with pytest.raises(ValidationError, match="cannot be fewer"):
        services.enter_participation(participation=entry, actor=None)


def _award(comp, **fields):
    values = {
        "competition": comp,
        "awardee_kind": AwardeeKind.PERSON,
        "title": AwardTitle.ADVANCED_PERSON,
        "person_name": "王师傅",
        "awarded_on": datetime.date(2025, 11, 20),
        **fields,
    }
    return CompetitionAward(**values)


def test_awards_only_at_the_commendation(comp):
    with pytest.raises(ValidationError, match="at the commendation"):
        services.give_award(award=_award(comp), actor=None)
    assert not CompetitionAward.objects.exists()


def test_awards_only_within_the_competitions_period(comp):
    comp = advance_to(comp, CompetitionStatus.COMMENDING)
    late = _award(comp, awarded_on=datetime.date(2025, 12, 15))
    with pytest.raises(ValidationError, match="within the competition's period"):
        services.give_award(award=late, actor=None)
    assert not CompetitionAward.objects.exists()
    services.give_award(award=_award(comp), actor=None)
    assert CompetitionAward.objects.count() == 1


def test_a_unit_award_names_the_unit(comp):
    comp = advance_to(comp, CompetitionStatus.COMMENDING)
    with pytest.raises(ValidationError, match="unit commended"):
        services.give_award(
            award=_award(comp, awardee_kind=AwardeeKind.UNIT, title=AwardTitle.WINNING_UNIT),
            actor=None,
        )


def test_results_only_for_contestants_entered_in_that_contest(tree, comp):
    welding = services.save_contest(
        contest=SkillsContest(competition=comp, trade="焊工"), actor=None
    )
    turning = services.save_contest(
        contest=SkillsContest(competition=comp, trade="车工"), actor=None
    )
    welder = services.enter_contestant(
        contestant=Contestant(contest=welding, name="赵工", employer=tree.employer_a1), actor=None
    )
    result = ContestResult(contestant=welder, round=ContestRound.FINAL, rank=1)
    with pytest.raises(ValidationError, match="only for contestants entered"):
        services.record_result(result=result, contest=turning, actor=None)
    assert not ContestResult.objects.exists()
    services.record_result(result=result, contest=welding, actor=None)
    assert ContestResult.objects.count() == 1
