"""Model workers and honours (劳模与荣誉): honour types, the person files, the collectives and
the awards (`registry`)."""

from .registry import Collective, HonourAward, HonourType, ModelWorker

__all__ = ["Collective", "HonourAward", "HonourType", "ModelWorker"]
