"""REST API for hardship aid: the same FilterSets, scope, forms and services as the web.

GET/POST        /api/aid-files/                      list (FileFilter) / apply (the file form's
                                                     fields and `family`: the members' forms)
GET/PUT/PATCH   /api/aid-files/{id}/                 read (family nested) / correct an open file
POST            /api/aid-files/{id}/{step}/          unit_review, home_visit, county_approval,
                                                     start_publicity, close_publicity, review
GET/POST        /api/aid-files/{id}/objections/      objections during the public notice
POST            /api/aid-files/{id}/decide_objection/
GET             /api/aid-files/{id}/steps/           the step log
GET/POST/PATCH  /api/aid-programmes/                 programmes
GET/POST        /api/aid-payments/                   the ledger / pay a household
POST            /api/aid-payments/{id}/reverse/      a reversing entry
GET/POST/PATCH  /api/aid-standards/                  低保标准 (county admin writes)

Sensitive fields are masked for callers without the reveal right (`masking.py`).
"""

import copy

from django.core.exceptions import ValidationError
from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.apiwrites import (
    UNKNOWN,
    ApiWrites,
    FormBody,
    FormValidatedViewSet,
    api_field,
    form_body,
    write_action,
)
from apps.core.apiwrites import _shape_error as shape_error
from apps.core.choices import Role
from apps.core.models import User
from apps.core.permissions import require_county_admin

from . import services
from .filters import FileFilter, PaymentFilter, ProgrammeFilter
from .forms import (
    DecisionForm,
    FamilyMemberForm,
    FileForm,
    ObjectionDecisionForm,
    ObjectionForm,
    PaymentForm,
    ProgrammeForm,
    PublicityCloseForm,
    PublicityStartForm,
    ReversalForm,
    ReviewForm,
    StandardForm,
)
from .models import (
    AidPayment,
    AidProgramme,
    FamilyMember,
    FileObjection,
    HardshipFile,
    LowIncomeStandard,
)
from .serializers import (
    FileSerializer,
    ObjectionSerializer,
    PaymentSerializer,
    ProgrammeSerializer,
    StandardSerializer,
    StepSerializer,
)

# Who the schema's forms are built for: someone who may fill in every field, with no scope.
SCHEMA_USER = User(is_active=False, role=Role.COUNTY_ADMIN)


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


class ProgrammeViewSet(FormValidatedViewSet):
    """Aid programmes run in the caller's scope or above it (a township pays from the
    county's); edits through the programme form and `save_programme`."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    form_class = ProgrammeForm
    service = staticmethod(services.save_programme)
    service_arg = "programme"
    body_name = "AidProgramme"

    def get_queryset(self):
        # The budget left is the programme's own figure: every payment of a programme the
        # caller may see counts, wherever it was paid (a county programme is paid by every
        # township); only the sum is shown, never another township's payment rows.
        spent = (
            AidPayment.objects.filter(programme=OuterRef("pk"))
            .order_by()
            .values("programme")
            .annotate(total=Sum(F("cash_amount") + F("goods_value")))
            .values("total")
        )
        money = DecimalField(max_digits=14, decimal_places=2)
        remaining = F("budget") - Coalesce(Subquery(spent, output_field=money), Value(0, money))
        return (
            AidProgramme.objects.visible_to(self.request.user)
            .annotate(remaining_budget=ExpressionWrapper(remaining, output_field=money))
            .order_by("-year", "kind", "pk")
        )


class StandardViewSet(FormValidatedViewSet):
    """低保标准: read by everyone signed in, written by the county administrator."""

    serializer_class = StandardSerializer
    form_class = StandardForm
    service = staticmethod(services.save_standard)
    service_arg = "standard"
    body_name = "AidStandard"

    def get_queryset(self):
        return LowIncomeStandard.objects.visible_to(self.request.user)

    def write(self, instance, current=None):
        require_county_admin(self.request.user)
        return super().write(instance, current)


PayBody = form_body(PaymentForm, name="AidPay", user=SCHEMA_USER)
ReverseBody = form_body(ReversalForm, name="AidPaymentReverse")


class PaymentViewSet(
    ApiWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The payments ledger in scope: append-only; a POST pays a household, a correction is a
    reversal (`reverse`)."""

    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter
    bodies = {"create": PayBody}

    def get_queryset(self):
        return AidPayment.objects.visible_to(self.request.user).select_related("file")

    def create(self, request, *args, **kwargs):
        form = self.form_for(PayBody, user=request.user)
        payment = self.save(services.pay, actor=request.user, **form.service_args())
        fresh = self.get_queryset().get(pk=payment.pk)
        return Response(PaymentSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @write_action(ReverseBody, responses=PaymentSerializer, code=status.HTTP_201_CREATED)
    def reverse(self, request, pk=None):
        """A reversing entry: the payment's amounts negated, with the reason."""
        payment = self.get_object()
        form = self.form_for(ReverseBody)
        reversal = self.save(
            services.reverse_payment, payment=payment, actor=request.user, **form.cleaned_data
        )
        fresh = self.get_queryset().get(pk=reversal.pk)
        return Response(PaymentSerializer(fresh).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("aid-files", FileViewSet, basename="aid-file")
    router.register("aid-programmes", ProgrammeViewSet, basename="aid-programme")
    router.register("aid-payments", PaymentViewSet, basename="aid-payment")
    router.register("aid-standards", StandardViewSet, basename="aid-standard")
