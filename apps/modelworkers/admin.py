"""Django admin for the operators who run the portal (superusers). County staff use the portal's
pages, which apply scope and the services' rules; awards are read-only here (recorded and
revoked through the services, which keep the person's treatment level)."""

from django.contrib import admin

from .models import Collective, HonourAward, HonourType, ModelWorker


@admin.register(HonourType)
class HonourTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "level", "recipient_kind", "treatment_level", "active"]
    list_filter = ["category", "level", "recipient_kind", "active"]
    search_fields = ["name"]


class AwardInline(admin.TabularInline):
    model = HonourAward
    fk_name = "model_worker"
    extra = 0
    fields = ["honour_type", "level", "year", "conferred_on", "document_no", "revoked"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ModelWorker)
class ModelWorkerAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "person_category", "treatment_level", "employment", "status"]
    list_filter = ["treatment_level", "status", "employment", "person_category", "hardship"]
    search_fields = ["name", "id_number"]
    list_select_related = ["org"]
    raw_id_fields = ["org", "employer"]
    inlines = [AwardInline]
    list_per_page = 50


@admin.register(Collective)
class CollectiveAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]
    list_select_related = ["org"]
    raw_id_fields = ["org", "employer"]


@admin.register(HonourAward)
class HonourAwardAdmin(admin.ModelAdmin):
    list_display = ["honour_type", "year", "level", "conferred_on", "document_no", "revoked"]
    list_filter = ["level", "honour_type__category", "revoked"]
    search_fields = ["document_no", "model_worker__name", "collective__name"]
    list_select_related = ["honour_type"]
    raw_id_fields = ["model_worker", "collective", "union_org"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
