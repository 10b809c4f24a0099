"""Contracts recorded from the county's ledger (补录): what the ledger holds, no invented
negotiation history, counted like any other, the regulation's checks on what is given."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.contracts import queries, services
from apps.contracts.choices import ContractStatus
from apps.contracts.forms import ContractForm
from apps.contracts.models import CollectiveContract
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from tests.contracts.test_ledger import run, workbook

D = datetime.date
pytestmark = pytest.mark.django_db

# A row as an old ledger has it: the signing, the term, the coverage; no offer, no vote.
LEDGER_ROW = {
    "合同类型": "综合性",
    "签订形式": "单独",
    "工会方组织代码": "QH-01-001",
    "企业名称": "宏达纺织有限公司",
    "签订日期": "2012-03-10",
    "期限起": "2012-04-01",
    "期限止": "2015-03-31",
    "覆盖职工人数": 118,
}


def test_a_ledger_row_without_negotiation_history_is_recorded_in_force_and_marked(personas):
    outcome = run(workbook([LEDGER_ROW]), personas["township_staff"])

    assert outcome.ok, outcome.errors
    contract = CollectiveContract.objects.get()
    assert contract.from_ledger
    assert contract.offer_on is None and contract.congress_total is None
    assert contract.union_chief == "" and contract.union_reps is None
    assert contract.signed_on == D(2012, 3, 10)
    assert contract.status == ContractStatus.EFFECTIVE
    assert contract.effective_on == D(2012, 4, 1)  # the term's start, after the signing
    assert contract.covered_workers == 118
    assert contract.code  # numbered from the union's code like any other


def test_a_ledger_contract_counts_like_any_other(personas, tree):
    run(workbook([LEDGER_ROW]), personas["township_staff"])
    contract = CollectiveContract.objects.get()
    signed = REGISTRY["contracts.signed_count"]
    in_force = REGISTRY["contracts.in_force_count"]
    year_2012 = Period.year(2012)

    assert signed.value(tree.county, year_2012) == 1
    assert signed.value(tree.township_a, year_2012) == 1
    assert signed.value(tree.township_b, year_2012) == 0
    assert list(signed.records(tree.county, year_2012)) == [contract]
    assert in_force.value(tree.county, Period.year(2013)) == 1
    assert in_force.value(tree.county, Period.year(2016)) == 0  # its term ended in 2015


def test_a_ledger_contract_is_not_flagged_as_filed_late(personas):
    run(workbook([LEDGER_ROW]), personas["township_staff"])
    contract = CollectiveContract.objects.get()

    assert not contract.submission_late
    overdue = CollectiveContract.objects.filter(queries.submission_overdue_q(D(2012, 6, 1)))
    assert not overdue.exists()


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"期限止": "2016-04-01"}, "期限止", "one to three years"),
        ({"期限起": None, "期限止": None}, "期限止", "term"),
        ({"签订日期": "2099-01-01"}, "签订日期", "future"),
        ({"要约日期": "2012-05-01"}, "签订日期", "before"),
        (
            {
                "签订形式": "区域性",
                "工会方组织代码": "QH-01",
                "企业名称": None,
                "企业方代表组织": "商会",
            },
            "覆盖单位",
            "第53条",
        ),
        ({"合同类型": "工资专项集体合同"}, "工资调整幅度", "wage"),
        ({"审查结论": "有异议", "异议内容": "条款违法"}, "审查结论", "in force"),
    ],
)
def test_the_regulation_checks_what_the_ledger_gives(personas, change, column, words):
    outcome = run(workbook([{**LEDGER_ROW, **change}]), personas["township_staff"])

    assert not outcome.ok
    message = " ".join(outcome.errors[3])
    assert words in message, message
    assert column in message, message
    assert not CollectiveContract.objects.exists()


def test_a_ledger_row_with_a_termination_ends_through_the_usual_move(personas):
    row = {**LEDGER_ROW, "解除日期": "2013-06-30", "解除原因": "企业破产"}
    assert run(workbook([row]), personas["township_staff"]).ok

    contract = CollectiveContract.objects.get()
    assert contract.status == ContractStatus.TERMINATED
    assert contract.terminated_on == D(2013, 6, 30)


def test_steps_entered_later_are_checked_as_for_any_contract(personas):
    run(workbook([LEDGER_ROW]), personas["township_staff"])
    contract = CollectiveContract.objects.get()

    with pytest.raises(ValidationError) as refused:
        services.terminate(
            contract=contract,
            terminated_on=D(2011, 1, 1),
            reason="x",
            actor=personas["county_admin"],
        )
    assert "signing" in str(refused.value)
    with pytest.raises(ValidationError):
        services.sign(contract=contract, signed_on=D(2012, 5, 1), actor=personas["county_admin"])


def test_a_ledger_contract_is_corrected_without_inventing_its_negotiators(personas, client_for):
    run(workbook([LEDGER_ROW]), personas["township_staff"])
    contract = CollectiveContract.objects.get()
    form = ContractForm(instance=contract, user=personas["township_staff"])

    assert not form.fields["union_chief"].required
    assert not form.fields["union_reps"].required
    page = client_for("township_staff").get(
        reverse("contracts:contract_detail", args=[contract.pk])
    )
    assert b'data-testid="from-ledger"' in page.content


def test_a_contract_negotiated_in_the_portal_still_needs_its_negotiators_and_offer(personas):
    form = ContractForm(user=personas["township_staff"])

    for name in ("union_chief", "employer_chief", "union_reps", "employer_reps", "offer_on"):
        assert form.fields[name].required, name


def test_the_api_says_a_contract_came_from_the_ledger(personas, client_for):
    run(workbook([LEDGER_ROW]), personas["township_staff"])
    body = client_for("township_staff").get("/api/contracts/").json()

    rows = body["results"] if isinstance(body, dict) else body
    assert rows and all(row["from_ledger"] is True for row in rows)


def test_the_export_marks_ledger_contracts(personas, client_for):
    run(workbook([LEDGER_ROW]), personas["township_staff"])
    response = client_for("township_staff").get(reverse("contracts:contract_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header_row = next(
        row for row in sheet.iter_rows(values_only=True) if row and "据台账补录" in row
    )
    data_rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] and r != header_row]
    assert data_rows[-1][header_row.index("据台账补录")] == "是"
