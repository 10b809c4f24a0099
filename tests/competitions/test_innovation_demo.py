"""The demo's innovation side: several years, deterministic, every row keeping the rules the
services check; studios only for leaders who qualify."""

import random

import pytest

from apps.competitions import demo_innovation, rules_innovation
from apps.competitions.models.innovation import (
    AnkangEntry,
    Innovation,
    InnovationStudio,
    Proposal,
    StudioReport,
)
from tests.competitions.innovation_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Proposal.objects.values_list("title", "submitted_on", "review_result"))


def test_the_demo_is_deterministic_and_keeps_the_rules(tree, leaders):
    counts = demo_innovation.seed(rng=random.Random(7))
    assert counts["proposals"] > 10 and counts["ankang"] > 0 and counts["innovations"] >= 0
    assert counts["studios"] >= 1  # 王建国 qualifies for a county studio
    for proposal in Proposal.objects.all():
        assert rules_innovation.proposal_errors(proposal) == {}
    for innovation in Innovation.objects.all():
        assert rules_innovation.innovation_errors(innovation) == {}
    for studio in InnovationStudio.objects.all():
        assert rules_innovation.leader_errors(studio) == {}
    assert len({p.submitted_on.year for p in Proposal.objects.all()}) >= 4
    assert demo_innovation.seed(rng=random.Random(7)) == {}  # seeded once
    first = snapshot()
    for model in (StudioReport, InnovationStudio, Innovation, Proposal, AnkangEntry):
        model.objects.all().delete()
    demo_innovation.seed(rng=random.Random(7))
    assert snapshot() == first
