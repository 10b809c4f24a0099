"""Competitions as the API shows them. Writes are validated by the web forms (see api/)."""

from rest_framework import serializers

from apps.core.serializers import RecordSerializer

from ..models import (
    Competition,
    CompetitionAward,
    CompetitionProject,
    Contestant,
    ContestResult,
    Participation,
    SkillsContest,
)


class CompetitionSerializer(RecordSerializer):
    employer_count = serializers.IntegerField(read_only=True)
    worker_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "name",
            "competition_type",
            "scheme",
            "level",
            "theme",
            "organiser",
            "co_organisers",
            "starts_on",
            "ends_on",
            "budget",
            "status",
            "note",
            "employer_count",
            "worker_count",
        ]
        read_only_fields = ["status"]


class ProjectSerializer(RecordSerializer):
    class Meta:
        model = CompetitionProject
        fields = ["id", "competition", "name", "builder", "investment", "note"]


class ParticipationSerializer(RecordSerializer):
    class Meta:
        model = Participation
        fields = [
            "id",
            "competition",
            "employer",
            "project",
            "workers",
            "teams",
            "score",
            "rank",
            "note",
        ]


class AwardSerializer(RecordSerializer):
    award_name = serializers.CharField(read_only=True)
    awardee_name = serializers.CharField(read_only=True)

    class Meta:
        model = CompetitionAward
        fields = [
            "id",
            "competition",
            "awardee_kind",
            "title",
            "award_name",
            "awardee_name",
            "employer",
            "team_name",
            "person_name",
            "awarded_on",
            "document_no",
            "prize_money",
            "deeds",
        ]


class ContestSerializer(RecordSerializer):
    class Meta:
        model = SkillsContest
        fields = ["id", "competition", "trade", "rounds", "held_on", "venue"]


class ContestantSerializer(RecordSerializer):
    class Meta:
        model = Contestant
        fields = ["id", "contest", "name", "sex", "employer", "number", "entered_on"]


class ResultSerializer(RecordSerializer):
    class Meta:
        model = ContestResult
        fields = [
            "id",
            "contestant",
            "round",
            "score",
            "rank",
            "prize",
            "prize_money",
            "title_granted",
            "promotion",
        ]
