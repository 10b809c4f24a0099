"""Django admin for the operators who run the portal (superusers). County staff use the portal's
pages, which apply scope and the services' rules (steps, entry and award periods); the status
and the honour link are read-only here."""

from django.contrib import admin

from .models import Competition, CompetitionAward, Participation, SkillsContest


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "competition_type",
        "level",
        "organiser",
        "starts_on",
        "ends_on",
        "status",
    ]
    list_filter = ["competition_type", "level", "status"]
    search_fields = ["name", "scheme"]
    list_select_related = ["organiser"]
    raw_id_fields = ["organiser", "created_by"]
    readonly_fields = ["status"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["competition", "employer", "workers", "teams", "rank"]
    search_fields = ["employer__name", "competition__name"]
    list_select_related = ["competition", "employer"]
    raw_id_fields = ["competition", "employer", "project"]


@admin.register(CompetitionAward)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["competition", "awardee_kind", "title", "honour_type", "awarded_on"]
    list_filter = ["awardee_kind", "title"]
    list_select_related = ["competition", "honour_type", "employer"]
    raw_id_fields = ["competition", "employer", "model_worker", "collective", "recorded_by"]
    readonly_fields = ["honour_award"]


@admin.register(SkillsContest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["competition", "trade", "rounds", "held_on"]
    list_select_related = ["competition"]
    raw_id_fields = ["competition"]
