"""The logged reveal and the logged full export of a household's sensitive information, as
members' numbers have them: every list and the default export mask for every role, the county
administrator included; a file's page opens masked and is one logged reveal away for a user
with the reveal right; an export in full is a separate, logged POST."""

import io
import json

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.aid.choices import RevealChannel
from apps.aid.models import FileReveal, SensitiveExport
from apps.core.history import history_for
from tests.aid.test_masking import BANK, leaked, secret_file

MASKED_ROLES = ("township_staff", "leader", "auditor")


@pytest.fixture
def secret(tree, standards, personas):
    return secret_file(tree, personas)


def workbook_text(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return json.dumps([list(map(str, r)) for r in sheet.iter_rows(values_only=True)])


def responses(client, file):
    """Every response type that shows a file: {kind: text}."""
    answers = {
        "list html": client.get("/aid/"),
        "detail html": client.get(f"/aid/{file.pk}/"),
        "xlsx export": client.get("/aid/export/"),
        "api list": client.get("/api/aid-files/"),
        "api detail": client.get(f"/api/aid-files/{file.pk}/"),
    }
    assert {kind: a.status_code for kind, a in answers.items()} == dict.fromkeys(answers, 200)
    texts = {kind: a.content.decode() for kind, a in answers.items() if kind != "xlsx export"}
    texts["xlsx export"] = workbook_text(answers["xlsx export"].content)
    return texts


@pytest.mark.parametrize("name", MASKED_ROLES)
def test_every_response_type_masks_for_roles_without_the_reveal_right(name, secret, client_for):
    client = client_for(name)
    for kind, text in responses(client, secret).items():
        assert not leaked(text, secret), (name, kind, leaked(text, secret))
    assert client.get(f"/aid/{secret.pk}/").context["shown"]["bank_account"].endswith("8888")
    assert not FileReveal.objects.exists()


def test_the_county_admins_lists_pages_and_default_export_mask_too(secret, client_for):
    texts = responses(client_for("county_admin"), secret)
    for kind in ("list html", "detail html", "xlsx export", "api list"):
        assert not leaked(texts[kind], secret), (kind, leaked(texts[kind], secret))
    # The API's one-file read is in full for the reveal right, and logged as such.
    assert secret.id_number in texts["api detail"]
    assert list(FileReveal.objects.values_list("file", "via")) == [(secret.pk, RevealChannel.API)]


def test_a_reveal_on_the_page_shows_the_household_in_full_and_is_logged(
    secret, personas, client_for
):
    client = client_for("county_admin")
    page = client.get(f"/aid/{secret.pk}/").content.decode()
    assert 'data-testid="reveal"' in page and not leaked(page, secret)
    answer = client.post(f"/aid/{secret.pk}/reveal/")
    assert answer.status_code == 200
    text = answer.content.decode()
    member = secret.family.get()
    for value in (secret.id_number, member.id_number, "6228480099998888", "12345.67", "777.77"):
        assert value in text, value
    reveal = FileReveal.objects.get()
    assert (reveal.file, reveal.user, reveal.via) == (
        secret,
        personas["county_admin"],
        RevealChannel.PAGE,
    )
    # The reveal is a row of the file's history, naming who (never the values).
    entries = [e for e in history_for(secret, viewer=personas["auditor"]) if e.key == reveal.pk]
    assert entries and entries[0].label == "reveal"
    assert not leaked(json.dumps([[c.field, c.new] for c in entries[0].changes]), secret)
    # Reloading the page masks again.
    assert not leaked(client.get(f"/aid/{secret.pk}/").content.decode(), secret)


@pytest.mark.parametrize("name", MASKED_ROLES)
def test_a_role_without_the_right_cannot_reveal_nor_export_in_full(name, secret, client_for):
    client = client_for(name)
    assert client.post(f"/aid/{secret.pk}/reveal/").status_code == 403
    assert client.post("/aid/export/full/").status_code == 403
    assert 'data-testid="reveal"' not in client.get(f"/aid/{secret.pk}/").content.decode()
    assert 'data-testid="export-full"' not in client.get("/aid/").content.decode()
    assert not FileReveal.objects.exists() and not SensitiveExport.objects.exists()


def test_a_reveal_of_another_townships_file_is_not_found(secret, personas, client_for):
    """Staff of the other township holding the reveal right still cannot reach the file."""
    other = personas["other_township_staff"]
    other.user_permissions.add(Permission.objects.get(codename="reveal_identity"))
    client = client_for("other_township_staff")
    assert client.post(f"/aid/{secret.pk}/reveal/").status_code == 404
    assert client.get(f"/api/aid-files/{secret.pk}/").status_code == 404
    assert not FileReveal.objects.exists()


def test_township_staff_with_the_permission_reveal_their_own_files(secret, personas, client_for):
    staff = personas["township_staff"]
    staff.user_permissions.add(Permission.objects.get(codename="reveal_identity"))
    answer = client_for("township_staff").post(f"/aid/{secret.pk}/reveal/")
    assert answer.status_code == 200 and secret.id_number in answer.content.decode()
    assert FileReveal.objects.get().user == staff


def test_the_full_export_is_a_logged_choice(secret, tree, personas, client_for):
    client = client_for("county_admin")
    assert client.get("/aid/export/full/").status_code == 405  # a POST, confirmed on the list
    assert 'data-testid="export-full"' in client.get("/aid/").content.decode()
    query = f"union={tree.township_a.pk}"
    answer = client.post(f"/aid/export/full/?{query}")
    assert answer.status_code == 200
    text = workbook_text(answer.content)
    member = secret.family.get()
    for value in (secret.id_number, member.id_number, "6228480099998888", "777.77"):
        assert value in text, value
    export = SensitiveExport.objects.get()
    assert (export.user, export.org, export.ledger, export.query, export.rows) == (
        personas["county_admin"],
        tree.township_a,
        "aid_files",
        query,
        1,
    )
    # Shown in the organisation's history and on the audit page.
    assert any(e.key == export.pk for e in history_for(tree.township_a, viewer=personas["auditor"]))
    audit = client_for("auditor").get(reverse("core:audit") + "?action=reveal")
    assert audit.status_code == 200 and BANK not in audit.content.decode()
