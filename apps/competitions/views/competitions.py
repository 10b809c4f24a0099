"""Competitions: the lists (competitions, participating employers, awards) with their exports,
a competition's page with its projects, participants, awards and contests, its steps, and a
contest's page with its contestants and results."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.history import history_for
from apps.core.listing import export_list, paginate
from apps.core.permissions import require_edit

from .. import services
from ..choices import CONTEST_TYPES, ENTRY_STATUSES, CompetitionStatus
from ..filters import AwardFilter, CompetitionFilter, ParticipationFilter
from ..forms.competitions import (
    AdvanceForm,
    AwardForm,
    CompetitionForm,
    ContestantForm,
    ContestForm,
    ParticipantForm,
    ParticipationForm,
    ProjectForm,
    ResultForm,
)
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
from ..rules import next_status
from ..spreadsheets import (
    AWARD_EXPORTER,
    COMPETITION_EXPORTER,
    ENTRY_EXPORTER,
    award_queryset,
    competition_queryset,
    competitions_with_totals,
    participation_queryset,
)


def _competition(request, pk):
    return get_object_or_404(competition_queryset(request.user), pk=pk)


def competition_list(request):
    filterset = CompetitionFilter(
        request.GET,
        queryset=competitions_with_totals(competition_queryset(request.user)),
        request=request,
    )
    page = paginate(request, filterset.qs)
    return render(
        request, "competitions/competition_list.html", {"filter": filterset, "page": page}
    )


def competition_export(request):
    return export_list(request, COMPETITION_EXPORTER)


def competition_detail(request, pk):
    competition = _competition(request, pk)
    participations = competition.participations.select_related(
        "employer", "employer__township", "project"
    ).annotate(named=Count("participants"))
    totals = competition.participations.aggregate(
        employers=Count("pk"), workers=Coalesce(Sum("workers"), 0)
    )
    upcoming = next_status(competition.status)
    contests = competition.contests.annotate(entered=Count("contestants"))
    context = {
        "competition": competition,
        "projects": competition.projects.all(),
        "participations": participations[:200],
        "totals": totals,
        "awards": award_queryset(request.user).filter(competition=competition),
        "contests": contests,
        "next_status": upcoming,
        "open_for_entries": competition.status in ENTRY_STATUSES,
        "commending": competition.status == CompetitionStatus.COMMENDING,
        "has_contests": competition.competition_type in CONTEST_TYPES or contests,
        "history": history_for(competition) if request.user.can_see_history else None,
    }
    return render(request, "competitions/competition_detail.html", context)


def _form_page(request, form, title, competition=None, contest=None):
    context = {"form": form, "title": title, "competition": competition, "contest": contest}
    return render(request, "competitions/form.html", context)


def competition_edit(request, pk=None):
    require_edit(request.user)
    competition = _competition(request, pk) if pk else Competition()
    form = CompetitionForm(request.POST or None, instance=competition, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.save_competition(
                competition=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": competition})
            return redirect(competition)
    title = _("Edit competition") if pk else _("Plan a competition")
    return _form_page(request, form, title, competition if pk else None)


def competition_advance(request, pk):
    require_edit(request.user)
    competition = _competition(request, pk)
    if request.method != "POST":
        return redirect(competition)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            competition = services.advance_competition(
                competition=competition, actor=request.user, to=form.cleaned_data["to"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The competition is now at “%(status)s”.")
                % {"status": competition.get_status_display()},
            )
    else:
        messages.error(request, _("Choose the next step."))
    return redirect(competition)


def _part_add(request, pk, form_class, service, make, title, field, **form_kwargs):
    """A part of a competition (project, participant, award …) through its form and service."""
    require_edit(request.user)
    competition = _competition(request, pk)
    form = form_class(
        request.POST or None, instance=make(competition), user=request.user, **form_kwargs
    )
    if request.method == "POST" and form.is_valid():
        try:
            service(**{field: form.save(commit=False)}, actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(competition)
    return _form_page(request, form, title, competition)


def project_add(request, pk):
    return _part_add(
        request,
        pk,
        ProjectForm,
        services.save_project,
        lambda c: CompetitionProject(competition=c),
        _("Add a project covered"),
        "project",
    )


def participation_add(request, pk):
    return _part_add(
        request,
        pk,
        ParticipationForm,
        services.enter_participation,
        lambda c: Participation(competition=c),
        _("Enter a participating employer"),
        "participation",
    )


def participation_edit(request, pk, entry):
    require_edit(request.user)
    competition = _competition(request, pk)
    participation = get_object_or_404(competition.participations, pk=entry)
    form = ParticipationForm(request.POST or None, instance=participation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_participation(participation=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(competition)
    return _form_page(request, form, _("Correct a participating employer"), competition)


def participant_add(request, pk):
    require_edit(request.user)
    competition = _competition(request, pk)
    form = ParticipantForm(
        request.POST or None, instance=Participant(), user=request.user, competition=competition
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_participant(participant=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(competition)
    return _form_page(request, form, _("Enter a participant by name"), competition)


def award_add(request, pk):
    return _part_add(
        request,
        pk,
        AwardForm,
        services.give_award,
        lambda c: CompetitionAward(competition=c),
        _("Give an award"),
        "award",
    )


def contest_add(request, pk):
    return _part_add(
        request,
        pk,
        ContestForm,
        services.save_contest,
        lambda c: SkillsContest(competition=c),
        _("Add a trade's contest"),
        "contest",
    )


def _contest(request, pk):
    contests = SkillsContest.objects.visible_to(request.user).select_related(
        "competition", "competition__organiser"
    )
    return get_object_or_404(contests, pk=pk)


def contest_detail(request, pk):
    contest = _contest(request, pk)
    contestants = contest.contestants.select_related("employer")
    results = ContestResult.objects.filter(contestant__contest=contest).select_related(
        "contestant", "contestant__employer"
    )
    context = {
        "contest": contest,
        "competition": contest.competition,
        "contestants": contestants,
        "results": results,
        "open_for_entries": contest.competition.status in ENTRY_STATUSES,
        "history": history_for(contest) if request.user.can_see_history else None,
    }
    return render(request, "competitions/contest_detail.html", context)


def contestant_add(request, pk):
    require_edit(request.user)
    contest = _contest(request, pk)
    form = ContestantForm(
        request.POST or None, instance=Contestant(contest=contest), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_contestant(contestant=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(contest)
    return _form_page(request, form, _("Enter a contestant"), contest.competition, contest)


def result_add(request, pk):
    require_edit(request.user)
    contest = _contest(request, pk)
    form = ResultForm(
        request.POST or None, instance=ContestResult(), user=request.user, contest=contest
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_result(
                result=form.save(commit=False), contest=contest, actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(contest)
    return _form_page(request, form, _("Record a result"), contest.competition, contest)


# The lists across competitions -----------------------------------------------------------------


def participation_list(request):
    filterset = ParticipationFilter(
        request.GET, queryset=participation_queryset(request.user), request=request
    )
    page = paginate(request, filterset.qs)
    return render(
        request, "competitions/participation_list.html", {"filter": filterset, "page": page}
    )


def participation_export(request):
    return export_list(request, ENTRY_EXPORTER)


def award_list(request):
    filterset = AwardFilter(request.GET, queryset=award_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    return render(request, "competitions/award_list.html", {"filter": filterset, "page": page})


def award_export(request):
    return export_list(request, AWARD_EXPORTER)
