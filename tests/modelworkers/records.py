"""One record of each model-worker kind the API acts on, for the API-wide tests (tests/api): a
worker on the register with an award, an honoured collective, a care entry, an open round."""

import datetime

from apps.modelworkers import services
from apps.modelworkers.choices import CollectiveKind
from apps.modelworkers.models import Collective
from tests.modelworkers.rc_helpers import give, honour_type, open_round, worker


class ModelWorkerRecords:
    def __init__(self, tree, personas):
        self.worker = worker(tree.union_a1, 1)
        self.award = services.record_award(
            honour_type=honour_type(),
            actor=None,
            year=2024,
            conferred_on=datetime.date(2024, 4, 28),
            document_no="县发〔2024〕12号",
            model_worker=self.worker,
        )
        self.collective = services.save_collective(
            collective=Collective(org=tree.union_a1, name="一号机组班", kind=CollectiveKind.TEAM),
            actor=None,
        )
        self.care = give(self.worker)
        self.round = open_round(tree.township_a)

    def by_path(self):
        return {
            "/api/model-workers/": self.worker,
            "/api/honour-awards/": self.award,
            "/api/honoured-collectives/": self.collective,
            "/api/mw-care/": self.care,
            "/api/mw-rounds/": self.round,
        }
