"""Fixtures of the API tests: token clients for the personas, and one record of each kind the
write endpoints act on (an org and employer from the tree, a member, a contract under
negotiation, an open transfer, a rubric)."""

import datetime

import pytest

from apps.contracts.models import RubricItem
from apps.membership import services as membership_services
from apps.membership.choices import ChangeReason
from tests.aid.records import AidRecords
from tests.competitions.innovation_records import InnovationRecords
from tests.competitions.records import CompetitionRecords
from tests.contracts.helpers import offer
from tests.membership.helpers import make_member
from tests.modelworkers.records import ModelWorkerRecords


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: schemathesis over the whole API schema (~2 min)")


def pytest_terminal_summary(terminalreporter, config):
    tally = getattr(config, "fuzz_tally", None)
    if tally and tally["requests"]:
        terminalreporter.write_line(
            f"schemathesis: {tally['requests']} requests generated, {tally['5xx']} answered 5xx"
        )


@pytest.fixture(autouse=True)
def _fast_passwords(fast_passwords):
    """Personas hashed cheaply."""


class Records:
    def __init__(self, tree, personas):
        staff = personas["township_staff"]
        self.org = tree.union_a1
        self.employer = tree.employer_a1
        self.member = make_member(tree.union_a1, "张三", serial=1)
        self.moving = make_member(tree.union_a2, "李四", serial=2, male=False)
        self.transfer = membership_services.request_transfer(
            member=self.moving,
            to_union=tree.union_b1,
            actor=staff,
            requested_on=datetime.date(2025, 3, 1),
            reason=ChangeReason.LABOUR_RELATION,
        )
        self.contract = offer(tree, actor=staff)
        self.rubric = [
            RubricItem.objects.create(name="协商主体", max_score=20, order=1),
            RubricItem.objects.create(name="协商程序", max_score=30, order=2),
        ]
        self.aid = AidRecords(tree, personas)
        self.innovation = InnovationRecords(tree, personas)
        self.competitions = CompetitionRecords(tree, personas)
        self.modelworkers = ModelWorkerRecords(tree, personas)

    def url(self, path):
        """A schema path with its {id} filled with the record of its kind."""
        kinds = {
            "/api/orgs/": self.org,
            "/api/employers/": self.employer,
            "/api/members/": self.member,
            "/api/contracts/": self.contract,
            "/api/transfers/": self.transfer,
            **self.aid.by_path(),
            **self.innovation.by_path(),
            **self.competitions.by_path(),
            **self.modelworkers.by_path(),
        }
        if "{id}" not in path:
            return path
        for prefix, record in kinds.items():
            if path.startswith(prefix):
                return path.replace("{id}", str(record.pk))
        raise AssertionError(f"no test record for {path}: add one to tests/api/conftest.py")


@pytest.fixture
def records(tree, personas):
    return Records(tree, personas)
