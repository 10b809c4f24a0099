"""Labour competitions and innovation (劳动竞赛与经济技术创新): competitions, their participants
and awards (`competitions`); skills contests, contestants and results (`contests`); proposals,
innovations, studios and 安康杯 (`innovation`). One line per part; each lists `__all__`."""

from .competitions import *  # noqa: F403
from .contests import *  # noqa: F403
from .innovation import *  # noqa: F403
