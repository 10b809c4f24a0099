"""Writes to competitions: the competition and its status steps, the projects it covers, the
employers and people taking part, its awards, and its skills contests.

    save_competition      add or edit (策划 when added)
    advance_competition   one step: 策划 → 启动 → 进行中 → 考核评比 → 表彰 → 结束
    save_project          a project covered (重大工程)
    enter_participation   an employer taking part, with its workers (人次), until the assessment
                          ends
    enter_participant     a worker by name, through the employer's participation
    give_award            at the commendation, dated within the period; an honour is recorded
                          once in the model-worker registry (`record_award`) and linked
    save_contest          a trade's contest (工种)
    enter_contestant      a worker entered in a trade's contest
    record_result         a round's result, only for a contestant entered in that contest
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from ..choices import AwardeeKind, CompetitionStatus
from ..models import (
    Competition,
    CompetitionAward,
    CompetitionProject,
    Contestant,
    ContestResult,
    Participant,
    Participation,
    SkillsContest,
)
from ..rules import (
    award_errors,
    entry_errors,
    move_errors,
    period_errors,
    result_errors,
    workers_errors,
)

__all__ = [
    "advance_competition",
    "enter_contestant",
    "enter_participant",
    "enter_participation",
    "give_award",
    "record_result",
    "save_competition",
    "save_contest",
    "save_project",
]


def _refuse(errors):
    if errors:
        raise ValidationError({key or "__all__": value for key, value in errors.items()})


def _save(record, actor, message):
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(message) from error
    ensure_visible(record, actor)
    return record


def _locked(competition):
    return Competition.objects.select_for_update().get(pk=competition.pk)


def save_competition(*, competition, actor):
    """Add a competition (at 策划) or edit its particulars; its status moves only by steps."""
    _refuse(period_errors(competition.starts_on, competition.ends_on))
    with transaction.atomic(), history_context(actor):
        if competition.pk is None:
            competition.status = CompetitionStatus.PLANNING
            competition.created_by = actor
        else:
            stored = _locked(competition)
            competition.status = stored.status
            if competition.organiser_id != stored.organiser_id:
                ensure_visible(stored, actor)
        competition.full_clean(exclude=["created_by"])
        competition.save()
        ensure_visible(competition, actor)
    return competition


def advance_competition(*, competition, actor, to):
    """Move the competition to its next status `to` (one step at a time)."""
    with transaction.atomic(), history_context(actor):
        stored = _locked(competition)
        ensure_visible(stored, actor)
        _refuse(move_errors(stored, CompetitionStatus(to)))
        stored.status = CompetitionStatus(to)
        stored.save(update_fields=["status", "updated_at"])
    return stored


def save_project(*, project, actor):
    """A major project (重大工程) the competition covers."""
    with transaction.atomic(), history_context(actor):
        ensure_visible(project.competition, actor)
        _save(project, actor, _("This competition already covers a project of that name."))
    return project


def enter_participation(*, participation, actor):
    """Enter (or correct) an employer taking part with its workers (人次) and teams; once per
    employer and competition, until the assessment ends."""
    with transaction.atomic(), history_context(actor):
        competition = _locked(participation.competition)
        ensure_visible(competition, actor)
        _refuse(entry_errors(competition))
        if participation.project_id and participation.project.competition_id != competition.pk:
            raise ValidationError({"project": _("The project is not one this competition covers.")})
        named = participation.participants.count() if participation.pk else 0
        _refuse(workers_errors(participation.workers, named))
        _save(
            participation,
            actor,
            _("This employer is already entered in the competition: correct its row instead."),
        )
    return participation


def enter_participant(*, participant, actor):
    """Enter a worker by name for an employer's participation; the employer's workers (人次)
    rise to the number named when they were fewer."""
    with transaction.atomic(), history_context(actor):
        participation = Participation.objects.select_for_update().get(
            pk=participant.participation_id
        )
        competition = participation.competition
        ensure_visible(competition, actor)
        _refuse(entry_errors(competition))
        participant.save()
        named = participation.participants.count()
        if participation.workers < named:
            participation.workers = named
            participation.save(update_fields=["workers"])
    return participant


def _honour_collective(award, actor):
    """The registry's collective for a unit or team award: the one chosen, or the one the
    union keeps under the same name, or a new one (through the registry's service)."""
    from apps.modelworkers.choices import CollectiveKind
    from apps.modelworkers.models import Collective
    from apps.modelworkers.services import save_collective

    if award.collective_id:
        return award.collective
    org = award.competition.organiser
    if award.employer_id and award.employer.union_id:
        org = award.employer.union
    name = award.awardee_name
    found = Collective.objects.filter(org=org, name=name).first()
    if found is not None:
        return found
    kind = CollectiveKind.UNIT if award.awardee_kind == AwardeeKind.UNIT else CollectiveKind.TEAM
    collective = Collective(org=org, name=name, kind=kind, employer=award.employer)
    return save_collective(collective=collective, actor=actor)


def _record_honour(award, actor):
    """The honour, recorded once in the model-worker registry (`record_award`), for the award
    to link to one-to-one."""
    from apps.modelworkers.services import record_award

    recipient = {}
    if award.awardee_kind == AwardeeKind.PERSON:
        recipient["model_worker"] = award.model_worker
        award.person_name = award.model_worker.name
    else:
        award.collective = _honour_collective(award, actor)
        recipient["collective"] = award.collective
    return record_award(
        honour_type=award.honour_type,
        actor=actor,
        year=award.awarded_on.year,
        conferred_on=award.awarded_on,
        document_no=award.document_no,
        deeds=award.deeds,
        source=f"劳动竞赛：{award.competition.name}"[:200],
        **recipient,
    )


def give_award(*, award, actor):
    """Commend a unit, team or person at the commendation, dated within the period. An award
    that is an honour (`honour_type`: 工人先锋号, 五一劳动奖章 …) is recorded once in the
    model-worker registry through `record_award` (a person must be on its register; a unit or
    team becomes a collective there when it is not yet) and linked one-to-one, so it shows in
    both apps as one record."""
    with transaction.atomic(), history_context(actor):
        competition = _locked(award.competition)
        ensure_visible(competition, actor)
        award.competition = competition
        _refuse(award_errors(award))
        if award.honour_type_id is not None and award.honour_award_id is None:
            award.honour_award = _record_honour(award, actor)
        award.recorded_by = award.recorded_by or actor
        award.save()
    return award


def save_contest(*, contest, actor):
    """A trade's contest (工种) within a skills competition."""
    with transaction.atomic(), history_context(actor):
        ensure_visible(contest.competition, actor)
        _save(contest, actor, _("This competition already has a contest in that trade."))
    return contest


def enter_contestant(*, contestant, actor):
    """Enter a worker in a trade's contest, until the assessment ends."""
    with transaction.atomic(), history_context(actor):
        competition = _locked(contestant.contest.competition)
        ensure_visible(competition, actor)
        _refuse(entry_errors(competition))
        _save(contestant, actor, _("This worker is already entered in the contest."))
    return contestant


def record_result(*, result, contest, actor):
    """Record a contestant's result for a round; refused for anyone not entered in `contest`."""
    with transaction.atomic(), history_context(actor):
        ensure_visible(contest.competition, actor)
        _refuse(result_errors(result, contest))
        result.recorded_by = result.recorded_by or actor
        _save(result, actor, _("This contestant already has a result for that round."))
    return result


def contestant_counts(contests):
    """{contest id: contestants}, for a page listing contests (one query)."""
    rows = Contestant.objects.filter(contest__in=contests).values("contest")
    return dict(rows.annotate(n=Count("pk")).values_list("contest", "n"))


# Used by the page and the API to list what may follow.
PARTS = (
    CompetitionProject,
    Participation,
    Participant,
    CompetitionAward,
    SkillsContest,
    Contestant,
    ContestResult,
)
