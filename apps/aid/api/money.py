"""The programmes', payments' and 低保标准 API."""

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from apps.core.apiwrites import (
    ApiWrites,
    FormValidatedViewSet,
    form_body,
    write_action,
)
from apps.core.permissions import require_county_admin

from .. import services
from ..filters import PaymentFilter, ProgrammeFilter
from ..forms import (
    PaymentForm,
    ProgrammeForm,
    ReversalForm,
    StandardForm,
)
from ..models import (
    AidPayment,
    AidProgramme,
    LowIncomeStandard,
)
from ..serializers import (
    PaymentSerializer,
    ProgrammeSerializer,
    StandardSerializer,
)
from .common import SCHEMA_USER

# Who the schema's forms are built for: someone who may fill in every field, with no scope.


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
