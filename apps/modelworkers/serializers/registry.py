"""The registry as the API reads it. Writes are validated by the web forms (see api/)."""

from rest_framework import serializers

from apps.core.masking import can_reveal, shown_id_number, shown_phone
from apps.core.serializers import RecordSerializer

from ..choices import Level
from ..models import Collective, HonourAward, HonourType, ModelWorker


def treatment_field():
    """The treatment level: one of the levels, or blank for none (the schema says both)."""
    return serializers.ChoiceField(choices=Level.choices, allow_blank=True, read_only=True)


class RevealMixin:
    """ID numbers and phones in full only for callers who may reveal (as members')."""

    masked = ()

    def reveal(self):
        if "reveal" not in self.context:
            request = self.context.get("request")
            self.context["reveal"] = bool(request and can_reveal(request.user))
        return self.context["reveal"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        reveal = self.reveal()
        if "id_number" in data:
            data["id_number"] = shown_id_number(data["id_number"], reveal)
        if "phone" in data:
            data["phone"] = shown_phone(data["phone"], reveal)
        return data


class HonourTypeSerializer(RecordSerializer):
    treatment_level = treatment_field()

    class Meta:
        model = HonourType
        fields = [
            "id",
            "name",
            "category",
            "level",
            "conferring_body",
            "recipient_kind",
            "treatment_level",
            "is_merit",
            "active",
        ]
        read_only_fields = fields


class ModelWorkerSerializer(RevealMixin, RecordSerializer):
    """A model worker's file; `treatment_level` and `top_award` follow from the awards."""

    township = serializers.IntegerField(source="org.township_id", read_only=True, allow_null=True)
    treatment_level = treatment_field()

    class Meta:
        model = ModelWorker
        fields = [
            "id",
            "name",
            "id_number",
            "sex",
            "birth_date",
            "phone",
            "org",
            "township",
            "member",
            "person_category",
            "employer",
            "work_unit",
            "post",
            "employment",
            "status",
            "status_on",
            "status_reason",
            "transferred_to",
            "hardship",
            "treatment_level",
            "top_award",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class CollectiveSerializer(RevealMixin, RecordSerializer):
    class Meta:
        model = Collective
        fields = [
            "id",
            "name",
            "kind",
            "org",
            "employer",
            "parent_unit",
            "leader",
            "phone",
            "status",
            "status_on",
            "status_reason",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class HonourAwardSerializer(RecordSerializer):
    class Meta:
        model = HonourAward
        fields = [
            "id",
            "honour_type",
            "level",
            "model_worker",
            "collective",
            "union_org",
            "year",
            "conferred_on",
            "document_no",
            "certificate_no",
            "recommended_by",
            "deeds",
            "revoked",
            "revoked_on",
            "revoked_reason",
            "source",
            "created_at",
        ]
        read_only_fields = fields
