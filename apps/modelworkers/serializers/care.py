"""The care ledger as the API reads it."""

from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from ..models.care import CareRecord


class CareSerializer(RecordSerializer):
    model_worker_name = serializers.CharField(source="model_worker.name", read_only=True)

    class Meta:
        model = CareRecord
        fields = [
            "id",
            "entry",
            "kind",
            "model_worker",
            "model_worker_name",
            "org",
            "year",
            "given_on",
            "amount",
            "fund_level",
            "note",
            "reverses",
            "replaces",
            "is_exception",
            "reason",
            "created_at",
        ]
        read_only_fields = fields
