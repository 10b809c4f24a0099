"""A file's attachments on its page and through the API: the upload form and the list on the
file's page, uploads refused in words (type, size, name) with nothing saved, the download served
as an attachment with a safe name, its sniffed type and nosniff, scoped like the file (another
township's attachment is a 404), leaders and auditors read but do not upload."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.aid import services
from apps.aid.choices import AttachmentCategory
from apps.aid.models import FileAttachment
from apps.aid.views.attachments import content_disposition
from tests.aid.helpers import apply
from tests.pages import count_queries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.AID_ATTACHMENT_MAX_BYTES = 1024


@pytest.fixture
def files(tree, standards):
    mine = apply(tree.union_a1, 1)
    theirs = apply(tree.union_b1, 2, name="赵大海")
    attached = {
        file.pk: services.add_attachment(
            file=file,
            category=AttachmentCategory.APPLICATION,
            upload=SimpleUploadedFile('申请书 "终稿";.pdf', PDF),
            actor=None,
        )
        for file in (mine, theirs)
    }
    return {
        "mine": mine,
        "theirs": theirs,
        "attachment": attached[mine.pk],
        "their": attached[theirs.pk],
    }


def upload(client, file, name, content, category=AttachmentCategory.ID_CARD):
    return client.post(
        reverse("aid:attachment_add", args=[file.pk]),
        {"category": category, "upload": SimpleUploadedFile(name, content), "note": "正面"},
    )


def test_the_file_page_lists_attachments_and_offers_the_upload(client_for, files):
    html = client_for("township_staff").get(reverse("aid:file_detail", args=[files["mine"].pk]))
    html = html.content.decode()
    assert 'data-testid="attachment-form"' in html
    assert reverse("aid:attachment_download", args=[files["attachment"].pk]) in html
    assert reverse("aid:attachment_download", args=[files["their"].pk]) not in html
    for persona in ("leader", "auditor"):
        html = client_for(persona).get(reverse("aid:file_detail", args=[files["mine"].pk]))
        html = html.content.decode()
        assert 'data-testid="attachment-form"' not in html, persona
        assert reverse("aid:attachment_download", args=[files["attachment"].pk]) in html


def test_an_image_is_uploaded_through_the_page(client_for, files):
    response = upload(client_for("township_staff"), files["mine"], "身份证.png", PNG)
    assert response.status_code == 302
    assert response["Location"].endswith("#attachments")
    attachment = FileAttachment.objects.get(original_name="身份证.png")
    assert (attachment.content_type, attachment.note) == ("image/png", "正面")
    assert attachment.uploaded_by.username == "township_staff"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.pdf", HTML, "Only PDF, JPEG and PNG files are accepted."),
        ("scan.png", PDF, "does not match its contents"),
        ("big.pdf", PDF + b"0" * 2048, "at most 0 MB"),
    ],
)
def test_a_refused_upload_is_named_and_nothing_is_saved(client_for, files, name, content, message):
    response = upload(client_for("township_staff"), files["mine"], name, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-upload"' in html and message in html
    assert FileAttachment.objects.count() == 2


def test_the_download_is_an_attachment_with_a_safe_name_and_nosniff(client_for, files):
    response = client_for("township_staff").get(
        reverse("aid:attachment_download", args=[files["attachment"].pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=UTF-8''" + quote("申请书 _终稿_.pdf", safe="") in disposition
    assert '"' not in disposition.split("filename=", 1)[1].strip('"').split('";')[0]


def test_a_name_without_ascii_falls_back_to_a_plain_one():
    assert content_disposition("身份证.jpg").startswith('attachment; filename="attachment.jpg";')
    assert "\r" not in content_disposition("a\r\nSet-Cookie: x.pdf")
    assert "/" not in content_disposition("../../etc/passwd.pdf")


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_downloads_answer_200(client_for, files, persona):
    url = reverse("aid:attachment_download", args=[files["attachment"].pk])
    assert client_for(persona).get(url).status_code == 200


def test_another_township_s_attachment_is_404_and_cannot_be_added_to(client_for, files):
    client = client_for("other_township_staff")
    url = reverse("aid:attachment_download", args=[files["attachment"].pk])
    assert client.get(url).status_code == 404
    assert upload(client, files["mine"], "x.png", PNG).status_code == 404
    assert client.get(reverse("aid:attachment_add", args=[files["mine"].pk])).status_code == 404
    assert FileAttachment.objects.count() == 2


@pytest.mark.parametrize("persona", ["leader", "auditor"])
def test_read_only_roles_get_403_on_upload(client_for, files, persona):
    assert upload(client_for(persona), files["mine"], "x.png", PNG).status_code == 403
    assert FileAttachment.objects.count() == 2


def test_anonymous_is_sent_to_login(files):
    client = Client()
    for url in (
        reverse("aid:attachment_download", args=[files["attachment"].pk]),
        reverse("aid:attachment_add", args=[files["mine"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_file_page_needs_the_same_queries_for_more_attachments(client_for, files):
    client = client_for("township_staff")
    url = reverse("aid:file_detail", args=[files["mine"].pk])
    small, _response = count_queries(client, url)
    for n in range(3):
        upload(client, files["mine"], f"{n}.png", PNG)
    large, response = count_queries(client, url)
    assert large == small
    assert response.content.decode().count('data-testid="download-') == 4


# API ------------------------------------------------------------------------------------------


def test_the_api_lists_uploads_and_downloads_in_scope(api, files):
    client = api("township_staff")
    rows = client.get(f"/api/aid-attachments/?file={files['mine'].pk}").json()["results"]
    assert [row["id"] for row in rows] == [files["attachment"].pk]
    everything = client.get("/api/aid-attachments/").json()["results"]
    assert files["their"].pk not in [row["id"] for row in everything]
    response = client.post(
        "/api/aid-attachments/",
        {
            "file": files["mine"].pk,
            "category": AttachmentCategory.INCOME,
            "upload": SimpleUploadedFile("收入.png", PNG),
        },
    )
    assert response.status_code == 201, response.content
    made = FileAttachment.objects.get(pk=response.json()["id"])
    assert made.content_type == "image/png"
    download = client.get(response.json()["download"])
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment; ")


def test_the_api_refuses_bad_uploads_with_400_and_scopes_with_404(api, files):
    client = api("township_staff")
    bad = client.post(
        "/api/aid-attachments/",
        {
            "file": files["mine"].pk,
            "category": AttachmentCategory.INCOME,
            "upload": SimpleUploadedFile("x.pdf", HTML),
        },
    )
    assert bad.status_code == 400 and "upload" in bad.json()
    foreign = client.post(
        "/api/aid-attachments/",
        {
            "file": files["theirs"].pk,
            "category": AttachmentCategory.INCOME,
            "upload": SimpleUploadedFile("x.png", PNG),
        },
    )
    assert foreign.status_code == 400 and "file" in foreign.json()
    assert client.get(f"/api/aid-attachments/{files['their'].pk}/download/").status_code == 404
    assert client.get(f"/api/aid-attachments/{files['their'].pk}/").status_code == 404
    assert client.post("/api/aid-attachments/", {"category": "nope"}).status_code == 400
    assert FileAttachment.objects.count() == 2
    for persona in ("leader", "auditor"):
        response = api(persona).post(
            "/api/aid-attachments/",
            {
                "file": files["mine"].pk,
                "category": AttachmentCategory.INCOME,
                "upload": SimpleUploadedFile("x.png", PNG),
            },
        )
        assert response.status_code == 403, persona
    assert Client().get("/api/aid-attachments/").status_code in (401, 403)
