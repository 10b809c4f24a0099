"""What the 金秋助学 and 医疗互助 pages need: status badges by member, and a file's
applications for its page (`aid/_school_aid.html`, included by the file's page)."""

from django import template

from ..choices import ClaimStatus, FileStatus, SchoolAidStatus
from ..models import SchoolAidApplication

register = template.Library()

BADGES = {
    SchoolAidStatus.APPLIED: "text-bg-secondary",
    SchoolAidStatus.PUBLICITY: "text-bg-warning",
    SchoolAidStatus.PUBLICIZED: "text-bg-primary",
    SchoolAidStatus.APPROVED: "text-bg-success",
    SchoolAidStatus.REFUSED: "text-bg-danger",
}


@register.filter
def school_aid_badge(status):
    return BADGES.get(status, "text-bg-light border")


@register.simple_tag(takes_context=True)
def school_aid_of(context, file):
    """The file's applications as the viewer may see them (one query), and whether the viewer
    may apply on it (a household on file, a role that writes)."""
    user = context["request"].user
    return {
        "applications": SchoolAidApplication.objects.visible_to(user)
        .filter(file=file)
        .select_related("programme"),
        "can_apply": user.can_edit and file.status == FileStatus.ACTIVE,
    }


CLAIM_BADGES = {
    ClaimStatus.APPLIED: "text-bg-secondary",
    ClaimStatus.APPROVED: "text-bg-success",
    ClaimStatus.REFUSED: "text-bg-danger",
}


@register.filter
def claim_badge(status):
    return CLAIM_BADGES.get(status, "text-bg-light border")
