"""Shared fixtures: a small county tree and the five personas of DESIGN.md.

county (清河县总工会)
├── township_a (城关镇总工会)   ← township_staff
│   ├── union_a1 (宏达纺织有限公司工会)
│   └── union_a2
└── township_b (新庄镇总工会)   ← other_township_staff
    └── union_b1
"""

import pytest
from django.conf import settings
from django.test import Client

from apps.core.choices import OrgKind, OrgLevel, Role
from apps.core.models import Employer, UnionOrg, User
from apps.core.services import save_org

PASSWORD = "test-pass-2026"


def make_org(name, parent=None, *, level=None, kind=None, **fields):
    if level is None:
        level = {
            None: OrgLevel.COUNTY,
            OrgLevel.COUNTY: OrgLevel.TOWNSHIP,
        }.get(parent.level if parent else None, OrgLevel.GRASSROOTS)
    if kind is None:
        kind = {
            OrgLevel.COUNTY: OrgKind.COUNTY_FEDERATION,
            OrgLevel.TOWNSHIP: OrgKind.TOWNSHIP_FEDERATION,
        }.get(level, OrgKind.ENTERPRISE)
    return save_org(
        org=UnionOrg(name=name, parent=parent, level=level, kind=kind, **fields), actor=None
    )


def make_user(username, org, role):
    user = User.objects.create_user(username=username, password=PASSWORD, org=org, role=role)
    return user


class Tree:
    def __init__(self):
        self.county = make_org("清河县总工会", code="QH", short_name="县总工会")
        self.township_a = make_org("城关镇总工会", self.county, code="QH-01", short_name="城关镇")
        self.township_b = make_org("新庄镇总工会", self.county, code="QH-02", short_name="新庄镇")
        self.union_a1 = make_org("宏达纺织有限公司工会", self.township_a, code="QH-01-001")
        self.union_a2 = make_org(
            "城关镇卫生院工会", self.township_a, code="QH-01-002", kind=OrgKind.INSTITUTION
        )
        self.union_b1 = make_org("新庄机械厂工会", self.township_b, code="QH-02-001")
        self.employer_a1 = Employer.objects.create(
            name="宏达纺织有限公司",
            nature="170",
            township=self.township_a,
            union=self.union_a1,
            headcount=120,
            women_count=70,
            migrant_count=30,
        )
        self.employer_b1 = Employer.objects.create(
            name="新庄机械厂",
            nature="170",
            township=self.township_b,
            union=self.union_b1,
            headcount=80,
            women_count=10,
            migrant_count=20,
        )


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def personas(tree):
    return {
        "county_admin": make_user("county_admin", tree.county, Role.COUNTY_ADMIN),
        "township_staff": make_user("township_staff", tree.township_a, Role.ORG_STAFF),
        "other_township_staff": make_user("other_township_staff", tree.township_b, Role.ORG_STAFF),
        "leader": make_user("leader", tree.county, Role.LEADER),
        "auditor": make_user("auditor", tree.county, Role.AUDITOR),
    }


@pytest.fixture
def client_for(personas):
    """client_for("township_staff") → a logged-in test client."""

    def make(name):
        client = Client()
        client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def api(personas):
    """api("township_staff") → a client authenticated by the persona's API token, as a script
    is."""
    from rest_framework.authtoken.models import Token

    def make(name):
        token, _created = Token.objects.get_or_create(user=personas[name])
        return Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    return make


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded and generated files (jobs' workbooks) go to a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fast_passwords(settings):
    """A cheap password hasher, so each persona costs milliseconds rather than PBKDF2's ~0.3 s.
    Request it before `personas` (e.g. `pytestmark = pytest.mark.usefixtures(...)`)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the portal's default language (Chinese): a request in an earlier
    test may have left another language active on the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# tests/plugin runs on its own with a throwaway app installed (`--ds=tests.plugin.settings`).
collect_ignore = [] if "apps.sample" in settings.INSTALLED_APPS else ["plugin"]
