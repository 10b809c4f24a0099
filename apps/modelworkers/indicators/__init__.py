"""Figures of 劳模工作, one module per part (`registry`, `care`, `rounds`), all in the line of
work `review.MODELWORKERS`."""

from . import care, registry, rounds  # noqa: F401
