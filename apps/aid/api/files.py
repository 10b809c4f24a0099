"""The hardship files' API: apply, correct, each step, objections.

Sensitive fields (`masking.py`) are masked in the list for every role and in every write's
answer; one file read (`GET /api/aid-files/<id>/`) gives them in full to a caller with the
reveal right, and that read is logged as a reveal (`reveals.py`)."""

import copy

from django.core.exceptions import ValidationError
from django.db.models import (
    Prefetch,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.apiwrites import (
    UNKNOWN,
    FormBody,
    FormValidatedViewSet,
    api_field,
    form_body,
    write_action,
)
from apps.core.apiwrites import _shape_error as shape_error

from .. import masking, reveals, services
from ..choices import RevealChannel
from ..filters import FileFilter
from ..forms import (
    DecisionForm,
    FamilyMemberForm,
    FileForm,
    ObjectionDecisionForm,
    ObjectionForm,
    PublicityCloseForm,
    PublicityStartForm,
    ReviewForm,
)
from ..models import (
    FamilyMember,
    FileObjection,
    HardshipFile,
)
from ..serializers import (
    FileSerializer,
    ObjectionSerializer,
    StepSerializer,
)
from .common import SCHEMA_USER

# Who the schema's forms are built for: someone who may fill in every field, with no scope.


class FamilyBody(FormBody):
    """One family member: the member form's fields, and `id` to keep an existing member."""

    form_class = FamilyMemberForm
    id = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self):
        # The root's context holds the file's form: a member is always the member form.
        fields = {
            name: api_field(field, required=field.required)
            for name, field in self.documenting_form().fields.items()
        }
        return {**fields, **copy.deepcopy(self._declared_fields)}

    def to_internal_value(self, data):
        """Checked for shape only (the member form checks the values, see `_family`)."""
        if not isinstance(data, dict):
            return super().to_internal_value(data)
        errors = {}
        for name, value in data.items():
            field = self.fields.get(name)
            if field is None:
                errors[name] = [UNKNOWN]
            elif (message := shape_error(field, value)) is not None:
                errors[name] = [message]
        if errors:
            raise serializers.ValidationError(errors)
        return dict(data)


class FileBody(FormBody):
    """The file form's fields, and `family`: the household's members as it now is."""

    family = FamilyBody(many=True, required=False)


FileCreate = form_body(FileForm, name="AidFileCreate", base=FileBody)
FileUpdate = form_body(FileForm, name="AidFileUpdate", base=FileBody, existing=True)
DecisionBody = form_body(DecisionForm, name="AidFileDecision")
PublicityStartBody = form_body(PublicityStartForm, name="AidPublicityStart")
PublicityCloseBody = form_body(PublicityCloseForm, name="AidPublicityClose")
ReviewBody = form_body(ReviewForm, name="AidFileReview", user=SCHEMA_USER)
ObjectionBody = form_body(ObjectionForm, name="AidObjection")


class ObjectionDecisionBase(FormBody):
    objection = serializers.IntegerField(
        min_value=1, help_text=gettext_lazy("The objection decided (its id).")
    )


ObjectionDecisionBody = form_body(
    ObjectionDecisionForm, name="AidObjectionDecision", base=ObjectionDecisionBase
)


def _family(request, file):
    """The family members the body lists, each validated by the member form, or None when the
    body does not list them (an edit keeping the household as it is)."""
    rows = request.data.get("family") if isinstance(request.data, dict) else None
    if rows is None:
        return None
    current = {m.pk: m for m in file.family.all()} if file.pk else {}
    family, errors = [], []
    for n, row in enumerate(rows, 1):
        row = dict(row)
        pk = row.pop("id", None)
        if pk is not None and pk not in current:
            errors.append(_("%(n)d: member %(id)s is not in this household.") % {"n": n, "id": pk})
            continue
        instance = current.get(pk) or FamilyMember(file=file if file.pk else None)
        unbound = FamilyMemberForm(instance=instance, user=request.user)
        initial = {
            name: unbound.get_initial_for_field(f, name) for name, f in unbound.fields.items()
        }
        data = {**{k: v for k, v in initial.items() if v is not None}, **row}
        form = FamilyMemberForm(data=data, instance=instance, user=request.user)
        if not form.is_valid():
            errors += [f"{n}: {m}" for ms in form.errors.values() for m in ms]
            continue
        family.append(form.save(commit=False))
    if errors:
        raise ValidationError({"family": errors})
    return family


class FileViewSet(FormValidatedViewSet):
    """Households' hardship files in the caller's scope; closed by a review, never deleted."""

    serializer_class = FileSerializer
    filterset_class = FileFilter
    bodies = {"create": FileCreate, "update": FileUpdate, "partial_update": FileUpdate}

    def get_queryset(self):
        return (
            HardshipFile.objects.visible_to(self.request.user)
            .select_related("org")
            .prefetch_related(Prefetch("family", queryset=FamilyMember.objects.order_by("pk")))
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["reveal"] = False  # lists and writes' answers mask for every role
        return context

    def retrieve(self, request, *args, **kwargs):
        """One file; in full for a caller with the reveal right, the read logged."""
        file = self.get_object()
        context = self.get_serializer_context()
        if masking.can_reveal(request.user):
            reveals.reveal_file(file=file, actor=request.user, via=RevealChannel.API)
            context["reveal"] = True
        return Response(self.get_serializer_class()(file, context=context).data)

    def write(self, instance, current=None):
        form = self.form_for(
            self.bodies["update" if instance.pk else "create"],
            instance=instance,
            current=current,
            shown=self.get_serializer().fields,
            user=self.request.user,
        )
        return self.save(self.run_service, form, actor=self.request.user)

    def run_service(self, form, *, actor):
        file = form.save(commit=False)
        family = _family(self.request, file)
        reason = form.cleaned_data.get("category_reason", "")
        if file.pk:
            if family is None:
                family = list(file.family.all())
            return services.update_file(
                file=file, family=family, actor=actor, category_reason=reason
            )
        return services.apply_for_file(
            file=file, family=family or [], actor=actor, category_reason=reason
        )

    def _step(self, body, service, **form_kwargs):
        file = self.get_object()
        form = self.form_for(body, **form_kwargs)
        args = form.service_args() if hasattr(form, "service_args") else dict(form.cleaned_data)
        return self.answer(self.save(service, file=file, actor=self.request.user, **args))

    @write_action(DecisionBody, responses=FileSerializer)
    def unit_review(self, request, pk=None):
        """基层初审: the grassroots union checks the application."""
        return self._step(DecisionBody, services.unit_review)

    @write_action(DecisionBody, responses=FileSerializer)
    def home_visit(self, request, pk=None):
        """入户调查: the home visit confirms the application."""
        return self._step(DecisionBody, services.home_visit)

    @write_action(PublicityStartBody, responses=FileSerializer)
    def start_publicity(self, request, pk=None):
        """公示: the notice is posted, from/until."""
        return self._step(PublicityStartBody, services.start_publicity)

    @write_action(PublicityCloseBody, responses=FileSerializer)
    def close_publicity(self, request, pk=None):
        """公示期满: every objection decided; an upheld one refuses the application."""
        return self._step(PublicityCloseBody, services.close_publicity)

    @write_action(DecisionBody, responses=FileSerializer)
    def county_approval(self, request, pk=None):
        """县总审批 (county administrator): the file is on record from that day."""
        return self._step(DecisionBody, services.county_approval)

    @write_action(ReviewBody, responses=FileSerializer)
    def review(self, request, pk=None):
        """A review of a file on record and its outcome (年度复核, 抽查, 随时调整, 返困重建)."""
        return self._step(ReviewBody, services.review_file, user=request.user)

    @extend_schema(methods=["GET"], responses=ObjectionSerializer(many=True))
    @extend_schema(methods=["POST"], request=ObjectionBody, responses={201: ObjectionSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=ObjectionSerializer)
    def objections(self, request, pk=None):
        file = self.get_object()
        if request.method == "GET":
            rows = FileObjection.objects.visible_to(request.user).filter(file=file)
            return Response(ObjectionSerializer(rows, many=True).data)
        form = self.form_for(ObjectionBody)
        objection = FileObjection(file=file, **form.cleaned_data)
        self.save(services.record_objection, objection=objection, actor=request.user)
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @write_action(ObjectionDecisionBody, responses=ObjectionSerializer)
    def decide_objection(self, request, pk=None):
        """Uphold or dismiss an objection, with the finding."""
        file = self.get_object()
        form = self.form_for(ObjectionDecisionBody)
        objection = (
            FileObjection.objects.visible_to(request.user)
            .filter(file=file, pk=request.data.get("objection"))
            .first()
        )
        if objection is None:
            raise serializers.ValidationError({"objection": [_("No such objection to this file.")]})
        data = form.cleaned_data
        objection = self.save(
            services.decide_objection,
            objection=objection,
            actor=request.user,
            decision=data["decision"],
            decided_on=data["decided_on"],
            note=data["note"],
        )
        return Response(ObjectionSerializer(objection).data)

    @extend_schema(responses=StepSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        serializer_class=StepSerializer,
        filterset_class=None,
        pagination_class=None,
    )
    def steps(self, request, pk=None):
        file = self.get_object()
        return Response(StepSerializer(file.steps.order_by("acted_on", "pk"), many=True).data)
