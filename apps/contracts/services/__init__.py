"""Writes to collective contracts, each a function: keyword-only, with the acting user, in one
transaction, its history event carrying the actor. The web views, the API and the ledger import
call these and nothing else. `moves` holds a contract's status moves, `renewals` the renewal,
`ledger` a contract recorded from the ledger (补录), `quality` its performance checks, quality
assessments and the county's rubric."""

from .ledger import record_from_ledger
from .moves import (
    MOVE_FIELDS,
    OPEN_STATUSES,
    record_congress_vote,
    record_reply,
    record_review,
    sign,
    start_negotiation,
    submit,
    terminate,
    update_contract,
)
from .quality import record_assessment, record_check, save_rubric_item
from .renewals import renew, renewal_draft

__all__ = [
    "MOVE_FIELDS",
    "OPEN_STATUSES",
    "record_assessment",
    "record_check",
    "record_congress_vote",
    "record_from_ledger",
    "record_reply",
    "record_review",
    "renew",
    "renewal_draft",
    "save_rubric_item",
    "sign",
    "start_negotiation",
    "submit",
    "terminate",
    "update_contract",
]
