"""Query-count guards of the contracts app: the rubric (web and API), a
contract's page with its performance checks and quality assessments (lists that grow for as
long as the contract runs), and the API lists of a contract's checks and assessments."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.contracts import services
from apps.contracts.choices import CheckResult
from apps.contracts.models import PerformanceCheck, QualityAssessment, RubricItem
from tests.contracts.helpers import DAY, make_effective
from tests.pages import count_queries
from tests.pages import table_rows as tbody_rows

pytestmark = pytest.mark.django_db
SIGNED = datetime.date(2024, 2, 8)


def list_items(response, testid):
    html = response.content.decode()
    block = html[html.index(f'data-testid="{testid}"') :]
    block = block[: block.index("</ul>")]
    return block.count("<li")


# The rubric --------------------------------------------------------------------------------------


def add_items(n, start):
    RubricItem.objects.bulk_create(
        RubricItem(name=f"评估项目{i}", description=f"第{i}项", max_score=5, order=i)
        for i in range(start, start + n)
    )


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
def test_the_rubric_page_needs_the_same_queries_for_three_times_the_items(
    client_for, tree, persona
):
    url = reverse("contracts:rubric_list")
    client = client_for(persona)
    client.get(url)

    add_items(5, start=0)
    small, response = count_queries(client, url)
    assert tbody_rows(response, "rubric-table") == 5
    assert "评估项目4" in response.content.decode()

    add_items(10, start=5)
    large, response = count_queries(client, url)
    assert tbody_rows(response, "rubric-table") == 15
    assert large == small, f"rubric: {small} queries for 5 items, {large} for 15"


def test_the_rubric_api_needs_the_same_queries_for_three_times_the_items(client_for, tree):
    client = client_for("township_staff")
    client.get("/api/contract-rubric/")

    add_items(5, start=0)
    small, response = count_queries(client, "/api/contract-rubric/?page_size=100")
    first = response.json()
    add_items(10, start=5)
    large, response = count_queries(client, "/api/contract-rubric/?page_size=100")
    second = response.json()

    assert second["count"] - first["count"] == 10
    assert len(second["results"]) == 15
    assert large == small


# A contract's checks and assessments -----------------------------------------------------------


@pytest.fixture
def contract(tree, personas, rubric):
    return make_effective(tree, signed_on=SIGNED, actor=personas["township_staff"])


def add_checks_and_assessments(contract, actor, rubric, n, start):
    for i in range(start, start + n):
        services.record_check(
            check=PerformanceCheck(
                contract=contract,
                checked_on=SIGNED + (30 + i) * DAY,
                checker=f"检查组{i}",
                result=CheckResult.FULFILLED if i % 2 else CheckResult.PARTLY,
                findings=f"发现{i}",
            ),
            actor=actor,
        )
        services.record_assessment(
            assessment=QualityAssessment(
                contract=contract, assessed_on=SIGNED + (30 + i) * DAY, assessor=f"评估组{i}"
            ),
            scores={item.pk: Decimal(item.max_score - i % 3) for item in rubric},
            actor=actor,
        )


def test_a_contract_page_needs_the_same_queries_for_three_times_the_checks(
    client_for, personas, contract, rubric
):
    url = contract.get_absolute_url()
    client = client_for("township_staff")
    client.get(url)
    actor = personas["township_staff"]

    add_checks_and_assessments(contract, actor, rubric, 2, start=0)
    small, response = count_queries(client, url)
    assert list_items(response, "checks") == 2
    assert list_items(response, "assessments") == 2
    html = response.content.decode()
    assert "检查组1" in html and "评估组1" in html
    assert "协商程序 29" in html  # each item's score is shown beside its name

    add_checks_and_assessments(contract, actor, rubric, 4, start=2)
    large, response = count_queries(client, url)
    assert list_items(response, "checks") == 6
    assert list_items(response, "assessments") == 6
    assert "评估组5" in response.content.decode()
    assert large == small, f"contract page: {small} queries with 2 checks, {large} with 6"


@pytest.mark.parametrize("kind", ["checks", "assessments"])
def test_a_contract_s_api_lists_need_the_same_queries_for_three_times_the_rows(
    client_for, personas, contract, rubric, kind
):
    url = f"/api/contracts/{contract.pk}/{kind}/"
    client = client_for("township_staff")
    client.get(url)
    actor = personas["township_staff"]

    add_checks_and_assessments(contract, actor, rubric, 2, start=0)
    small, response = count_queries(client, url)
    assert len(response.json()) == 2
    add_checks_and_assessments(contract, actor, rubric, 4, start=2)
    large, response = count_queries(client, url)
    rows = response.json()
    assert len(rows) == 6
    if kind == "assessments":
        assert all(len(row["scores"]) == len(rubric) for row in rows)
    assert large == small, f"{kind}: {small} queries for 2 rows, {large} for 6"
