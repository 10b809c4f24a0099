"""职工医疗互助 as the API reads it: enrolments, and claims with the person's ID number and
illness masked for callers without the reveal right (`masking.py`)."""

from apps.core.serializers import RecordSerializer

from .. import masking
from ..models import MutualAidClaim, MutualAidEnrolment
from .files import MaskedMixin


class EnrolmentSerializer(RecordSerializer):
    class Meta:
        model = MutualAidEnrolment
        fields = [
            "id",
            "org",
            "employer",
            "year",
            "workers",
            "contribution_per_head",
            "contribution_total",
            "enrolled_on",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimSerializer(MaskedMixin, RecordSerializer):
    sensitive = masking.CLAIM_SENSITIVE

    class Meta:
        model = MutualAidClaim
        fields = [
            "id",
            "enrolment",
            "member",
            "person_name",
            "id_number",
            "illness",
            "expenses",
            "amount",
            "status",
            "applied_on",
            "decided_on",
            "opinion",
            "decided_by",
            "created_at",
        ]
        read_only_fields = fields
