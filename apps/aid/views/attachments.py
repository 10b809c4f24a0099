"""A hardship file's attachments: uploading one (`services.add_attachment`, PDF and images only,
size-limited) and downloading it, scoped like the file (another township's attachment does not
exist for the user). The download is always served as an attachment with the type read from
its first bytes and `nosniff`, so a browser never renders it as something else."""

import os
import re
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.permissions import require_edit

from .. import services
from ..forms import AttachmentForm
from ..models import FileAttachment, HardshipFile
from .common import scoped

UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def safe_filename(name, fallback="attachment"):
    """The name a download is saved under, without path separators, quotes or control
    characters; never empty."""
    name = unicodedata.normalize("NFC", name or "")
    name = UNSAFE.sub("_", name).strip(" ._") or fallback
    return name[:150]


def content_disposition(name):
    """`attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    name = safe_filename(name)
    stem, extension = os.path.splitext(name)
    ascii_stem = stem.encode("ascii", "ignore").decode().strip(" ._")
    ascii_extension = extension.encode("ascii", "ignore").decode()
    ascii_name = safe_filename((ascii_stem or "attachment") + ascii_extension)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_add(request, pk):
    require_edit(request.user)
    file = scoped(HardshipFile, request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attachment = services.add_attachment(
                file=file,
                category=data["category"],
                upload=data["upload"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Attached %(name)s.") % {"name": attachment.original_name})
            return redirect(reverse("aid:file_detail", args=[file.pk]) + "#attachments")
    context = {"form": form, "file": file, "title": _("Attach a document")}
    return render(request, "aid/attachment_form.html", context)


def attachment_download(request, pk):
    return serve(scoped(FileAttachment, request, pk))


def serve(attachment):
    """The stored document as a download: its sniffed type, a safe name, never rendered."""
    try:
        handle = attachment.upload.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


__all__ = [
    "attachment_add",
    "attachment_download",
    "content_disposition",
    "safe_filename",
    "serve",
]
