"""One record of each innovation kind the API acts on, for the API-wide tests (tests/api)."""

from tests.competitions.innovation_fixtures import (
    D,
    make_entry,
    make_innovation,
    make_leaders,
    make_proposal,
    make_studio,
)


class InnovationRecords:
    def __init__(self, tree, personas):
        leaders = make_leaders(tree)
        self.proposal = make_proposal(tree)
        self.innovation = make_innovation(tree)
        self.studio = make_studio(tree, leaders["qualified"], named_on=D(2024, 5, 1))
        self.application = make_studio(tree, leaders["unqualified"], name="申报中工作室")
        self.entry = make_entry(tree.employer_a1, 2024)

    def by_path(self):
        return {
            "/api/competition-proposals/": self.proposal,
            "/api/competition-innovations/": self.innovation,
            "/api/competition-studios/": self.studio,
            "/api/competition-ankang/": self.entry,
        }
