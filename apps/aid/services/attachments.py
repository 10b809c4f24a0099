"""Attachments of a hardship file: PDF and images only, size-limited, scoped like their file.

The type is read from the first bytes (a renamed executable or a web page is not a PDF because
it says .pdf), and the name's extension must agree with it, so the download serves what the
name promises. The stored name is generated; the clerk's file name is kept as text only.
`AID_ATTACHMENT_MAX_BYTES` in the settings changes the limit (10 MB by default).
"""

import os
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.scoping import ensure_visible
from apps.core.services import history_context
from apps.core.validators import clean_text

from ..choices import AttachmentCategory
from ..models import FileAttachment, HardshipFile
from .common import in_scope

MAX_BYTES = 10 * 1024 * 1024

# (magic bytes, content type, the extensions a file of that type may carry)
KINDS = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
)


def max_bytes():
    return getattr(settings, "AID_ATTACHMENT_MAX_BYTES", MAX_BYTES)


def sniff(head):
    """The content type and allowed extensions of a file starting with `head`, or None."""
    for magic, content_type, extensions in KINDS:
        if head.startswith(magic):
            return content_type, extensions
    return None


def attachment_errors(name, size, head):
    """Why an upload is refused ([] when it is accepted): shared by the form and the service."""
    errors = []
    limit = max_bytes()
    if not size:
        errors.append(_("The file is empty."))
    elif size > limit:
        errors.append(
            _("The file is %(size).1f MB; at most %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": limit // (1024 * 1024)}
        )
    kind = sniff(head)
    extension = os.path.splitext(name or "")[1].lower()
    if kind is None:
        errors.append(_("Only PDF, JPEG and PNG files are accepted."))
    elif extension not in kind[1]:
        errors.append(
            _("The file's name (%(ext)s) does not match its contents (%(type)s).")
            % {"ext": extension or "—", "type": kind[0]}
        )
    return errors


@transaction.atomic
def add_attachment(*, file, category, upload, actor, note=""):
    """Attach a scanned or photographed document to a file in the actor's scope (any status:
    a closed file keeps its papers). `upload` is a Django UploadedFile or File."""
    if actor is not None and not actor.can_edit:
        raise PermissionDenied(_("Your role reads records but does not change them."))
    file = in_scope(HardshipFile, file, actor)
    if category not in AttachmentCategory.values:
        raise ValidationError({"category": _("Choose the kind of document.")})
    name = os.path.basename(getattr(upload, "name", "") or "")
    upload.seek(0)
    head = upload.read(16)
    errors = attachment_errors(name, upload.size, head)
    if errors:
        raise ValidationError({"upload": errors})
    upload.seek(0)
    content = upload.read(max_bytes() + 1)  # never more than the limit, whatever size says
    size = len(content)
    errors = attachment_errors(name, size, content[:16])
    if errors:
        raise ValidationError({"upload": errors})
    content_type, _extensions = sniff(content[:16])
    extension = os.path.splitext(name)[1].lower()
    attachment = FileAttachment(
        file=file,
        category=category,
        original_name=clean_text(name)[:200],
        content_type=content_type,
        size=size,
        note=clean_text(note or "")[:200],
        uploaded_by=actor,
    )
    with history_context(actor, action="add_attachment"):
        attachment.upload.save(f"{uuid.uuid4().hex}{extension}", ContentFile(content), save=False)
        stored = attachment.upload.name
        try:
            attachment.save()
            ensure_visible(attachment, actor)
        except Exception:
            # A refused write leaves no stray file behind.
            attachment.upload.storage.delete(stored)
            raise
    return attachment
