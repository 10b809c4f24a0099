"""`manage.py setup_county`: a real county's first run on an empty database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from apps.core.choices import OrgKind, OrgLevel, Role
from apps.core.management.commands import setup_county
from apps.core.models import UnionOrg, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

PASSWORD = "Jx-county-2026!"
CREDIT = "81140826MC00000015"  # a valid GB 32100 code (check character 5)


def setup(**options):
    options = {"name": "绛县总工会", "code": "JX", "admin": "jx_admin", **options}
    call_command("setup_county", **options)


def test_an_empty_database_gets_the_county_and_its_administrator_who_can_log_in():
    setup(password=PASSWORD, credit_code=CREDIT.lower())

    county = UnionOrg.objects.get()
    assert (county.name, county.code, county.level, county.kind) == (
        "绛县总工会",
        "JX",
        OrgLevel.COUNTY,
        OrgKind.COUNTY_FEDERATION,
    )
    assert county.parent is None and county.path == f"/{county.pk}/" and county.depth == 0
    assert county.credit_code == CREDIT  # normalised as the form does
    admin = User.objects.get()
    assert (admin.username, admin.role, admin.org) == ("jx_admin", Role.COUNTY_ADMIN, county)
    client = Client()
    response = client.post("/login/", {"username": "jx_admin", "password": PASSWORD})
    assert response.status_code == 302
    orgs = client.get(reverse("core:org_list"))
    assert orgs.status_code == 200 and "绛县总工会" in orgs.content.decode()
    assert UnionOrg.objects.visible_to(admin).get() == county


def test_a_second_run_is_refused_naming_the_county_and_writes_nothing():
    setup(password=PASSWORD)
    with pytest.raises(CommandError, match="绛县总工会.*JX"):
        setup(name="另一个县总工会", code="LX", admin="other_admin", password=PASSWORD)
    assert list(UnionOrg.objects.values_list("code", flat=True)) == ["JX"]
    assert list(User.objects.values_list("username", flat=True)) == ["jx_admin"]


def test_a_database_with_the_demo_county_is_refused(tree):
    with pytest.raises(CommandError, match="清河县总工会"):
        setup(password=PASSWORD)
    assert not UnionOrg.objects.filter(code="JX").exists()
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["short", "12345678901", "password123", "jx_admin1"])
def test_a_password_the_validators_refuse_is_refused_and_nothing_is_written(password):
    with pytest.raises(CommandError, match="Password refused"):
        setup(password=password)
    assert not UnionOrg.objects.exists()
    assert not User.objects.exists()


def test_without_password_it_is_asked_for_twice(monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    prompts = []

    def fake_getpass(prompt):
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(setup_county, "getpass", fake_getpass)
    setup()
    assert len(prompts) == 2 and "jx_admin" in prompts[0]
    assert User.objects.get().check_password(PASSWORD)


def test_two_different_answers_create_nothing(monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(setup_county, "getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        setup()
    assert not UnionOrg.objects.exists()
    assert not User.objects.exists()


def test_no_terminal_to_ask_on_is_a_clear_refusal(monkeypatch):
    def no_input(prompt):
        raise EOFError

    monkeypatch.setattr(setup_county, "getpass", no_input)
    with pytest.raises(CommandError, match="--password"):
        setup()
    assert not UnionOrg.objects.exists()


@pytest.mark.parametrize(
    "credit_code",
    [
        "81140826MC00000016",  # wrong check character
        "81140826MC00000",  # too short
        "81ABCDEFMC00000015",  # region not digits
    ],
)
def test_a_bad_credit_code_is_refused_and_nothing_is_written(credit_code):
    with pytest.raises(CommandError, match="--credit-code"):
        setup(password=PASSWORD, credit_code=credit_code)
    assert not UnionOrg.objects.exists()
    assert not User.objects.exists()


@pytest.mark.parametrize("code", ["JX-01", " "])
def test_a_code_children_could_not_be_numbered_from_is_refused(code):
    with pytest.raises(CommandError, match="--code"):
        setup(password=PASSWORD, code=code)
    assert not UnionOrg.objects.exists()


def test_a_bad_user_name_is_refused():
    with pytest.raises(CommandError, match="--admin"):
        setup(password=PASSWORD, admin="has space")
    assert not UnionOrg.objects.exists()
