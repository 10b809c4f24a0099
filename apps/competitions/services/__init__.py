"""Writes to the competitions app, each a function: keyword-only, with the acting user, in one
transaction, its history event carrying the actor. The web views, the API and the ledger
imports call these and nothing else. One module per part (`competitions` …)."""

from .competitions import *  # noqa: F403
