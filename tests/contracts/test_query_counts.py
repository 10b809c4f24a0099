"""Query-count guards: the contract list, each attention tab, the API list and the export need
the same number of queries for N and for 3N contracts."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from apps.contracts.choices import ContractScope, ContractStatus, ContractType
from apps.contracts.deadlines import add_years
from apps.contracts.models import CollectiveContract, ContractCoverage
from apps.core.models import Employer
from tests.pages import count_queries

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


def add_contracts(tree, n, start):
    """n contracts in township A, a quarter each expiring, in force, signed but not filed and
    waiting for a reply; half regional with two employers; and n organised employers with none."""
    today = timezone.localdate()
    employers = Employer.objects.bulk_create(
        Employer(
            name=f"测试企业{i}",
            nature="170",
            township=tree.township_a,
            union=tree.union_a2,
            headcount=20 + i,
        )
        for i in range(start, start + n)
    )
    contracts = []
    for i in range(start, start + n):
        kind = i % 4
        term_end = today + (40 * DAY if kind == 0 else 400 * DAY)
        term_start = add_years(term_end + DAY, -2)
        c = CollectiveContract(
            code=f"T-{i:04d}",
            title=f"测试合同{i}",
            contract_type=list(ContractType)[i % 4],
            scope=ContractScope.REGIONAL if i % 2 else ContractScope.ENTERPRISE,
            union=tree.township_a if i % 2 else tree.union_a1,
            employer=None if i % 2 else tree.employer_a1,
            employer_side="城关镇商会" if i % 2 else "",
            union_chief="李建国",
            employer_chief="王志强",
            union_reps=5,
            employer_reps=5,
            offer_on=today - 60 * DAY,
            covered_workers=100,
            covered_employer_count=2 if i % 2 else 1,
        )
        if kind in (0, 1):
            c.reply_on, c.signed_on = today - 50 * DAY, term_start - 20 * DAY
            c.submitted_on = c.effective_on = term_start - 15 * DAY
            c.term_start, c.term_end = term_start, term_end
            c.status = ContractStatus.EFFECTIVE
        elif kind == 2:
            c.reply_on, c.signed_on, c.status = today - 50 * DAY, today - 20 * DAY, "signed"
        contracts.append(c)
    CollectiveContract.objects.bulk_create(contracts)
    rows = []
    for c, employer in zip(contracts, employers, strict=True):
        rows.append(ContractCoverage(contract=c, employer=tree.employer_a1, workers=100))
        if c.scope == ContractScope.REGIONAL:
            rows.append(ContractCoverage(contract=c, employer=employer, workers=20))
    ContractCoverage.objects.bulk_create(rows)


def shown_rows(response, marker):
    if marker == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        return sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if any(row))
    if marker == "json":
        return len(response.json()["results"])
    html = response.content.decode()
    table = html[html.index(f'data-testid="{marker}"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return body.count("<tr>")


PAGES = {
    "list": (reverse("contracts:contract_list") + "?size=100", "contract-table", 4),
    "list filtered": (
        reverse("contracts:contract_list") + "?size=100&status=effective&workers_min=1",
        "contract-table",
        1,
    ),
    "attention expiring": (reverse("contracts:attention") + "?size=100", "attention-table", 1),
    "attention filings": (
        reverse("contracts:attention") + "?size=100&tab=submission_overdue",
        "attention-table",
        1,
    ),
    "attention replies": (
        reverse("contracts:attention") + "?size=100&tab=reply_overdue",
        "attention-table",
        1,
    ),
    "attention no contract": (
        reverse("contracts:attention") + "?size=100&tab=no_contract",
        "attention-table",
        3,
    ),
    "api list": ("/api/contracts/?page_size=100", "json", 4),
    "export": (reverse("contracts:contract_export"), "xlsx", 4),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_needs_the_same_queries_for_three_times_the_rows(client_for, tree, name):
    url, marker, per_four = PAGES[name]
    client = client_for("township_staff")
    client.get(url)  # warm up: session, translations, content types

    add_contracts(tree, 8, start=0)
    small, response = count_queries(client, url)
    small_rows = shown_rows(response, marker)

    add_contracts(tree, 16, start=8)
    large, response = count_queries(client, url)
    large_rows = shown_rows(response, marker)

    assert large_rows - small_rows == 16 * per_four // 4  # the extra rows really are shown
    assert large == small, f"{name}: {small} queries for {small_rows} rows, {large} for more"
    assert small <= 15, name
