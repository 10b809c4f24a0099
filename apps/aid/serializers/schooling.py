"""金秋助学 applications as the API reads them, with their step log; the student's ID number
masked for callers without the reveal right (`masking.py`)."""

from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from .. import masking
from ..choices import SchoolAidStatus
from ..models import SchoolAidApplication, SchoolAidStep
from .files import MaskedMixin


class SchoolAidStepSerializer(RecordSerializer):
    # Empty for the application, the first step.
    from_status = serializers.ChoiceField(
        choices=SchoolAidStatus.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = SchoolAidStep
        fields = [
            "id",
            "kind",
            "approved",
            "from_status",
            "to_status",
            "acting_org",
            "actor",
            "acted_on",
            "opinion",
        ]
        read_only_fields = fields


class SchoolAidSerializer(MaskedMixin, RecordSerializer):
    """An application on the parent's file (read); written through the application form and
    the step forms."""

    sensitive = masking.SCHOOL_AID_SENSITIVE
    steps = SchoolAidStepSerializer(many=True, read_only=True)

    class Meta:
        model = SchoolAidApplication
        fields = [
            "id",
            "programme",
            "file",
            "student",
            "student_name",
            "student_id_number",
            "school",
            "level",
            "admission_year",
            "school_year",
            "amount",
            "status",
            "applied_on",
            "publicity_starts_on",
            "publicity_ends_on",
            "decided_on",
            "updated_at",
            "steps",
        ]
        read_only_fields = fields
