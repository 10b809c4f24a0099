"""Files not reviewed within the year are due for review."""

import datetime

from apps.aid import services
from apps.aid.choices import ReviewOutcome
from apps.aid.models import HardshipFile
from apps.aid.queries import due_for_review
from tests.aid.helpers import apply, on_file

TODAY = datetime.date(2026, 6, 1)


def test_files_not_reviewed_this_year_are_due(tree, personas, standards):
    unreviewed = on_file(apply(tree.union_a1, 1))
    reviewed_last_year = on_file(apply(tree.union_a1, 2))
    services.review_file(
        file=reviewed_last_year,
        actor=None,
        outcome=ReviewOutcome.MAINTAIN,
        reviewed_on=datetime.date(2025, 12, 31),
    )
    reviewed = on_file(apply(tree.union_a1, 3))
    services.review_file(
        file=reviewed,
        actor=None,
        outcome=ReviewOutcome.MAINTAIN,
        reviewed_on=datetime.date(2026, 1, 1),
    )
    filed_this_year = on_file(
        apply(tree.union_a1, 4, applied_on=datetime.date(2026, 1, 5)), day=datetime.date(2026, 1, 5)
    )
    apply(tree.union_a1, 5)  # not on file yet
    other = on_file(apply(tree.union_b1, 6))

    due = due_for_review(HardshipFile.objects.all(), TODAY)
    assert set(due) == {unreviewed, reviewed_last_year, other}
    assert filed_this_year not in due
    mine = due_for_review(HardshipFile.objects.visible_to(personas["township_staff"]), TODAY)
    assert set(mine) == {unreviewed, reviewed_last_year}
