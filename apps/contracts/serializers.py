from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from .models import CollectiveContract, PerformanceCheck, QualityAssessment, RubricItem


class ContractSerializer(RecordSerializer):
    """A contract as read by the API. Writes are validated by the web form (see api.py)."""

    current_status = serializers.CharField(read_only=True)
    covered_employers = serializers.SerializerMethodField()
    township = serializers.IntegerField(source="union.township_id", read_only=True)
    reply_due = serializers.DateField(read_only=True, allow_null=True)
    submission_due = serializers.DateField(read_only=True, allow_null=True)  # until signed
    reply_late = serializers.BooleanField(read_only=True)
    submission_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = CollectiveContract
        fields = [
            "id",
            "code",
            "title",
            "contract_type",
            "scope",
            "union",
            "township",
            "employer",
            "employer_side",
            "covered_employers",
            "union_chief",
            "employer_chief",
            "union_reps",
            "employer_reps",
            "offer_on",
            "reply_on",
            "reply_due",
            "reply_late",
            "congress_on",
            "congress_total",
            "congress_present",
            "congress_yes",
            "signed_on",
            "submitted_on",
            "submission_due",
            "submission_late",
            "review_result",
            "review_on",
            "review_note",
            "effective_on",
            "term_start",
            "term_end",
            "covered_employer_count",
            "covered_workers",
            "covered_women",
            "covered_migrants",
            "prev_avg_wage",
            "raise_pct",
            "wage_workers",
            "from_ledger",
            "renewed_from",
            "status",
            "current_status",
            "terminated_on",
            "termination_reason",
            "note",
            "updated_at",
        ]
        read_only_fields = fields

    def get_covered_employers(self, contract) -> list[int]:
        return [row.employer_id for row in contract.coverage.all()]


class CheckSerializer(RecordSerializer):
    class Meta:
        model = PerformanceCheck
        fields = [
            "id",
            "contract",
            "checked_on",
            "checker",
            "result",
            "reported_to_congress",
            "findings",
        ]
        read_only_fields = fields


class AssessmentSerializer(RecordSerializer):
    scores = serializers.SerializerMethodField()

    class Meta:
        model = QualityAssessment
        fields = ["id", "contract", "assessed_on", "assessor", "total_score", "max_total", "scores"]
        read_only_fields = fields

    def get_scores(self, assessment) -> dict[str, str]:
        return {str(s.item_id): str(s.score) for s in assessment.scores.all()}


class RubricItemSerializer(RecordSerializer):
    class Meta:
        model = RubricItem
        fields = ["id", "name", "description", "max_score", "order", "active"]
        read_only_fields = fields
