"""Behind a reverse proxy the login lockout counts failures per client, not per proxy: the
client's address comes from X-Forwarded-For only when the request arrives from a configured
trusted proxy (`TRUSTED_PROXIES`), and is never taken from a header a client could write."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.core.proxies import client_ip
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_passwords")

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/29", "::1"]


def sign_in(username, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    client = Client(**extra)
    response = client.post(reverse("login"), {"username": username, "password": password}, **extra)
    return response, "_auth_user_id" in client.session


def fail_to_the_limit(username, **where):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(username, f"wrong-{attempt}", **where)


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked_not_the_proxy(
    personas, behind_proxy
):
    fail_to_the_limit("township_staff", remote=PROXY, forwarded="203.0.113.7")

    # the guessing client is locked out, also for another user name
    response, signed_in = sign_in(
        "other_township_staff", PASSWORD, remote=PROXY, forwarded="203.0.113.7"
    )
    assert response.status_code == 429 and not signed_in
    # a colleague coming through the same proxy from another address signs in
    response, signed_in = sign_in("county_admin", PASSWORD, remote=PROXY, forwarded="198.51.100.9")
    assert response.status_code == 302 and signed_in


def test_a_client_cannot_escape_the_lockout_by_writing_x_forwarded_for(personas, behind_proxy):
    # an untrusted REMOTE_ADDR: its X-Forwarded-For is ignored, however it changes
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in("township_staff", "wrong", remote="203.0.113.50", forwarded=f"192.0.2.{attempt}")

    response, signed_in = sign_in(
        "other_township_staff", PASSWORD, remote="203.0.113.50", forwarded="192.0.2.200"
    )
    assert response.status_code == 429 and not signed_in


def test_without_trusted_proxies_x_forwarded_for_is_ignored(personas):
    assert settings.TRUSTED_PROXIES == []
    fail_to_the_limit("township_staff", remote=PROXY, forwarded="203.0.113.7")

    response, signed_in = sign_in(
        "other_township_staff", PASSWORD, remote=PROXY, forwarded="198.51.100.9"
    )
    assert response.status_code == 429 and not signed_in  # the address is the proxy's


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # the right-most address that is not one of our proxies
        (PROXY, "203.0.113.7", "203.0.113.7"),
        (PROXY, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        # what the client wrote to the left of the first untrusted hop is ignored
        (PROXY, "10.0.0.1, 203.0.113.7", "203.0.113.7"),
        # garbage beyond our proxies: the last hop they vouched for
        (PROXY, "not-an-address, 10.0.0.2", "10.0.0.2"),
        (PROXY, "", PROXY),
        ("::1", "2001:db8::7", "2001:db8::7"),
        # not from a trusted proxy: its own address, whatever the header says
        ("203.0.113.50", "192.0.2.1", "203.0.113.50"),
        ("10.0.0.9", "192.0.2.1", "10.0.0.9"),
    ],
)
def test_the_client_address(behind_proxy, remote, forwarded, client):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == client
