"""Badges of the payment batches' pages (by status member) and a file's attachments card."""

from django import template

from ..choices import BatchStatus, LineStatus
from ..forms import AttachmentForm
from ..models import FileAttachment

register = template.Library()

BATCH_BADGES = {
    BatchStatus.DRAFT: "text-bg-secondary",
    BatchStatus.REVIEWED: "text-bg-info",
    BatchStatus.APPROVED: "text-bg-primary",
    BatchStatus.PARTLY_PAID: "text-bg-warning",
    BatchStatus.PAID: "text-bg-success",
}
LINE_BADGES = {
    LineStatus.PENDING: "text-bg-light border",
    LineStatus.PAID: "text-bg-success",
    LineStatus.UNPAID: "text-bg-danger",
}


@register.filter
def batch_badge(status):
    return BATCH_BADGES.get(status, "text-bg-light border")


@register.filter
def line_badge(status):
    return LINE_BADGES.get(status, "text-bg-light border")


@register.inclusion_tag("aid/_attachment_card.html", takes_context=True)
def file_attachments(context, file):
    """The file's attachments (one query) and, for who may change records, the upload form."""
    user = context["request"].user
    attachments = (
        FileAttachment.objects.visible_to(user)
        .filter(file=file)
        .select_related("uploaded_by")
        .order_by("category", "pk")
    )
    return {
        "file": file,
        "attachments": attachments,
        "form": AttachmentForm() if user.can_edit else None,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
