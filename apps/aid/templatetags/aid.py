"""Badges of the aid pages, by status member (never by a bare string in a template)."""

from django import template

from ..choices import EntryKind, FileStatus

register = template.Library()

BADGES = {
    FileStatus.APPLIED: "text-bg-secondary",
    FileStatus.UNIT_REVIEWED: "text-bg-info",
    FileStatus.VISITED: "text-bg-info",
    FileStatus.PUBLICITY: "text-bg-warning",
    FileStatus.PUBLICIZED: "text-bg-primary",
    FileStatus.ACTIVE: "text-bg-success",
    FileStatus.REFUSED: "text-bg-danger",
}


@register.filter
def file_badge(status):
    """The badge class of a file's status; closed files are grey."""
    return BADGES.get(status, "text-bg-light border")


@register.filter
def is_reversal(payment):
    return payment.kind == EntryKind.REVERSAL
