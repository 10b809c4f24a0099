"""Programmes, payments and 低保标准 as the API reads them."""

from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from ..models import (
    AidPayment,
    AidProgramme,
    LowIncomeStandard,
)


class ProgrammeSerializer(RecordSerializer):
    remaining_budget = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = AidProgramme
        fields = [
            "id",
            "org",
            "year",
            "kind",
            "name",
            "budget",
            "remaining_budget",
            "standard_amount",
            "amount_deep",
            "amount_relative",
            "amount_accident",
            "fund_sources",
            "eligible_on",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class PaymentSerializer(RecordSerializer):
    file_no = serializers.CharField(source="file.file_no", read_only=True, allow_null=True)

    class Meta:
        model = AidPayment
        fields = [
            "id",
            "kind",
            "programme",
            "period",
            "file",
            "file_no",
            "org",
            "recipient_name",
            "cash_amount",
            "goods_value",
            "goods_description",
            "paid_on",
            "method",
            "fund_source",
            "signed_by",
            "employer",
            "people_reached",
            "reverses",
            "replaces",
            "is_exception",
            "reason",
            "created_at",
        ]
        read_only_fields = fields


class StandardSerializer(RecordSerializer):
    class Meta:
        model = LowIncomeStandard
        fields = ["id", "org", "year", "area", "monthly_amount", "note"]
        read_only_fields = fields
