"""Model workers and honours (劳模与荣誉): honour types, the person files, the collectives and
the awards (`registry`)."""

from .care import CareRecord  # noqa: F401
from .registry import Collective, HonourAward, HonourType, ModelWorker
from .rounds import Candidate, JointCheck, NominationRound, RoundObjection, RoundStep  # noqa: F401

__all__ = ["Collective", "HonourAward", "HonourType", "ModelWorker"]
