"""Writes to the model-worker registry, each a function: keyword-only, with the acting user, in
one transaction, its history event carrying the actor, the scope re-checked after the write.
`registry` holds the honour types, the person and collective files and the awards."""

from .registry import (
    change_collective_status,
    change_worker_status,
    record_award,
    refresh_worker,
    revoke_award,
    save_collective,
    save_honour_type,
    save_worker,
)

__all__ = [
    "change_collective_status",
    "change_worker_status",
    "record_award",
    "refresh_worker",
    "revoke_award",
    "save_collective",
    "save_honour_type",
    "save_worker",
]
