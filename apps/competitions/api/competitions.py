"""The competitions' endpoints (see the package docstring): the same FilterSets, scope, forms
and services as the web pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.apiwrites import ApiWrites, FormValidatedViewSet, form_body, write_action

from .. import services
from ..filters import AwardFilter, CompetitionFilter, ParticipationFilter
from ..forms.competitions import (
    AdvanceForm,
    AwardForm,
    CompetitionForm,
    ContestantForm,
    ContestForm,
    ParticipationForm,
    ResultForm,
)
from ..models import (
    CompetitionAward,
    Contestant,
    ContestResult,
    Participation,
    SkillsContest,
)
from ..serializers.competitions import (
    AwardSerializer,
    CompetitionSerializer,
    ContestantSerializer,
    ContestSerializer,
    ParticipationSerializer,
    ResultSerializer,
)
from ..spreadsheets import (
    award_queryset,
    competition_queryset,
    competitions_with_totals,
    participation_queryset,
)

AdvanceBody = form_body(AdvanceForm, name="CompetitionAdvance")
ParticipationBody = form_body(ParticipationForm, name="CompetitionParticipation")
AwardBody = form_body(AwardForm, name="CompetitionAward")
ContestBody = form_body(ContestForm, name="CompetitionContest")
ContestantBody = form_body(ContestantForm, name="CompetitionContestant")
ResultBody = form_body(ResultForm, name="CompetitionResult", contest=None)


class CompetitionViewSet(FormValidatedViewSet):
    """Competitions in the caller's scope; their status moves by `advance`, one step at a time."""

    serializer_class = CompetitionSerializer
    filterset_class = CompetitionFilter
    form_class = CompetitionForm
    service = staticmethod(services.save_competition)
    service_arg = "competition"
    body_name = "Competition"

    def get_queryset(self):
        return competitions_with_totals(competition_queryset(self.request.user))

    @write_action(AdvanceBody, responses=CompetitionSerializer)
    def advance(self, request, pk=None):
        """Move the competition to its next status."""
        competition = self.get_object()
        form = self.form_for(AdvanceBody)
        moved = self.save(
            services.advance_competition,
            competition=competition,
            actor=request.user,
            to=form.cleaned_data["to"],
        )
        return self.answer(moved)

    def _part(self, request, *, rows, body, make, service, field, serializer, **form_kwargs):
        if request.method == "GET":
            return Response(serializer(rows, many=True).data)
        form = self.form_for(body, instance=make(), user=request.user, **form_kwargs)
        record = self.save(service, **{field: form.save(commit=False)}, actor=request.user)
        return Response(serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ParticipationSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=ParticipationBody, responses={201: ParticipationSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=ParticipationSerializer,
        filterset_class=None,
        pagination_class=None,
    )
    def participations(self, request, pk=None):
        competition = self.get_object()
        return self._part(
            request,
            rows=competition.participations.all(),
            body=ParticipationBody,
            make=lambda: Participation(competition=competition),
            service=services.enter_participation,
            field="participation",
            serializer=ParticipationSerializer,
        )

    @extend_schema(methods=["GET"], responses=AwardSerializer(many=True))
    @extend_schema(methods=["POST"], request=AwardBody, responses={201: AwardSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=AwardSerializer,
        filterset_class=None,
        pagination_class=None,
    )
    def awards(self, request, pk=None):
        competition = self.get_object()
        return self._part(
            request,
            rows=award_queryset(request.user).filter(competition=competition),
            body=AwardBody,
            make=lambda: CompetitionAward(competition=competition),
            service=services.give_award,
            field="award",
            serializer=AwardSerializer,
        )

    @extend_schema(methods=["GET"], responses=ContestSerializer(many=True))
    @extend_schema(methods=["POST"], request=ContestBody, responses={201: ContestSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=ContestSerializer,
        filterset_class=None,
        pagination_class=None,
    )
    def contests(self, request, pk=None):
        competition = self.get_object()
        return self._part(
            request,
            rows=competition.contests.all(),
            body=ContestBody,
            make=lambda: SkillsContest(competition=competition),
            service=services.save_contest,
            field="contest",
            serializer=ContestSerializer,
        )


class ParticipationViewSet(viewsets.ReadOnlyModelViewSet):
    """Employers taking part in competitions in the caller's scope."""

    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter

    def get_queryset(self):
        return participation_queryset(self.request.user)


class AwardViewSet(viewsets.ReadOnlyModelViewSet):
    """Awards of competitions in the caller's scope."""

    serializer_class = AwardSerializer
    filterset_class = AwardFilter

    def get_queryset(self):
        return award_queryset(self.request.user)


class ContestViewSet(ApiWrites, viewsets.ReadOnlyModelViewSet):
    """Trades' contests with their contestants and results."""

    serializer_class = ContestSerializer

    def get_queryset(self):
        return SkillsContest.objects.visible_to(self.request.user).select_related("competition")

    @extend_schema(methods=["GET"], responses=ContestantSerializer(many=True))
    @extend_schema(methods=["POST"], request=ContestantBody, responses={201: ContestantSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=ContestantSerializer,
        pagination_class=None,
    )
    def contestants(self, request, pk=None):
        contest = self.get_object()
        if request.method == "GET":
            return Response(ContestantSerializer(contest.contestants.all(), many=True).data)
        form = self.form_for(
            ContestantBody, instance=Contestant(contest=contest), user=request.user
        )
        record = self.save(
            services.enter_contestant, contestant=form.save(commit=False), actor=request.user
        )
        return Response(ContestantSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ResultSerializer(many=True))
    @extend_schema(methods=["POST"], request=ResultBody, responses={201: ResultSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=ResultSerializer,
        pagination_class=None,
    )
    def results(self, request, pk=None):
        contest = self.get_object()
        if request.method == "GET":
            rows = ContestResult.objects.filter(contestant__contest=contest)
            return Response(ResultSerializer(rows, many=True).data)
        form = self.form_for(
            ResultBody, instance=ContestResult(), user=request.user, contest=contest
        )
        record = self.save(
            services.record_result,
            result=form.save(commit=False),
            contest=contest,
            actor=request.user,
        )
        return Response(ResultSerializer(record).data, status=status.HTTP_201_CREATED)


def register_competitions(router):
    router.register("competitions", CompetitionViewSet, basename="competition")
    router.register(
        "competition-participations", ParticipationViewSet, basename="competition-participation"
    )
    router.register("competition-awards", AwardViewSet, basename="competition-award")
    router.register("competition-contests", ContestViewSet, basename="competition-contest")
