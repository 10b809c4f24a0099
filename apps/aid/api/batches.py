"""The payment batches' API: the list (BatchFilter), a new batch, a batch with its roster, and
each move on it through the same forms and services as the web pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from apps.core.apiwrites import UNKNOWN, ApiWrites, NoBody, StrictBody, form_body, write_action

from .. import services
from ..batch_sheets import batch_queryset
from ..filters import BatchFilter
from ..forms import BatchForm, BatchPayForm, DecisionForm
from ..models import AidBatch, AidBatchLine
from ..serializers.batches import BatchDetailSerializer, BatchPaymentSerializer, BatchSerializer
from .common import SCHEMA_USER

BatchCreate = form_body(BatchForm, name="AidBatchCreate", user=SCHEMA_USER)
BatchDecision = form_body(DecisionForm, name="AidBatchDecision")
BatchPay = form_body(BatchPayForm, name="AidBatchPay")


class LineBody(StrictBody, serializers.Serializer):
    """One household on the roster: its file, and the amounts (blank: the programme's)."""

    file = serializers.IntegerField(min_value=1, help_text=gettext_lazy("The file's id."))
    cash_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    goods_value = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )


class AddLinesBody(serializers.Serializer):
    """Households entered on the roster, all or none."""

    lines = LineBody(many=True, allow_empty=False, max_length=5000)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = {name: [UNKNOWN] for name in data if name not in self.fields}
            if unknown:
                raise serializers.ValidationError(unknown)
        return super().to_internal_value(data)


class RemoveLineBody(StrictBody, serializers.Serializer):
    line = serializers.IntegerField(min_value=1, help_text=gettext_lazy("The line's id."))


class BatchViewSet(
    ApiWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Payment batches in the caller's scope: drawn up, reviewed, approved and paid. A batch's
    page (`GET /{id}/`) holds its roster; the list holds each roster's size and sums."""

    serializer_class = BatchSerializer
    filterset_class = BatchFilter
    bodies = {"create": BatchCreate}

    def get_queryset(self):
        user = self.request.user
        queryset = batch_queryset(user).order_by("-created_at", "-pk")
        if getattr(self, "action", None) == "retrieve":
            lines = AidBatchLine.objects.visible_to(user).select_related("file").order_by("pk")
            queryset = queryset.prefetch_related(
                Prefetch("lines", queryset=lines, to_attr="visible_lines")
            )
        return queryset

    def get_serializer_class(self):
        if getattr(self, "action", None) == "retrieve":
            return BatchDetailSerializer
        return BatchSerializer

    def _answer(self, batch, code=status.HTTP_200_OK):
        fresh = batch_queryset(self.request.user).get(pk=batch.pk)
        return Response(BatchSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        form = self.form_for(BatchCreate, instance=AidBatch(), user=request.user)
        batch = self.save(services.create_batch, batch=form.save(commit=False), actor=request.user)
        return self._answer(batch, status.HTTP_201_CREATED)

    @write_action(NoBody, responses=BatchSerializer)
    def draw(self, request, pk=None):
        """Draw the roster: every eligible household not yet on it."""
        batch = self.get_object()
        self.body(NoBody)
        self.save(services.draw_roster, batch=batch, actor=request.user)
        return self._answer(batch)

    @write_action(AddLinesBody, responses=BatchSerializer, code=status.HTTP_201_CREATED)
    def add_lines(self, request, pk=None):
        """Households entered by hand, all or none (each refused line named)."""
        batch = self.get_object()
        data = self.body(AddLinesBody)
        self.save(services.add_lines, batch=batch, actor=request.user, lines=data["lines"])
        return self._answer(batch, status.HTTP_201_CREATED)

    @write_action(RemoveLineBody, responses=BatchSerializer)
    def remove_line(self, request, pk=None):
        """Take a household off a roster that is still being drawn up."""
        batch = self.get_object()
        data = self.body(RemoveLineBody)
        line = (
            AidBatchLine.objects.visible_to(request.user)
            .filter(batch=batch, pk=data["line"])
            .first()
        )
        if line is None:
            raise serializers.ValidationError({"line": [_("No such line on this roster.")]})
        self.save(services.remove_line, line=line, actor=request.user)
        return self._answer(batch)

    @write_action(BatchDecision, responses=BatchSerializer)
    def review(self, request, pk=None):
        """审核: approved, the batch passes to approval; refused (with an opinion), it goes
        back to be drawn up."""
        batch = self.get_object()
        form = self.form_for(BatchDecision)
        self.save(services.review_batch, batch=batch, actor=request.user, **form.service_args())
        return self._answer(batch)

    @write_action(BatchDecision, responses=BatchSerializer)
    def approve(self, request, pk=None):
        """审批, by the county or the union that runs the programme."""
        batch = self.get_object()
        form = self.form_for(BatchDecision)
        self.save(services.approve_batch, batch=batch, actor=request.user, **form.service_args())
        return self._answer(batch)

    @write_action(BatchPay, responses=BatchPaymentSerializer)
    def pay(self, request, pk=None):
        """Pay an approved batch: each pending line a payment under the rules of a single one;
        lines a rule refuses are left unpaid with the reason, the budget's end named."""
        batch = self.get_object()
        form = self.form_for(BatchPay, programme=batch.programme)
        result = self.save(services.pay_batch, batch=batch, actor=request.user, **form.cleaned_data)
        fresh = batch_queryset(request.user).get(pk=batch.pk)
        data = {
            "payments": result.payments,
            "total": result.total,
            "remaining": result.remaining,
            "pending": result.pending,
            "unpaid": len(result.unpaid),
            "message": result.message,
            "batch": fresh,
        }
        return Response(BatchPaymentSerializer(data).data)
