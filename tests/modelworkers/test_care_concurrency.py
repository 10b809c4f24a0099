"""Clerks recording the same 慰问 at the same moment, on real database connections (one per
thread): it is recorded once; a reversal is made once, and the visit given again once."""

import pytest
from django.core.exceptions import ValidationError

from apps.modelworkers.models.care import CareRecord
from apps.modelworkers.services import care as services
from tests.aid.test_concurrency import race
from tests.modelworkers.rc_helpers import D, _english, _fast, give, worker  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def test_twenty_clerks_recording_the_same_spring_festival_visit_record_it_once(tree, personas):
    mw = worker(tree.union_a1, 1)
    actors = [personas["county_admin"], personas["township_staff"]]
    outcomes = race(*(lambda a=actors[i % 2]: give(mw, actor=a) for i in range(THREADS)))
    saved = [o for o in outcomes if isinstance(o, CareRecord)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(saved) == 1 and len(refused) == THREADS - 1, outcomes
    assert all("already been visited" in r.message_dict["kind"][0] for r in refused)
    assert CareRecord.objects.filter(model_worker=mw).count() == 1


def test_after_a_reversal_twenty_clerks_give_the_visit_again_once(tree, personas):
    mw = worker(tree.union_a1, 1)
    first = give(mw)
    reversing = [
        lambda: services.reverse_care(
            record=first, actor=personas["county_admin"], reversed_on=D(2025, 1, 21), reason="录错"
        )
        for _ in range(THREADS // 2)
    ]
    outcomes = race(*reversing)
    assert sum(isinstance(o, CareRecord) for o in outcomes) == 1, outcomes
    outcomes = race(
        *(
            lambda: give(mw, day=D(2025, 1, 22), actor=personas["township_staff"])
            for _ in range(THREADS)
        )
    )
    assert sum(isinstance(o, CareRecord) for o in outcomes) == 1, outcomes
    assert CareRecord.objects.net().filter(model_worker=mw).count() == 1
