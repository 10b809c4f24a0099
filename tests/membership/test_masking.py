"""ID and phone numbers are masked in every response a user without the reveal permission gets:
HTML pages, .xlsx exports (inline and background), API JSON. Revealing one is logged."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.core.models import Job
from apps.membership import services
from apps.membership.models import IdentityExport, IdentityReveal
from tests.membership.helpers import (  # noqa: F401
    FULL_ID,
    FULL_PHONE,
    fast_passwords,
    id_number,
    make_member,
)

NON_REVEALING = ("leader", "auditor", "township_staff")
EVERY_ROLE = ("county_admin", *NON_REVEALING)


@pytest.fixture
def member(tree):
    member = make_member(tree.union_a1, "张三", serial=11, card_no="HY011")
    # an edit, so the history on the page holds an old and a new number
    member.id_number = id_number(12)
    member.phone = "13600000012"
    return services.update_member(member=member, actor=None)


@pytest.fixture
def transfer(tree, personas, member):
    import datetime

    return services.request_transfer(
        member=member,
        to_union=tree.union_b1,
        actor=personas["township_staff"],
        requested_on=datetime.date(2024, 1, 1),
        reason="01",
    )


def grant_reveal(user):
    user.user_permissions.add(Permission.objects.get(codename="reveal_identity"))


def assert_masked(text, member, where):
    assert not re.search(FULL_ID, text), f"full ID number in {where}"
    assert not re.search(FULL_PHONE, text), f"full phone number in {where}"
    for secret in (member.id_number, member.phone, id_number(11), "13900000011"):
        assert secret not in text, f"{secret} in {where}"


def xlsx_text(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return "\n".join(
        str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def web_pages(member, transfer):
    return {
        "list": reverse("membership:member_list"),
        "search": reverse("membership:member_list") + f"?q={member.id_number[-4:]}",
        "detail": member.get_absolute_url(),
        "edit": reverse("membership:member_edit", args=[member.pk]),
        "transfers": reverse("membership:transfer_list"),
        "transfer": reverse("membership:transfer_detail", args=[transfer.pk]),
    }


@pytest.mark.parametrize("persona", NON_REVEALING)
def test_every_html_page_masks(client_for, member, transfer, persona):
    client = client_for(persona)
    for name, url in web_pages(member, transfer).items():
        response = client.get(url)
        if name == "edit" and persona != "township_staff":
            assert response.status_code == 403
            continue
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_masked(html, member, name)
        if name in ("list", "detail", "search"):
            assert member.id_number[:6] + "********" + member.id_number[-4:] in html, name
            assert "136****0012" in html, name


def list_pages(member, transfer):
    """The pages that list members (or people by member): masked for every role."""
    return {
        name: url
        for name, url in web_pages(member, transfer).items()
        if name in ("list", "search", "transfers")
    }


@pytest.mark.parametrize("persona", EVERY_ROLE)
def test_lists_mask_for_every_role_the_county_administrator_included(
    client_for, member, transfer, persona
):
    client = client_for(persona)
    for name, url in list_pages(member, transfer).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_masked(response.content.decode(), member, f"{name} as {persona}")


def test_the_county_administrator_s_list_masks_hundreds_of_members(client_for, tree):
    for serial in range(40, 100):
        make_member(tree.union_b1, f"会员{serial}", serial=serial)
    html = client_for("county_admin").get(reverse("membership:member_list")).content.decode()
    assert html.count("********") >= 50
    assert not re.search(FULL_ID, html) and not re.search(FULL_PHONE, html)


@pytest.mark.parametrize("persona", EVERY_ROLE)
def test_exports_mask_inline_and_in_the_background(
    client_for, member, persona, settings, media_root
):
    client = client_for(persona)
    response = client.get(reverse("membership:member_export"))
    text = xlsx_text(response.content)
    assert "张三" in text
    assert_masked(text, member, "inline export")

    settings.BACKGROUND_JOB_ROWS = 0
    response = client.get(reverse("membership:member_export"))
    assert response.status_code == 302
    job = Job.objects.filter(kind="export").latest("pk")
    assert job.status == "done", job.message
    with job.result_file.open("rb") as stored:
        text = xlsx_text(stored.read())
    assert "张三" in text
    assert_masked(text, member, "background export")


@pytest.mark.parametrize("persona", NON_REVEALING)
def test_every_api_response_masks(client_for, member, transfer, persona):
    client = client_for(persona)
    for url in (
        "/api/members/",
        f"/api/members/{member.pk}/",
        f"/api/members/?q={member.id_number}",
        "/api/transfers/",
        f"/api/transfers/{transfer.pk}/",
        "/api/membership-changes/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_masked(response.content.decode(), member, url)
    assert client.get(f"/api/members/?q={member.id_number}").json()["count"] == 1


def test_the_receiving_side_sees_only_name_and_masked_number(client_for, member, transfer):
    client = client_for("other_township_staff")
    html = client.get(reverse("membership:transfer_detail", args=[transfer.pk])).content.decode()
    assert "张三" in html
    assert_masked(html, member, "transfer page")
    assert "HY011" not in html  # nothing else of the record
    body = client.get(f"/api/transfers/{transfer.pk}/").content.decode()
    assert_masked(body, member, "transfer API")


def test_with_the_permission_the_list_and_export_still_mask_and_the_api_gives_full_numbers(
    client_for, personas, member
):
    grant_reveal(personas["township_staff"])
    client = client_for("township_staff")
    assert member.id_number not in client.get(reverse("membership:member_list")).content.decode()
    text = xlsx_text(client.get(reverse("membership:member_export")).content)
    assert_masked(text, member, "default export")
    assert client.get(f"/api/members/{member.pk}/").json()["id_number"] == member.id_number
    assert client.get(f"/api/members/{member.pk}/").json()["phone"] == member.phone
    # the member's own page still opens masked: full numbers only through the logged reveal
    assert member.id_number not in client.get(member.get_absolute_url()).content.decode()


def test_county_admin_reveals_and_the_reveal_is_logged(client_for, personas, member):
    client = client_for("county_admin")
    page = client.get(member.get_absolute_url()).content.decode()
    assert 'data-testid="reveal-id_number"' in page
    url = reverse("membership:member_reveal", args=[member.pk])
    response = client.post(url, {"what": "id_number"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert member.id_number in response.content.decode()
    response = client.post(url, {"what": "phone"}, HTTP_HX_REQUEST="true")
    assert member.phone in response.content.decode()
    rows = list(IdentityReveal.objects.order_by("pk").values_list("user", "member", "what"))
    admin = personas["county_admin"].pk
    assert rows == [(admin, member.pk, "id_number"), (admin, member.pk, "phone")]
    assert client.post(url, {"what": "name"}).status_code == 400


@pytest.mark.parametrize("persona", NON_REVEALING)
def test_without_the_permission_there_is_no_reveal(client_for, member, persona):
    client = client_for(persona)
    assert "reveal-id_number" not in client.get(member.get_absolute_url()).content.decode()
    url = reverse("membership:member_reveal", args=[member.pk])
    assert client.post(url, {"what": "id_number"}).status_code == 403
    assert not IdentityReveal.objects.exists()


def test_staff_granted_the_permission_reveal_in_their_scope_only(client_for, personas, member):
    grant_reveal(personas["other_township_staff"])
    client = client_for("other_township_staff")
    url = reverse("membership:member_reveal", args=[member.pk])
    assert client.post(url, {"what": "id_number"}).status_code == 404
    grant_reveal(personas["township_staff"])
    response = client_for("township_staff").post(url, {"what": "id_number"})
    assert member.id_number in response.content.decode()
    assert IdentityReveal.objects.get().user == personas["township_staff"]


def full_export_url(query=""):
    return reverse("membership:member_export_full") + query


@pytest.mark.parametrize("persona", ("county_admin", "granted"))
def test_an_export_with_full_numbers_is_a_separate_logged_choice(
    client_for, personas, tree, member, persona
):
    if persona == "granted":
        grant_reveal(personas["township_staff"])
    client = client_for("township_staff" if persona == "granted" else persona)
    page = client.get(reverse("membership:member_list")).content.decode()
    assert 'data-testid="export-full"' in page and "confirm-export-full" in page
    assert client.get(full_export_url()).status_code == 405  # a POST, never a link
    query = f"?subtree={tree.union_a1.pk}"
    response = client.post(full_export_url(query))
    assert response.status_code == 200
    text = xlsx_text(response.content)
    assert member.id_number in text and member.phone in text
    log = IdentityExport.objects.get()
    user = personas["township_staff" if persona == "granted" else persona]
    assert (log.user, log.org, log.rows) == (user, tree.union_a1, 1)
    assert log.query == query[1:]
    # the organisation's history and the audit page show it to the auditor
    audit = client_for("auditor").get(reverse("core:audit")).content.decode()
    assert "会员完整证件号码" in audit or "full ID" in audit


def test_the_full_export_in_the_background_is_logged_and_full(
    client_for, personas, member, settings, media_root
):
    settings.BACKGROUND_JOB_ROWS = 0
    client = client_for("county_admin")
    assert client.post(full_export_url()).status_code == 302
    job = Job.objects.filter(kind="export").latest("pk")
    assert job.status == "done", job.message
    with job.result_file.open("rb") as stored:
        assert member.id_number in xlsx_text(stored.read())
    assert IdentityExport.objects.get().org == personas["county_admin"].org


@pytest.mark.parametrize("persona", NON_REVEALING)
def test_without_the_permission_there_is_no_full_export(client_for, member, persona):
    client = client_for(persona)
    page = client.get(reverse("membership:member_list")).content.decode()
    assert "export-full" not in page
    assert client.post(full_export_url()).status_code == 403
    assert not IdentityExport.objects.exists()
