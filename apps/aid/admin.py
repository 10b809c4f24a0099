"""Django admin for the operators who run the portal (superusers). County staff use the portal's
pages, which apply scope and the services' rules. The payments ledger and the file steps are
read-only here as in the database: a correction is a reversal, made through the services."""

from django.contrib import admin

from .models import (
    AidPayment,
    AidProgramme,
    FamilyMember,
    FileObjection,
    FileStep,
    HardshipFile,
    LowIncomeStandard,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FamilyInline(admin.TabularInline):
    model = FamilyMember
    extra = 0
    fields = ["name", "relation", "id_number", "monthly_income", "schooling_level"]
    raw_id_fields = ["member"]


class StepInline(admin.TabularInline):
    model = FileStep
    extra = 0
    fields = ["kind", "approved", "outcome", "to_status", "acting_org", "actor", "acted_on"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HardshipFile)
class HardshipFileAdmin(admin.ModelAdmin):
    list_display = ["file_no", "name", "org", "category", "person_kind", "status", "applied_on"]
    list_filter = ["status", "category", "person_kind", "file_level"]
    search_fields = ["file_no", "name"]
    list_select_related = ["org"]
    raw_id_fields = ["org", "member", "employer"]
    inlines = [FamilyInline, StepInline]
    list_per_page = 50


@admin.register(FileStep)
class FileStepAdmin(ReadOnlyAdmin):
    list_display = ["file", "kind", "approved", "outcome", "acting_org", "actor", "acted_on"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["file", "acting_org", "actor"]


@admin.register(FileObjection)
class FileObjectionAdmin(admin.ModelAdmin):
    list_display = ["file", "raised_on", "decision", "decided_on"]
    list_filter = ["decision"]
    raw_id_fields = ["file"]


@admin.register(LowIncomeStandard)
class LowIncomeStandardAdmin(admin.ModelAdmin):
    list_display = ["org", "year", "area", "monthly_amount"]
    list_filter = ["year", "area"]
    raw_id_fields = ["org"]


@admin.register(AidProgramme)
class AidProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "kind", "org", "budget", "standard_amount"]
    list_filter = ["year", "kind"]
    search_fields = ["name"]
    raw_id_fields = ["org"]


@admin.register(AidPayment)
class AidPaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "paid_on",
        "kind",
        "programme",
        "period",
        "recipient_name",
        "cash_amount",
        "goods_value",
    ]
    list_filter = ["kind", "method", "fund_source"]
    search_fields = ["recipient_name"]
    list_select_related = ["programme"]
    list_per_page = 50
