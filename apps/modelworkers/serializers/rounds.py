"""Nomination rounds, their candidates, checks and objections as the API reads them."""

from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from ..models.rounds import Candidate, JointCheck, NominationRound, RoundObjection


class RoundSerializer(RecordSerializer):
    class Meta:
        model = NominationRound
        fields = [
            "id",
            "org",
            "honour_type",
            "year",
            "name",
            "notice_no",
            "quota",
            "min_frontline",
            "min_migrant",
            "max_manager",
            "min_women",
            "deadline",
            "status",
            "submitted_on",
            "publicity_from",
            "publicity_to",
            "approved_on",
            "document_no",
            "updated_at",
        ]
        read_only_fields = fields


class CandidateSerializer(RecordSerializer):
    class Meta:
        model = Candidate
        fields = [
            "id",
            "round",
            "model_worker",
            "recommended_by",
            "name",
            "sex",
            "person_category",
            "employer_name",
            "post",
            "deeds",
            "status",
            "status_reason",
            "award",
        ]
        read_only_fields = fields


class JointCheckSerializer(RecordSerializer):
    class Meta:
        model = JointCheck
        fields = ["id", "round", "candidate", "department", "result", "checked_on", "note"]
        read_only_fields = fields


class RoundObjectionSerializer(RecordSerializer):
    class Meta:
        model = RoundObjection
        fields = [
            "id",
            "round",
            "candidate",
            "raised_on",
            "raised_by",
            "content",
            "decision",
            "decided_on",
            "finding",
        ]
        read_only_fields = fields


class RatioSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    total = serializers.IntegerField()
    limit = serializers.DecimalField(max_digits=5, decimal_places=2)
    at_least = serializers.BooleanField()
    share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    holds = serializers.BooleanField()
    sentence = serializers.CharField()


class RatiosSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    quota = serializers.IntegerField()
    ratios = RatioSerializer(many=True)
    problems = serializers.ListField(child=serializers.CharField())
