"""The demo county's contracts: every type and scope, renewals, things needing attention, all
meeting the rules the services enforce, and the same for the same seed."""

import random

import pytest
from django.db.models import Count

from apps.contracts import demo, queries
from apps.contracts.choices import ContractScope, ContractStatus, ContractType
from apps.contracts.models import CollectiveContract, PerformanceCheck, QualityAssessment
from apps.contracts.rules import contract_errors, signing_errors
from apps.core import demo as core_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(db):
    core_demo.seed(rng=random.Random(7), options={"unions_per_township": 8})


def test_the_demo_has_every_kind_of_contract_and_something_to_attend_to(county):
    demo.seed(rng=random.Random(2026), options={})
    contracts = CollectiveContract.objects.all()
    assert contracts.count() > 200
    assert set(contracts.values_list("contract_type", flat=True)) == set(ContractType.values)
    assert set(contracts.values_list("scope", flat=True)) == set(ContractScope.values)
    years = set(contracts.values_list("signed_on__year", flat=True))
    assert {2019, 2020, 2021, 2022, 2023, 2024, 2025} <= years
    assert contracts.filter(renewed_from__isnull=False).count() > 20
    assert contracts.filter(status=ContractStatus.TERMINATED).exists()
    for flag, query in queries.FLAG_QUERIES.items():
        assert query(contracts).exists(), flag
    assert PerformanceCheck.objects.exists() and QualityAssessment.objects.exists()


def test_every_demo_contract_meets_the_rules(county):
    demo.seed(rng=random.Random(2026), options={})
    contracts = CollectiveContract.objects.select_related("union", "employer").annotate(
        n=Count("coverage")
    )
    for contract in contracts:
        covered = [None] * contract.n
        assert not contract_errors(contract, covered), (
            contract.code,
            contract_errors(contract, covered),
        )
        if contract.signed_on:
            assert not signing_errors(contract), (contract.code, signing_errors(contract))
        assert contract.n == contract.covered_employer_count
        assert contract.status != ContractStatus.RENEWED  # derived, never stored
        if hasattr(contract, "renewal"):
            renewal = contract.renewal
            assert renewal.offer_on >= contract.effective_on
            assert renewal.term_start is None or renewal.term_start > contract.term_end


def test_the_same_seed_gives_the_same_contracts(county):
    def build(seed):
        builder = demo.Builder(random.Random(seed), today=demo.timezone.localdate())
        unions = list(core_demo.UnionOrg.objects.filter(level="grassroots").order_by("pk"))
        employers = {}
        for employer in core_demo.Employer.objects.order_by("pk"):
            employers.setdefault(employer.union_id, []).append(employer)
        builder.county(unions, employers, {}, [])
        return [(c.code, c.offer_on, c.signed_on, c.status) for c in builder.contracts]

    assert build(5) == build(5)
    assert build(5) != build(6)
