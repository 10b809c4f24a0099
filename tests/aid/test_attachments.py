"""Attachments of a file: PDF, JPEG and PNG by their first bytes, at most the size limit,
stored under MEDIA_ROOT with a generated name, scoped like their file."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.aid import services
from apps.aid.choices import AttachmentCategory
from apps.aid.models import FileAttachment
from apps.core.scoping import OutOfScope
from tests.aid.helpers import apply

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.AID_ATTACHMENT_MAX_BYTES = 1024


@pytest.fixture
def file(tree, standards):
    return apply(tree.union_a1, 1)


def attach(file, name, content, actor=None, category=AttachmentCategory.ID_CARD):
    return services.add_attachment(
        file=file, category=category, upload=SimpleUploadedFile(name, content), actor=actor
    )


@pytest.mark.parametrize(
    ("name", "content"), [("申请书.pdf", PDF), ("a.PNG", PNG), ("b.jpeg", JPEG)]
)
def test_a_pdf_or_an_image_is_kept_under_media_root(file, tmp_path, name, content):
    attachment = attach(file, name, content)
    assert attachment.original_name == name
    assert attachment.size == len(content)
    stored = tmp_path / attachment.upload.name
    assert stored.read_bytes() == content
    assert stored.name != name and stored.suffix == name[name.rindex(".") :].lower()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.pdf", b"<html><script>alert(1)</script></html>", "Only PDF, JPEG and PNG"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 32, "Only PDF, JPEG and PNG"),
        ("照片.pdf", PNG, "does not match its contents"),
        ("scan.png.exe", PDF, "does not match its contents"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", PDF + b"0" * 1024, "at most"),
    ],
)
def test_other_types_names_that_lie_and_oversized_files_are_refused(
    file, tmp_path, name, content, message
):
    with pytest.raises(ValidationError, match=message):
        attach(file, name, content)
    assert not FileAttachment.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_another_townships_file_is_out_of_scope_and_a_reader_cannot_attach(file, personas):
    with pytest.raises(OutOfScope):
        attach(file, "a.pdf", PDF, personas["other_township_staff"])
    with pytest.raises(PermissionDenied):
        attach(file, "a.pdf", PDF, personas["leader"])
    attachment = attach(file, "a.pdf", PDF, personas["township_staff"])
    assert list(FileAttachment.objects.visible_to(personas["township_staff"])) == [attachment]
    assert not FileAttachment.objects.visible_to(personas["other_township_staff"]).exists()


def test_an_unknown_category_is_refused(file):
    with pytest.raises(ValidationError, match="kind of document"):
        attach(file, "a.pdf", PDF, category="selfie")
