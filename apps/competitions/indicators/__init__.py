"""Figures of 劳动竞赛, one module per part (`competitions`, `innovation`)."""

from . import competitions  # noqa: F401
