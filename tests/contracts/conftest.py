"""Contract fixtures on the shared small tree (tests/conftest.py); helpers are in helpers.py.

The tree gains a joint union in township A covering a second employer (for regional
contracts) and an unorganised employer.
"""

import pytest

from apps.contracts.models import RubricItem
from apps.core.choices import OrgForm, OrgKind
from apps.core.models import Employer
from tests.conftest import make_org


@pytest.fixture(autouse=True)
def _fast_passwords(fast_passwords):
    """Personas hashed cheaply: the permission matrix logs in many times."""


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked in the source language (English), in services and pages alike, so
    the tests do not depend on the Chinese catalogue's wording; the rule cited (第36条 …) is
    in both."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def extra(tree):
    """A joint union in township A covering employer_a2, and an unorganised employer_a3."""
    tree.joint_a = make_org(
        "城关镇商贸联合工会委员会",
        tree.township_a,
        code="QH-01-003",
        kind=OrgKind.REGIONAL,
        form=OrgForm.JOINT,
    )
    tree.employer_a2 = Employer.objects.create(
        name="城关镇福瑞商贸有限公司",
        nature="170",
        township=tree.township_a,
        union=tree.joint_a,
        headcount=40,
        women_count=25,
        migrant_count=5,
    )
    tree.employer_a3 = Employer.objects.create(
        name="城关镇个体餐馆",
        nature="600",
        township=tree.township_a,
        headcount=6,
        women_count=3,
    )
    return tree


@pytest.fixture
def rubric(db):
    return [
        RubricItem.objects.create(name="协商主体", max_score=20, order=1),
        RubricItem.objects.create(name="协商程序", max_score=30, order=2),
        RubricItem.objects.create(name="协商内容", max_score=50, order=3),
    ]
