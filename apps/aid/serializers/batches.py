"""Payment batches, their roster lines, what paying one did, and a file's attachments as the API
reads them. Nothing here is sensitive: a line names the household and its amounts only."""

from django.urls import reverse
from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from ..models import AidBatch, AidBatchLine, FileAttachment

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class BatchLineSerializer(RecordSerializer):
    file_no = serializers.CharField(source="file.file_no", read_only=True)

    class Meta:
        model = AidBatchLine
        fields = [
            "id",
            "file",
            "file_no",
            "org",
            "recipient_name",
            "cash_amount",
            "goods_value",
            "source",
            "status",
            "payment",
            "unpaid_reason",
        ]
        read_only_fields = fields


class BatchSerializer(RecordSerializer):
    line_count = serializers.IntegerField(read_only=True)
    line_total = serializers.DecimalField(**MONEY)
    paid_count = serializers.IntegerField(read_only=True)
    paid_total = serializers.DecimalField(**MONEY)

    class Meta:
        model = AidBatch
        fields = [
            "id",
            "programme",
            "org",
            "name",
            "period",
            "category",
            "status",
            "line_count",
            "line_total",
            "paid_count",
            "paid_total",
            "reviewed_on",
            "review_opinion",
            "approved_on",
            "approval_opinion",
            "paid_on",
            "method",
            "fund_source",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class BatchDetailSerializer(BatchSerializer):
    """A batch with its roster (the lines the caller may see)."""

    lines = BatchLineSerializer(many=True, read_only=True, source="visible_lines")

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "lines"]
        read_only_fields = fields


class BatchPaymentSerializer(serializers.Serializer):
    """What paying a batch did (`services.pay_batch`)."""

    payments = serializers.IntegerField(read_only=True, help_text="Payments written.")
    total = serializers.DecimalField(**MONEY)
    remaining = serializers.DecimalField(**MONEY)
    pending = serializers.IntegerField(
        read_only=True, help_text="Lines the budget could not reach."
    )
    unpaid = serializers.IntegerField(read_only=True, help_text="Lines a rule left unpaid.")
    message = serializers.CharField(read_only=True)
    batch = BatchSerializer(read_only=True)


class AttachmentSerializer(RecordSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = FileAttachment
        fields = [
            "id",
            "file",
            "category",
            "original_name",
            "content_type",
            "size",
            "note",
            "uploaded_by",
            "created_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, attachment) -> str:
        return reverse("aid-attachment-download", args=[attachment.pk])
