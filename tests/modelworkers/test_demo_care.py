"""The demo's rounds and care ledger: built through the services on a small county with a few
model workers on file, every year's round approved but the last, the same county from the same
seed."""

import random

import pytest

from apps.modelworkers import reference
from apps.modelworkers.demo_care import AS_OF, FIRST_YEAR, seed_rounds_and_care
from apps.modelworkers.models import HonourAward
from apps.modelworkers.models.care import CareKind, CareRecord
from apps.modelworkers.models.rounds import NominationRound, RoundStatus
from tests.modelworkers.rc_helpers import _english, _fast, worker  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_rounds_and_care_deterministically(tree):
    reference.load()
    for serial in range(1, 9):
        worker(tree.union_a1 if serial % 2 else tree.union_b1, serial, name=f"劳模{serial}")
    seed_rounds_and_care(rng=random.Random(7))
    years = AS_OF.year - FIRST_YEAR + 1
    assert NominationRound.objects.count() == years
    approved = NominationRound.objects.filter(status=RoundStatus.APPROVED).count()
    assert approved == years - 1
    assert HonourAward.objects.filter(honour_type__name="县五一劳动奖章").count() >= 8 * approved
    spring = CareRecord.objects.net().filter(kind=CareKind.SPRING_FESTIVAL)
    assert spring.count() >= years * 3
    first = sorted(
        CareRecord.objects.values_list("model_worker__name", "kind", "given_on", "amount")
    )
    assert first
