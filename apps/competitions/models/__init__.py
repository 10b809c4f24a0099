"""Labour competitions and innovation (劳动竞赛与经济技术创新): competitions, their participants,
awards and skills contests (`competitions`). One line per part; each module lists `__all__`."""

from .competitions import *  # noqa: F403
from .contests import *  # noqa: F403
from .innovation import *  # noqa: F403
