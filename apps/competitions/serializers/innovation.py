"""Proposals, innovations, studios (with their yearly reports) and 安康杯 entries as the API
reads them. Writes are the forms' and the services' (`api/innovation.py`)."""

from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from ..models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal, StudioReport

__all__ = [
    "AnkangEntrySerializer",
    "InnovationSerializer",
    "ProposalSerializer",
    "StudioReportSerializer",
    "StudioSerializer",
]


class ProposalSerializer(RecordSerializer):
    class Meta:
        model = Proposal
        fields = [
            "id",
            "code",
            "title",
            "content",
            "org",
            "employer",
            "proposers",
            "proposer_members",
            "category",
            "submitted_on",
            "review_result",
            "reviewed_on",
            "review_reason",
            "implemented_on",
            "annual_benefit",
            "reward",
            "golden_idea",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class InnovationSerializer(RecordSerializer):
    class Meta:
        model = Innovation
        fields = [
            "id",
            "title",
            "kind",
            "org",
            "employer",
            "people",
            "year",
            "problems_solved",
            "patent_no",
            "patent_kind",
            "benefit",
            "award_level",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class StudioReportSerializer(RecordSerializer):
    class Meta:
        model = StudioReport
        fields = ["id", "studio", "year", "topics", "patents", "apprentices", "benefit", "note"]
        read_only_fields = fields


class StudioSerializer(RecordSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    class Meta:
        model = InnovationStudio
        fields = [
            "id",
            "name",
            "studio_type",
            "level",
            "org",
            "host_employer",
            "leader",
            "leader_name",
            "members",
            "status",
            "named_on",
            "doc_no",
            "subsidy",
            "recheck_due",
            "rechecked_on",
            "revoked_on",
            "revoke_reason",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class AnkangEntrySerializer(RecordSerializer):
    class Meta:
        model = AnkangEntry
        fields = ["id", "employer", "year", "teams", "workers", "score", "award", "note"]
        read_only_fields = fields
