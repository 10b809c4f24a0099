"""The hardship files as the API reads them, sensitive fields masked (`masking.py`)."""

from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from .. import masking
from ..choices import FileStatus
from ..models import (
    FamilyMember,
    FileObjection,
    FileStep,
    HardshipFile,
)


def _reveal(serializer):
    """Whether the caller may read sensitive fields in full, decided once per response."""
    root = serializer.root
    if "reveal" not in root.context:
        request = root.context.get("request")
        root.context["reveal"] = bool(request and masking.can_reveal(request.user))
    return root.context["reveal"]


def _masked_fields(names):
    """Sensitive fields typed so a masked value fits the schema: text as text, amounts as
    numbers or null."""
    fields = {}
    for name in names:
        if name in masking.AMOUNTS:
            fields[name] = serializers.DecimalField(
                max_digits=12,
                decimal_places=2,
                read_only=True,
                allow_null=True,
            )
        else:
            fields[name] = serializers.CharField(read_only=True, allow_blank=True)
    return fields


class MaskedMixin:
    """Masks `sensitive` unless the caller may reveal; those fields are typed so that a masked
    value still matches the schema."""

    sensitive = ()

    def get_fields(self):
        return {**super().get_fields(), **_masked_fields(self.sensitive)}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return masking.mask_values(data, self.sensitive, reveal=_reveal(self))


class FamilyMemberSerializer(MaskedMixin, RecordSerializer):
    sensitive = masking.MEMBER_SENSITIVE

    class Meta:
        model = FamilyMember
        fields = [
            "id",
            "name",
            "relation",
            "id_number",
            "sex",
            "birth_date",
            "ethnicity",
            "political_status",
            "member",
            "monthly_income",
            "health",
            "disability_type",
            "disability_grade",
            "medical_insurance",
            "marital_status",
            "household_type",
            "model_worker_type",
            "work_status",
            "work_unit",
            "labor_contract_start",
            "labor_contract_term",
            "schooling_level",
            "admission_year",
            "study_years",
        ]
        read_only_fields = fields


FILE_FIELDS = [
    "id",
    "file_no",
    "org",
    "status",
    "category",
    "legacy_category",
    "suggested_category",
    "category_reason",
    "low_income_standard",
    "person_kind",
    "file_level",
    "file_origin",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "political_status",
    "phone",
    "member",
    "health",
    "disability_type",
    "disability_grade",
    "work_status",
    "model_worker_type",
    "marital_status",
    "household_type",
    "medical_insurance",
    "housing_type",
    "housing_area",
    "address",
    "household_region",
    "work_start_on",
    "work_unit",
    "employer",
    "unit_type",
    "enterprise_status",
    "industry",
    "labor_contract_start",
    "labor_contract_term",
    "is_single_parent",
    "zero_employment_family",
    "can_self_help",
    "monthly_income",
    "other_annual_income",
    "household_annual_income",
    "rigid_expenses",
    "household_size",
    "per_capita_monthly",
    "main_cause",
    "secondary_causes",
    "bank",
    "bank_branch",
    "bank_account",
    "filed_by",
    "checked_by",
    "applied_on",
    "filed_on",
    "publicity_starts_on",
    "publicity_ends_on",
    "last_reviewed_on",
    "closed_on",
    "note",
    "updated_at",
]


class FileSerializer(MaskedMixin, RecordSerializer):
    """A household's file with its family members (read); written through the file form."""

    sensitive = masking.FILE_SENSITIVE
    family = FamilyMemberSerializer(many=True, read_only=True)

    class Meta:
        model = HardshipFile
        fields = [*FILE_FIELDS, "family"]
        read_only_fields = fields


class StepSerializer(RecordSerializer):
    # Empty for the application, the first step.
    from_status = serializers.ChoiceField(
        choices=FileStatus.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = FileStep
        fields = [
            "id",
            "kind",
            "approved",
            "review_kind",
            "outcome",
            "from_status",
            "to_status",
            "acting_org",
            "actor",
            "acted_on",
            "opinion",
        ]
        read_only_fields = fields


class ObjectionSerializer(RecordSerializer):
    class Meta:
        model = FileObjection
        fields = [
            "id",
            "file",
            "raised_on",
            "raised_by",
            "content",
            "decision",
            "decided_on",
            "decision_note",
        ]
        read_only_fields = fields
