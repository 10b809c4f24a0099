"""Django admin, for the operators who run the portal (superusers). County staff use the portal's
own pages, which apply scope; the admin is not offered to them."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Employer, Job, UnionOrg, User


@admin.register(UnionOrg)
class UnionOrgAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "township", "founded_on", "status"]
    list_filter = ["level", "kind", "status"]
    search_fields = ["name", "code", "name_initials"]
    list_select_related = ["parent", "township"]
    raw_id_fields = ["parent"]
    list_per_page = 50


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "nature", "township", "union", "headcount"]
    list_filter = ["nature", "must_organise"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["township", "union"]
    raw_id_fields = ["township", "union"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "org", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("UnionPortal", {"fields": ("role", "org", "phone")}),)
    raw_id_fields = ["org"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
