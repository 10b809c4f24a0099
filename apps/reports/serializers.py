from rest_framework import serializers

from .models import IssuedReview


class FigureSerializer(serializers.Serializer):
    """One indicator for the requested scope and period."""

    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(help_text="万元 for money (values stay in 元), % for ratios.")
    section = serializers.CharField()
    kind = serializers.ChoiceField(choices=["flow", "stock", "ratio"])
    value = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, help_text="null: ratio with no base."
    )
    previous = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    change = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        allow_null=True,
        help_text="Change on the previous period in % (ratios: in percentage points).",
    )
    drilldown_url = serializers.CharField(help_text="The list of the records behind the value.")


class FiguresSerializer(serializers.Serializer):
    org = serializers.IntegerField()
    org_name = serializers.CharField()
    period = serializers.DictField(help_text="kind, year and (ranges) to_year; start and end.")
    results = FigureSerializer(many=True)


class IssuedReviewSerializer(serializers.ModelSerializer):
    org = serializers.IntegerField(source="review.org_id")
    period_kind = serializers.CharField(source="review.period_kind")
    first_year = serializers.IntegerField(source="review.first_year")
    last_year = serializers.IntegerField(source="review.last_year")
    issued_by = serializers.CharField(source="issued_by.username")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = IssuedReview
        fields = [
            "id",
            "review",
            "version",
            "title",
            "org",
            "period_kind",
            "first_year",
            "last_year",
            "pages",
            "pdf_sha256",
            "issued_by",
            "issued_at",
            "pdf_url",
        ]

    def get_pdf_url(self, issued) -> str:
        from django.urls import reverse

        request = self.context.get("request")
        url = reverse("issued-review-pdf", args=[issued.pk])
        return request.build_absolute_uri(url) if request else url


class IssuedReviewDetailSerializer(IssuedReviewSerializer):
    values = serializers.JSONField(help_text="The frozen figures: {code: {value, previous, …}}.")

    class Meta(IssuedReviewSerializer.Meta):
        fields = [*IssuedReviewSerializer.Meta.fields, "values"]
