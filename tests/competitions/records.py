"""One record of each competition kind the API acts on, for the API-wide tests (tests/api): a
township competition under way with one trade's contest."""

from apps.competitions import services
from apps.competitions.models import SkillsContest
from tests.competitions.conftest import make_competition


class CompetitionRecords:
    def __init__(self, tree, personas):
        self.competition = make_competition(tree.township_a)
        self.contest = services.save_contest(
            contest=SkillsContest(competition=self.competition, trade="焊工"), actor=None
        )

    def by_path(self):
        return {
            "/api/competitions/": self.competition,
            "/api/competition-contests/": self.contest,
        }
