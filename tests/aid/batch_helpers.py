"""Payment batches as the pages and API tests use them: households on record in both townships,
each township's batch drawn from them, and a batch moved on to approved."""

import datetime

from apps.aid import services
from apps.aid.models import AidBatch
from tests.aid.helpers import apply, on_file

DAY = datetime.date(2026, 1, 10)


def households(tree, start=1, count=3, union=None):
    """`count` households of township A (or `union`) on record."""
    union = union or tree.union_a1
    return [on_file(apply(union, n, name=f"户主{n}")) for n in range(start, start + count)]


def new_batch(programme, actor, name="2026年春节送温暖第一批", **fields):
    return services.create_batch(
        batch=AidBatch(programme=programme, name=name, **fields), actor=actor
    )


def drawn(programme, actor, **fields):
    batch = new_batch(programme, actor, **fields)
    services.draw_roster(batch=batch, actor=actor)
    return batch


def approved(batch, reviewer=None, approver=None):
    batch = services.review_batch(batch=batch, actor=reviewer, approved=True, acted_on=DAY)
    return services.approve_batch(batch=batch, actor=approver, approved=True, acted_on=DAY)
