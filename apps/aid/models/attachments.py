"""Attachments of a hardship file (申请书, 身份证, 户口本, 诊断证明 …), scanned or photographed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import track_history
from apps.core.scoping import ScopedQuerySet

from .. import choices
from .files import HardshipFile


class AttachmentQuerySet(ScopedQuerySet):
    """Scoped like their file: placed by the union that keeps it."""

    scope_paths = ("file__org__path",)


@track_history
class FileAttachment(models.Model):
    """A document kept with a file: a PDF or an image (JPEG, PNG), its type read from its first
    bytes rather than its name (services.attachments), stored under MEDIA_ROOT with a generated
    name so nothing a clerk typed becomes a path."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="attachments")
    category = models.CharField(
        _("category"), max_length=20, choices=choices.AttachmentCategory.choices
    )
    upload = models.FileField(_("file"), upload_to="aid/attachments/%Y/%m/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["file_id", "category", "pk"]

    def __str__(self):
        return self.original_name
