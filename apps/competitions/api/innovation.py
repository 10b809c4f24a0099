"""REST API of the innovation side: the same FilterSets, scope, forms and services as the web.

GET/POST        /api/competition-proposals/               list (ProposalFilter) / record
GET/PUT/PATCH   /api/competition-proposals/{id}/          read / correct
POST            /api/competition-proposals/{id}/review/   the review panel's decision
POST            /api/competition-proposals/{id}/implement/
GET/POST/PATCH  /api/competition-innovations/             五小 and technical innovations
GET/POST/PATCH  /api/competition-studios/                 studios (an application)
POST            /api/competition-studios/{id}/name/       naming (the leader's honour checked)
POST            /api/competition-studios/{id}/recheck/    a passed re-check
POST            /api/competition-studios/{id}/revoke/
GET/POST        /api/competition-studios/{id}/reports/    yearly outcome reports
GET/POST/PATCH  /api/competition-ankang/                  安康杯 entries
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.apiwrites import FormValidatedViewSet, form_body, write_action

from .. import spreadsheets_innovation as sheets
from ..filters_innovation import AnkangFilter, InnovationFilter, ProposalFilter, StudioFilter
from ..forms.innovation import (
    AnkangForm,
    ImplementProposalForm,
    InnovationForm,
    NameStudioForm,
    ProposalForm,
    RecheckStudioForm,
    ReviewProposalForm,
    RevokeStudioForm,
    StudioForm,
    StudioReportForm,
)
from ..models.innovation import StudioReport
from ..serializers.innovation import (
    AnkangEntrySerializer,
    InnovationSerializer,
    ProposalSerializer,
    StudioReportSerializer,
    StudioSerializer,
)
from ..services import innovation as services

__all__ = [
    "AnkangViewSet",
    "InnovationViewSet",
    "ProposalViewSet",
    "StudioViewSet",
    "register_innovation",
]

ReviewBody = form_body(ReviewProposalForm, name="ProposalReview")
ImplementBody = form_body(ImplementProposalForm, name="ProposalImplement")
NameBody = form_body(NameStudioForm, name="StudioName")
RecheckBody = form_body(RecheckStudioForm, name="StudioRecheck")
RevokeBody = form_body(RevokeStudioForm, name="StudioRevoke")
ReportBody = form_body(StudioReportForm, name="StudioReportCreate")


class ProposalViewSet(FormValidatedViewSet):
    """Workers' proposals (合理化建议) in the caller's scope."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    form_class = ProposalForm
    body_name = "Proposal"

    def get_queryset(self):
        return sheets.proposal_queryset(self.request.user).prefetch_related("proposer_members")

    def run_service(self, form, *, actor):
        return services.save_proposal(
            proposal=form.save(commit=False),
            actor=actor,
            members=form.cleaned_data.get("proposer_members"),
        )

    @write_action(ReviewBody, responses=ProposalSerializer)
    def review(self, request, pk=None):
        """The review panel's decision: 采纳, 部分采纳, 不采纳 (with the reason) or 存档待用."""
        proposal = self.get_object()
        form = self.form_for(ReviewBody)
        saved = self.save(
            services.review_proposal, proposal=proposal, actor=request.user, **form.cleaned_data
        )
        return self.answer(saved)

    @write_action(ImplementBody, responses=ProposalSerializer)
    def implement(self, request, pk=None):
        """An adopted proposal implemented, with its annual benefit (元) and reward."""
        proposal = self.get_object()
        form = self.form_for(ImplementBody)
        saved = self.save(
            services.implement_proposal, proposal=proposal, actor=request.user, **form.cleaned_data
        )
        return self.answer(saved)


class InnovationViewSet(FormValidatedViewSet):
    """五小 and technical innovations in the caller's scope."""

    serializer_class = InnovationSerializer
    filterset_class = InnovationFilter
    form_class = InnovationForm
    service = staticmethod(services.record_innovation)
    service_arg = "innovation"
    body_name = "Innovation"

    def get_queryset(self):
        return sheets.innovation_queryset(self.request.user)


class StudioViewSet(FormValidatedViewSet):
    """Innovation studios in the caller's scope: an application is created; naming, re-checks
    and revoking are actions."""

    serializer_class = StudioSerializer
    filterset_class = StudioFilter
    form_class = StudioForm
    service = staticmethod(services.save_studio)
    service_arg = "studio"
    body_name = "Studio"

    def get_queryset(self):
        return sheets.studio_queryset(self.request.user)

    def _move(self, body, service):
        studio = self.get_object()
        form = self.form_for(body)
        saved = self.save(service, studio=studio, actor=self.request.user, **form.cleaned_data)
        return self.answer(saved)

    @write_action(NameBody, responses=StudioSerializer, url_path="name")
    def name_studio(self, request, pk=None):
        """命名: refused, naming the rule, when the leader holds no qualifying honour."""
        return self._move(NameBody, services.name_studio)

    @write_action(RecheckBody, responses=StudioSerializer)
    def recheck(self, request, pk=None):
        """A passed re-check (重新确认)."""
        return self._move(RecheckBody, services.recheck_studio)

    @write_action(RevokeBody, responses=StudioSerializer)
    def revoke(self, request, pk=None):
        """撤销, with the reason."""
        return self._move(RevokeBody, services.revoke_studio)

    @extend_schema(responses=StudioReportSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="reports")
    def reports(self, request, pk=None):
        """The studio's yearly outcome reports."""
        studio = self.get_object()
        rows = StudioReport.objects.visible_to(request.user).filter(studio=studio)
        return Response(StudioReportSerializer(rows, many=True).data)

    @write_action(
        ReportBody,
        responses=StudioReportSerializer,
        code=status.HTTP_201_CREATED,
        url_path="reports/new",
    )
    def add_report(self, request, pk=None):
        """A yearly outcome report (once per year)."""
        studio = self.get_object()
        form = self.form_for(ReportBody, instance=StudioReport(studio=studio), user=request.user)
        report = self.save(
            services.add_studio_report, report=form.save(commit=False), actor=request.user
        )
        return Response(StudioReportSerializer(report).data, status=status.HTTP_201_CREATED)


class AnkangViewSet(FormValidatedViewSet):
    """安康杯 entries of the employers in the caller's scope."""

    serializer_class = AnkangEntrySerializer
    filterset_class = AnkangFilter
    form_class = AnkangForm
    service = staticmethod(services.save_ankang_entry)
    service_arg = "entry"
    body_name = "AnkangEntry"

    def get_queryset(self):
        return sheets.ankang_queryset(self.request.user)


def register_innovation(router):
    router.register("competition-proposals", ProposalViewSet, basename="competition-proposal")
    router.register("competition-innovations", InnovationViewSet, basename="competition-innovation")
    router.register("competition-studios", StudioViewSet, basename="competition-studio")
    router.register("competition-ankang", AnkangViewSet, basename="competition-ankang")
