"""Django admin for the operators (superusers); county staff use the portal's scoped pages.

The ledger is append-only (the database refuses updates and deletes), so its admin only reads.
"""

from django.contrib import admin

from .models import IdentityReveal, Member, MembershipChange, MemberTransfer


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "sex", "birth_date", "union", "employment", "joined_on", "status"]
    list_filter = ["status", "sex", "employment", "is_migrant"]
    search_fields = ["name", "name_initials", "name_pinyin", "id_number", "phone", "card_no"]
    list_select_related = ["union"]
    raw_id_fields = ["union", "employer"]
    readonly_fields = ["status", "status_since"]
    list_per_page = 50


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MembershipChange)
class MembershipChangeAdmin(ReadOnlyAdmin):
    list_display = ["member", "change_type", "changed_on", "reason", "union", "other_union"]
    list_filter = ["change_type", "reason"]
    list_select_related = ["member", "union", "other_union"]
    raw_id_fields = ["member", "union", "other_union", "recorded_by"]


@admin.register(MemberTransfer)
class MemberTransferAdmin(ReadOnlyAdmin):
    list_display = ["member", "from_union", "to_union", "requested_on", "status", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["member", "from_union", "to_union"]


@admin.register(IdentityReveal)
class IdentityRevealAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "member", "what"]
    list_select_related = ["user", "member"]
