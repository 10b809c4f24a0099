"""The nomination rounds' API: the same forms, scope and services as the pages.

GET/POST/PATCH  /api/mw-rounds/                      rounds (edits while recommending)
GET             /api/mw-rounds/{id}/ratios/          the list against the notice's ratios
GET/POST        /api/mw-rounds/{id}/candidates/      the list / recommend a candidate
POST            /api/mw-rounds/{id}/withdraw/        withdraw a candidate (`candidate`, `reason`)
POST            /api/mw-rounds/{id}/submit/          submit the list (refused when it breaks
                                                     the quota or a ratio)
POST            /api/mw-rounds/{id}/check/           a department's 联审 opinion
POST            /api/mw-rounds/{id}/publicity/       start the public notice
POST            /api/mw-rounds/{id}/objection/       an objection to a candidate
POST            /api/mw-rounds/{id}/decide_objection/  decide one (`objection` and the decision)
POST            /api/mw-rounds/{id}/approve/         approve: the honours are conferred
POST            /api/mw-rounds/{id}/cancel/          cancel the round
"""

from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.apiwrites import FormValidatedViewSet, form_body, write_action
from apps.core.choices import Role
from apps.core.models import User
from apps.core.scoping import OutOfScope

from ..filters_care import RoundFilter
from ..forms import rounds as round_forms
from ..models.rounds import Candidate, NominationRound, RoundObjection
from ..serializers.rounds import (
    CandidateSerializer,
    JointCheckSerializer,
    RatiosSerializer,
    RoundObjectionSerializer,
    RoundSerializer,
)
from ..services import rounds as services

SCHEMA_USER = User(is_active=False, role=Role.COUNTY_ADMIN)


class WithdrawApiForm(round_forms.WithdrawForm):
    candidate = forms.IntegerField(label="candidate", min_value=1)


class DecideApiForm(round_forms.ObjectionDecisionForm):
    objection = forms.IntegerField(label="objection", min_value=1)


CandidateBody = form_body(round_forms.CandidateForm, name="NominationCandidate", user=SCHEMA_USER)
WithdrawBody = form_body(WithdrawApiForm, name="NominationWithdraw")
SubmitBody = form_body(round_forms.SubmitForm, name="NominationSubmit")
CheckBody = form_body(round_forms.JointCheckForm, name="NominationJointCheck")
PublicityBody = form_body(round_forms.PublicityForm, name="NominationPublicity")
ObjectionBody = form_body(round_forms.ObjectionForm, name="NominationObjection")
DecideBody = form_body(DecideApiForm, name="NominationObjectionDecision")
ApproveBody = form_body(round_forms.ApproveForm, name="NominationApprove")
CancelBody = form_body(round_forms.CancelForm, name="NominationCancel")


class RoundViewSet(FormValidatedViewSet):
    """Nomination rounds run in the caller's scope or above it (a township recommends to the
    county's); each step through its form and service."""

    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    form_class = round_forms.RoundForm
    service = staticmethod(services.save_round)
    service_arg = "round_"
    body_name = "NominationRound"

    def get_queryset(self):
        return NominationRound.objects.visible_to(self.request.user).order_by("-year", "-pk")

    def _answer(self, round_, code=status.HTTP_200_OK):
        return self.answer(round_, code)

    @extend_schema(responses=RatiosSerializer)
    @action(detail=True, methods=["get"])
    def ratios(self, request, pk=None):
        """The standing list against the quota and the notice's ratios."""
        round_ = self.get_object()
        counts = services.list_counts(round_)
        data = {
            "total": counts["total"],
            "quota": round_.quota,
            "ratios": [
                {
                    "key": r.key,
                    "label": r.label,
                    "count": r.count,
                    "total": r.total,
                    "limit": r.limit,
                    "at_least": r.at_least,
                    "share": r.share,
                    "holds": r.holds,
                    "sentence": r.sentence,
                }
                for r in services.ratios(round_, counts)
            ],
            "problems": [str(p) for p in services.list_problems(round_, counts)],
        }
        return Response(RatiosSerializer(data).data)

    @extend_schema(methods=["get"], responses=CandidateSerializer(many=True), request=None)
    @extend_schema(methods=["post"], request=CandidateBody, responses={201: CandidateSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def candidates(self, request, pk=None):
        """The round's list as the caller may see it; a POST recommends a candidate."""
        round_ = self.get_object()
        if request.method == "GET":
            rows = Candidate.objects.visible_to(request.user).filter(round=round_).order_by("pk")
            return Response(CandidateSerializer(rows, many=True).data)
        if not request.user.can_edit:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        form = self.form_for(CandidateBody, user=request.user)
        candidate = self.save(
            services.add_candidate, round_=round_, actor=request.user, **form.cleaned_data
        )
        return Response(CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED)

    @write_action(WithdrawBody, responses=CandidateSerializer)
    def withdraw(self, request, pk=None):
        round_ = self.get_object()
        form = self.form_for(WithdrawBody)
        data = dict(form.cleaned_data)
        candidate = (
            Candidate.objects.visible_to(request.user)
            .filter(round=round_, pk=data.pop("candidate"))
            .first()
        )
        if candidate is None:
            raise OutOfScope("No such candidate.")
        candidate = self.save(
            services.withdraw_candidate, candidate=candidate, actor=request.user, **data
        )
        return Response(CandidateSerializer(candidate).data)

    def _step(self, body, service, *, with_round=False):
        round_ = self.get_object()
        extra = {"round_": round_} if with_round else {}
        form = self.form_for(body, **extra)
        return round_, self.save(
            service, round_=round_, actor=self.request.user, **form.cleaned_data
        )

    @write_action(SubmitBody, responses=RoundSerializer)
    def submit(self, request, pk=None):
        round_, _ = self._step(SubmitBody, services.submit_round)
        return self._answer(round_)

    @write_action(CheckBody, responses=JointCheckSerializer, code=status.HTTP_201_CREATED)
    def check(self, request, pk=None):
        _, check = self._step(CheckBody, services.record_joint_check, with_round=True)
        return Response(JointCheckSerializer(check).data, status=status.HTTP_201_CREATED)

    @write_action(PublicityBody, responses=RoundSerializer)
    def publicity(self, request, pk=None):
        round_, _ = self._step(PublicityBody, services.start_publicity)
        return self._answer(round_)

    @write_action(ObjectionBody, responses=RoundObjectionSerializer, code=status.HTTP_201_CREATED)
    def objection(self, request, pk=None):
        _, objection = self._step(ObjectionBody, services.raise_objection, with_round=True)
        return Response(RoundObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @write_action(DecideBody, responses=RoundObjectionSerializer)
    def decide_objection(self, request, pk=None):
        round_ = self.get_object()
        form = self.form_for(DecideBody)
        data = dict(form.cleaned_data)
        objection = RoundObjection.objects.filter(Q(round=round_), pk=data.pop("objection")).first()
        if objection is None:
            raise OutOfScope("No such objection.")
        objection = self.save(
            services.decide_objection, objection=objection, actor=request.user, **data
        )
        return Response(RoundObjectionSerializer(objection).data)

    @write_action(ApproveBody, responses=RoundSerializer)
    def approve(self, request, pk=None):
        round_, _ = self._step(ApproveBody, services.approve_round)
        return self._answer(round_)

    @write_action(CancelBody, responses=RoundSerializer)
    def cancel(self, request, pk=None):
        round_, _ = self._step(CancelBody, services.cancel_round)
        return self._answer(round_)


def register(router):
    router.register("mw-rounds", RoundViewSet, basename="mw-round")
