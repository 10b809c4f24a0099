"""Figures of 劳动竞赛, one module per part (`competitions`, `innovation`)."""

from . import competitions, innovation  # noqa: F401
