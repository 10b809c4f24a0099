"""Fixtures of the reports tests: a small seeded demo county (members, contracts) and a way to
register a test-only indicator for the duration of one test."""

import datetime
import importlib
import random

import pytest

from apps.core import demo as core_demo
from apps.core.models import User
from apps.core.validators import id_check_char
from apps.reports import registry

SEED_OPTIONS = {"unions_per_township": 2, "members": 400}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db, media_root):
    """The demo county at a small scale: ~40 unions, 400 members, their contracts. Returns the
    county; the demo personas (county_admin, township_staff …) are its users."""
    rng = random.Random(2026)
    county = core_demo.seed(rng=rng, options=SEED_OPTIONS)
    for app in ("membership", "contracts"):
        try:
            module = importlib.import_module(f"apps.{app}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(rng=rng, options=SEED_OPTIONS)
    return county


@pytest.fixture
def client_factory(db):
    from django.test import Client

    def make(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def extra_indicator():
    """extra_indicator(code=..., ...) registers an indicator until the test ends."""
    added = []

    def register(**kwargs):
        item = registry.indicator(**kwargs)
        added.append(item.code)
        return item

    yield register
    for code in added:
        registry.REGISTRY.pop(code, None)


@pytest.fixture
def extra_section():
    """extra_section(code=..., order=..., ...) declares a line of work until the test ends."""
    from apps.reports import sections

    added = []

    def declare(**kwargs):
        item = sections.section(**{"label": kwargs["code"], "name": kwargs["code"], **kwargs})
        added.append(item.code)
        return item

    yield declare
    for code in added:
        sections.SECTIONS.pop(code, None)


def id_number(serial, born=datetime.date(1988, 4, 1), region="341122"):
    first17 = f"{region}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def add_member(union, serial, *, joined_on, name="测试会员"):
    """A member joined through the membership service (an 入会 line in the ledger)."""
    from apps.membership.models import Member
    from apps.membership.services import add_member as service

    member = Member(
        union=union,
        name=name,
        id_type="1",
        id_number=id_number(serial),
        sex="2",
        birth_date=datetime.date(1988, 4, 1),
        joined_on=joined_on,
    )
    return service(member=member, actor=None)
