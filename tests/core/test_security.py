"""Sign-in and session safety: lockout after repeated failures, short sessions, strong passwords,
an open health check, and spreadsheets that cannot smuggle formulas."""

import io

import openpyxl
import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from apps.core.models import UnionOrg
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_passwords")


def sign_in(username, password, address="10.1.2.3"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return client, response


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_right_password_signs_in(personas):
    client, response = sign_in("township_staff", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in(client)


def test_a_username_is_locked_after_the_failure_limit_even_with_the_right_password(personas):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit - 1):
        client, response = sign_in("township_staff", f"guess-{attempt}")
        assert response.status_code == 200  # the form again, with its error
        assert not signed_in(client)

    client, response = sign_in("township_staff", "one-guess-too-many")
    assert response.status_code == 429

    client, response = sign_in("township_staff", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert AccessAttempt.objects.filter(username="township_staff").exists()

    reset(username="township_staff")

    client, response = sign_in("township_staff", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_lockout_follows_the_username_across_addresses(personas):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in("township_staff", "wrong", address=f"10.0.0.{attempt + 1}")

    client, response = sign_in("township_staff", PASSWORD, address="10.9.9.9")

    assert response.status_code == 429
    assert not signed_in(client)
    # a colleague signing in from elsewhere is not affected
    client, response = sign_in("other_township_staff", PASSWORD, address="10.8.8.8")
    assert response.status_code == 302 and signed_in(client)


def test_the_health_check_answers_without_signing_in(db):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_sessions_end_with_the_browser_and_within_a_working_day():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_is_a_browser_session_cookie(personas):
    client, response = sign_in("township_staff", PASSWORD)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    assert cookie["httponly"] is True


@pytest.mark.parametrize("weak", ["12345678", "password", "township_staff1"])
def test_password_validators_reject_weak_passwords(personas, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=personas["township_staff"])


def test_password_validators_accept_a_strong_password(personas):
    assert validate_password("Qinghe-county-2026!", user=personas["township_staff"]) is None


def test_pages_cannot_be_framed_or_sniffed(client_for):
    response = client_for("township_staff").get(reverse("core:org_list"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_session_api_write_needs_the_csrf_token(personas, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["township_staff"])

    response = client.patch(
        f"/api/orgs/{tree.union_a1.pk}/", {"chair_name": "x"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert UnionOrg.objects.get(pk=tree.union_a1.pk).chair_name == ""


def test_an_export_cannot_carry_a_formula(client_for, tree):
    UnionOrg.objects.filter(pk=tree.union_a1.pk).update(
        chair_name='=HYPERLINK("http://evil.example","点我")', short_name="+1+1"
    )

    response = client_for("township_staff").get(reverse("core:org_export") + "?q=宏达")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = {header.value: cell for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert row["工会主席"].value == '\'=HYPERLINK("http://evil.example","点我")'
    assert row["工会主席"].data_type == "s"
    assert row["简称"].value == "'+1+1"
