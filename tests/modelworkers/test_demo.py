"""The demo's registry: the standard honour types loaded, files with awards at every level (the
treatment levels following from them), collectives, union recognitions, the rounds and care on
top; the same registry from the same seed."""

import random

import pytest

from apps.modelworkers import demo
from apps.modelworkers.choices import Level, RecipientKind, WorkerStatus
from apps.modelworkers.models import Collective, HonourAward, HonourType, ModelWorker
from apps.modelworkers.models.care import CareRecord
from apps.modelworkers.reference import standard_honour_types

pytestmark = pytest.mark.django_db


def registry():
    return sorted(
        HonourAward.objects.values_list(
            "honour_type__name",
            "year",
            "document_no",
            "model_worker__id_number",
            "collective__name",
            "union_org__code",
        ),
        key=str,
    )


def test_the_demo_registry(tree):
    counts = demo.seed(rng=random.Random(3))
    assert HonourType.objects.count() == len(standard_honour_types())
    assert ModelWorker.objects.count() >= counts["people"] >= 30  # the rounds add their own
    levels = set(ModelWorker.objects.values_list("treatment_level", flat=True))
    assert {Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.COUNTY} <= levels
    # Treatment follows from the awards: each file's is the best its standing awards carry.
    for worker in ModelWorker.objects.exclude(status=WorkerStatus.WITHDRAWN):
        carried = [
            a.honour_type.treatment_level
            for a in worker.awards.standing().select_related("honour_type")
            if a.honour_type.treatment_level
        ]
        assert worker.treatment_level == (min(carried) if carried else ""), worker.name
    assert ModelWorker.objects.exclude(status=WorkerStatus.ON_RECORD).exists()
    assert Collective.objects.count() >= 10
    assert (
        HonourAward.objects.to_collectives()
        .filter(honour_type__recipient_kind=RecipientKind.TEAM)
        .exists()
    )
    assert HonourAward.objects.to_unions().exists()
    assert HonourAward.objects.exclude(document_no="").count() == HonourAward.objects.count()
    assert len(set(HonourAward.objects.values_list("year", flat=True))) >= 5
    assert CareRecord.objects.exists()


def test_the_same_seed_gives_the_same_registry(tree):
    demo.build(random.Random(5))
    first = registry()
    HonourAward.objects.all().delete()
    Collective.objects.all().delete()
    ModelWorker.objects.update(top_award=None)
    ModelWorker.objects.all().delete()
    demo.build(random.Random(5))
    assert registry() == first
