"""API: indicators for a scope and period, and the issued reviews (listed and downloadable),
all scoped like the web pages."""

from django.http import FileResponse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .figures import snapshot
from .models import IssuedReview
from .queries import api_figures, period_for, scope_for
from .serializers import FiguresSerializer, IssuedReviewDetailSerializer, IssuedReviewSerializer

FIGURE_PARAMETERS = [
    OpenApiParameter("org", int, description="Organisation id (default: your own)."),
    OpenApiParameter("kind", str, enum=["year", "years", "stats"], description="Period kind."),
    OpenApiParameter("year", int, description="Calendar year, first year, or statistics year."),
    OpenApiParameter("to_year", int, description="Last year of a range (kind=years)."),
]


class OneObjectSchema(AutoSchema):
    """`list` here answers one object (a scope's figures for a period), not a list of them."""

    def _is_list_view(self, serializer=None):
        return False


class IndicatorViewSet(viewsets.ViewSet):
    """Every registered indicator for one organisation's subtree and one period, with the
    previous period's value, the change and the URL of the drill-down list."""

    schema = OneObjectSchema()

    @extend_schema(parameters=FIGURE_PARAMETERS, responses=FiguresSerializer)
    def list(self, request):
        scope = scope_for(request.user, request.query_params.get("org"))
        period = period_for(request.query_params)
        entries = snapshot(scope, period)
        data = {
            "org": scope.pk,
            "org_name": scope.name,
            "period": {**period.as_query(), "start": period.start, "end": period.end},
            "results": api_figures(scope, period, entries),
        }
        return Response(FiguresSerializer(data).data)


class IssuedReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Issued annual reviews in your scope; `pdf` downloads the stored PDF byte for byte."""

    filterset_fields = ["review", "version"]

    def get_queryset(self):
        return (
            IssuedReview.objects.visible_to(self.request.user)
            .select_related("review", "issued_by")
            .defer("html", "charts", "sections")
            .order_by("-issued_at", "pk")
        )

    def get_serializer_class(self):
        return IssuedReviewDetailSerializer if self.action == "retrieve" else IssuedReviewSerializer

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        issued = self.get_object()
        return FileResponse(issued.pdf.open("rb"), as_attachment=True, filename=issued.filename)


def register(router):
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("issued-reviews", IssuedReviewViewSet, basename="issued-review")
