"""The proposal ledger: its template, a file with a bad row saving nothing and naming the row
and the rule, a good file saving every row through the same rules, and the export holding
exactly the filtered rows."""

import io

import openpyxl
import pytest

from apps.competitions.choices_innovation import ProposalReview
from apps.competitions.models.innovation import Proposal
from apps.core.ledgers import EXPORTERS, IMPORTERS
from tests.competitions.innovation_fixtures import *  # noqa: F403
from tests.competitions.innovation_fixtures import make_proposal

pytestmark = pytest.mark.django_db


def workbook(rows):
    importer = IMPORTERS["proposals"]
    book = openpyxl.load_workbook(io.BytesIO(importer.template()))
    sheet = book.active
    header_row = 1  # the template's headers; required ones are marked "*"
    headers = [(c.value or "").lstrip("*") for c in sheet[header_row]]
    for n, row in enumerate(rows, header_row + 1):
        for key, value in row.items():
            sheet.cell(row=n, column=headers.index(key) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(**overrides):
    values = {
        "建议名称": "改进包装工艺",
        "建议人": "张三",
        "工会组织代码": "QH-01-001",
        "单位名称": "宏达纺织有限公司",
        "建议类别": "生产技术",
        "提出日期": "2023.03.01",
    }
    values.update(overrides)
    return values


def test_a_bad_row_saves_nothing_and_is_named(tree, personas):
    data = workbook(
        [
            row(),
            row(
                **{
                    "建议名称": "有效益未实施",
                    "评审结果": "采纳",
                    "评审日期": "2023-03-20",
                    "年度效益（元）": 5000,
                }
            ),
            row(**{"建议名称": "另一镇", "工会组织代码": "QH-02-001", "单位名称": None}),
        ]
    )
    outcome = IMPORTERS["proposals"].run(data, user=personas["township_staff"], commit=True)
    assert not outcome.ok
    assert len(outcome.errors) == 2
    texts = [" ".join(m) for m in outcome.errors.values()]
    assert any("a benefit only on an implemented proposal" in t for t in texts), texts
    assert any("QH-02-001" in t for t in texts)
    assert not Proposal.objects.exists()


def test_a_good_file_saves_every_row(tree, personas):
    data = workbook(
        [
            row(),
            row(
                **{
                    "建议名称": "已实施",
                    "评审结果": "部分采纳",
                    "评审日期": "2023年3月20日",
                    "实施日期": "2023-05-01",
                    "年度效益（元）": 25000,
                    "金点子": "是",
                }
            ),
        ]
    )
    outcome = IMPORTERS["proposals"].run(data, user=personas["township_staff"], commit=True)
    assert outcome.ok, outcome.errors
    saved = Proposal.objects.get(title="已实施")
    assert saved.review_result == ProposalReview.PARTLY
    assert saved.annual_benefit == 25000 and saved.golden_idea
    assert Proposal.objects.count() == 2


def test_the_export_holds_the_filtered_rows(tree, personas):
    make_proposal(tree, title="甲")
    make_proposal(
        tree,
        title="乙",
        review_result=ProposalReview.ARCHIVED,
        reviewed_on=__import__("datetime").date(2023, 4, 1),
    )
    make_proposal(tree, title="丙", org=tree.union_b1, employer=tree.employer_b1)
    exporter = EXPORTERS["proposals"]
    rows = exporter.filtered(personas["township_staff"], "review_result=archived")
    assert [p.title for p in rows] == ["乙"]
    content = exporter.render(exporter.filtered(personas["township_staff"], ""))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [c.value for r in sheet.iter_rows() for c in r]
    assert "甲" in values and "乙" in values and "丙" not in values
