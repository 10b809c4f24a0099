"""The demo's competitions: several years, deterministic, keeping the services' rules."""

import random

import pytest

from apps.competitions import demo
from apps.competitions.choices import CompetitionStatus
from apps.competitions.models import Competition, CompetitionAward, Participation

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        Participation.objects.values_list("competition__name", "employer__name", "workers")
    )


def test_the_demo_is_deterministic_and_keeps_the_rules(tree):
    counts = demo.seed(rng=random.Random(7))
    assert counts["competitions"] >= 4 * (demo.AS_OF.year - demo.FIRST_YEAR + 1)
    assert counts["participations"] > 0 and counts["awards"] > 0 and counts["results"] > 0
    years = {c.starts_on.year for c in Competition.objects.all()}
    assert len(years) >= 5
    first = snapshot()
    for award in CompetitionAward.objects.select_related("competition"):
        assert award.competition.starts_on <= award.awarded_on <= award.competition.ends_on
        assert award.competition.status == CompetitionStatus.CLOSED
    CompetitionAward.objects.all().delete()
    Competition.objects.all().delete()
    demo.seed(rng=random.Random(7))
    assert snapshot() == first
