"""Query-count guards: every registry list (model workers, collectives, awards, honour types) and
a model worker's page need the same number of queries for N and for 3N rows."""

import pytest
from django.urls import reverse

from apps.modelworkers import services
from apps.modelworkers.choices import CollectiveKind, HonourCategory, Level, RecipientKind
from apps.modelworkers.models import HonourType, ModelWorker
from tests.modelworkers.conftest import award, make_collective, make_worker
from tests.pages import count_queries, table_rows

pytestmark = pytest.mark.django_db


def add_records(tree, types, n, start):
    """n workers of township A each with an award (a higher one for every other, so the
    treatment and the highest honour differ), n collectives each with an award, n honour
    types, and n more awards to the first worker (other years)."""
    for i in range(start, start + n):
        worker = make_worker(tree.union_a1 if i % 2 else tree.union_a2, f"测试{i}", 10 + i)
        award(types["县劳动模范"], 2000 + i, model_worker=worker)
        if i % 2:
            award(types["市五一劳动奖章"], 2001 + i, model_worker=worker)
        team = make_collective(tree.union_a1, f"测试班组{i}", CollectiveKind.TEAM)
        award(types["县工人先锋号"], 2000 + i, collective=team)
        services.save_honour_type(
            honour_type=HonourType(
                name=f"测试荣誉{i}",
                category=HonourCategory.OTHER,
                level=Level.COUNTY,
                recipient_kind=RecipientKind.PERSON,
            ),
            actor=None,
        )
        award(types["县先进工作者"], 1960 + i, model_worker=first_worker(tree, types))


def first_worker(tree, types):
    worker = ModelWorker.objects.filter(name="首位劳模").first()
    return worker or make_worker(tree.union_a1, "首位劳模", 99)


PAGES = {
    "model workers": (reverse("modelworkers:worker_list") + "?size=100", "worker-table", 1),
    "model workers filtered": (
        reverse("modelworkers:worker_list") + "?size=100&q=测试",
        "worker-table",
        1,
    ),
    "collectives": (reverse("modelworkers:collective_list") + "?size=100", "collective-table", 1),
    "awards": (
        reverse("modelworkers:award_list") + "?size=100",
        "award-table",
        3.5,
    ),  # odd workers have two
    "honour types": (reverse("modelworkers:honour_type_list"), "type-table", 1),
    "worker page": (None, "awards", 1),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_list_needs_the_same_queries_for_three_times_the_rows(
    client_for, tree, honour_types, name
):
    url, marker, per_record = PAGES[name]
    client = client_for("county_admin")
    client.get(reverse("modelworkers:worker_list"))  # warm up: session, translations
    add_records(tree, honour_types, 4, start=0)
    if url is None:
        url = reverse("modelworkers:worker", args=[first_worker(tree, honour_types).pk])
    small, response = count_queries(client, url)
    small_rows = table_rows(response, marker)

    add_records(tree, honour_types, 8, start=4)
    large, response = count_queries(client, url)
    large_rows = table_rows(response, marker)

    assert large_rows - small_rows == 8 * per_record  # the extra rows really are shown
    assert large == small, f"{name}: {small} queries for {small_rows} rows, {large} for more"
    assert small <= 25, name
