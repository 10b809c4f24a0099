"""Writes to hardship aid, each a function: keyword-only, with the acting user, in one
transaction, its history event carrying the actor, the scope re-checked after the write.
`files` holds the application and the steps to 在档, `reviews` the reviews of a file on
record, `editing` corrections to an open file, `payments` the standards, the programmes and
the payments ledger."""

from .editing import update_file
from .files import (
    apply_for_file,
    close_publicity,
    county_approval,
    decide_objection,
    home_visit,
    record_objection,
    start_publicity,
    unit_review,
)
from .payments import (
    ALREADY_PAID,
    pay,
    record_distribution,
    remaining_budget,
    reverse_payment,
    save_programme,
    save_standard,
)
from .reviews import review_file

__all__ = [
    "ALREADY_PAID",
    "apply_for_file",
    "close_publicity",
    "county_approval",
    "decide_objection",
    "home_visit",
    "pay",
    "record_distribution",
    "record_objection",
    "remaining_budget",
    "reverse_payment",
    "review_file",
    "save_programme",
    "save_standard",
    "start_publicity",
    "unit_review",
    "update_file",
]
