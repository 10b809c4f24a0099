"""Competition fixtures on the shared small tree (tests/conftest.py).

`comp` builds a county competition running through 2025 in township A's scope, with the tree's
two employers and a third, non-public one; helpers move it through its steps."""

import datetime

import pytest

from apps.competitions import services
from apps.competitions.choices import CompetitionStatus, CompetitionType
from apps.competitions.models import Competition, Participation
from apps.core.models import Employer


@pytest.fixture(autouse=True)
def _fast_passwords(fast_passwords):
    """Personas hashed cheaply: the permission matrix logs in many times."""


@pytest.fixture(autouse=True)
def _english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def make_competition(
    org,
    *,
    name="城关镇重点工程立功竞赛",
    start=(2025, 3, 1),
    end=(2025, 11, 30),
    competition_type=CompetitionType.KEY_PROJECT,
    actor=None,
    **fields,
):
    competition = Competition(
        name=name,
        competition_type=competition_type,
        scheme=fields.pop("scheme", "五比五看"),
        organiser=org,
        starts_on=datetime.date(*start),
        ends_on=datetime.date(*end),
        **fields,
    )
    return services.save_competition(competition=competition, actor=actor)


def advance_to(competition, status, actor=None):
    order = list(CompetitionStatus)
    while competition.status != status:
        following = order[order.index(CompetitionStatus(competition.status)) + 1]
        competition = services.advance_competition(
            competition=competition, actor=actor, to=following
        )
    return competition


def enter(competition, employer, workers, actor=None, **fields):
    return services.enter_participation(
        participation=Participation(
            competition=competition, employer=employer, workers=workers, **fields
        ),
        actor=actor,
    )


@pytest.fixture
def employer_a2(tree):
    """A state-owned (国有) employer in township A, not organised."""
    return Employer.objects.create(
        name="城关镇国有粮库", nature="110", township=tree.township_a, headcount=30
    )


@pytest.fixture
def comp(tree):
    return make_competition(tree.township_a)
