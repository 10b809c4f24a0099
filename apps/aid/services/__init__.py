"""Writes to hardship aid, each a function: keyword-only, with the acting user, in one
transaction, its history event carrying the actor, the scope re-checked after the write.
`files` holds the application and the steps to 在档, `reviews` the reviews of a file on
record, `editing` corrections to an open file, `payments` the standards, the programmes and
the payments ledger; `batches` payment batches, `schooling` 金秋助学 applications, `mutual`
职工医疗互助 and `attachments` a file's documents."""

from .attachments import add_attachment
from .batches import (
    BatchPayment,
    add_lines,
    approve_batch,
    create_batch,
    draw_roster,
    pay_batch,
    remove_line,
    review_batch,
)
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
from .mutual import approve_claim, enrol_employer, record_claim, save_mutual_aid_settings
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
from .schooling import (
    apply_for_school_aid,
    approve_school_aid,
    close_school_aid_publicity,
    start_school_aid_publicity,
)

__all__ = [
    "ALREADY_PAID",
    "BatchPayment",
    "add_attachment",
    "add_lines",
    "apply_for_file",
    "apply_for_school_aid",
    "approve_batch",
    "approve_claim",
    "approve_school_aid",
    "close_school_aid_publicity",
    "create_batch",
    "draw_roster",
    "enrol_employer",
    "pay_batch",
    "record_claim",
    "remove_line",
    "review_batch",
    "save_mutual_aid_settings",
    "start_school_aid_publicity",
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
