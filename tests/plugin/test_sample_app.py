"""A throwaway app (tests/plugin/sample), installed with one line in INSTALLED_APPS and nothing
else of the portal edited, appears everywhere a line of work belongs: the dashboard, the
review's default text and numbering, the year-end workbook, the API root and schema, the URLs
and navigation, and the ledgers."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from apps.core.models import UnionOrg
from apps.reports import services
from apps.reports.periods import Period

YEAR = Period.parse("year", 2025)


@pytest.fixture
def founded(tree):
    """Two of the tree's three unions founded in 2025, the third in 2019."""
    UnionOrg.objects.filter(pk__in=[tree.union_a1.pk, tree.union_b1.pk]).update(
        founded_on=datetime.date(2025, 5, 1)
    )
    UnionOrg.objects.filter(pk=tree.union_a2.pk).update(founded_on=datetime.date(2019, 3, 1))
    return tree


def test_the_dashboard_shows_the_apps_line_of_work(founded, client_for):
    page = client_for("county_admin").get(reverse("reports:dashboard"), {"year": 2025}).content
    text = page.decode()
    assert 'data-testid="section-sample"' in text
    assert "示例新建工会" in text
    # Its section comes after the portal's own lines of work (order 70).
    assert text.index('data-testid="section-bargaining"') < text.index(
        'data-testid="section-sample"'
    )


def test_the_review_has_its_chapter_numbered_in_order_with_figures(founded, personas):
    review, _ = services.get_or_create_review(
        org=founded.county, period=YEAR, actor=personas["county_admin"]
    )
    kinds = list(review.sections.values_list("kind", flat=True))
    assert kinds[-2:] == ["sample", "closing"]
    chapter = review.sections.get(kind="sample")
    assert chapter.heading == "开展示例工作，示例成效更加明显"
    assert "全年新建示例工会{sample.new_unions}个" in chapter.body
    foreword = review.sections.get(kind="foreword").body
    assert "开展示例工作等方面" in foreword
    closing = review.sections.get(kind="closing").body
    assert "是示例工作仍有不足。" in closing and "是推进示例工作。" in closing

    client = client_for_review(personas)
    text = client.get(review.get_absolute_url()).content.decode()
    # 一、组织建设 二、集体协商 …: the sample chapter is the last numbered one, with its value.
    numbered = [n for n in "一二三四五" if f"{n}、开展示例工作" in text]
    assert len(numbered) == 1
    assert "全年新建示例工会2个" in re.sub(r"<[^>]+>", "", text)


def client_for_review(personas):
    from django.test import Client

    client = Client()
    client.force_login(personas["county_admin"])
    return client


def test_a_period_without_its_data_leaves_the_chapter_out(founded, personas):
    review, _ = services.get_or_create_review(
        org=founded.county, period=Period.parse("year", 2010), actor=personas["county_admin"]
    )
    # No union stood yet in 2010, nor was any contract signed (employers carry no dates, so
    # organisation building still has its employers to count).
    kinds = list(review.sections.values_list("kind", flat=True))
    assert kinds == ["foreword", "organisation", "closing"]
    assert "开展示例工作" not in review.sections.get(kind="foreword").body


def test_the_year_end_workbook_has_its_sheet(founded, client_for):
    response = client_for("county_admin").get(
        reverse("reports:summary_xlsx"), {"org": founded.county.pk, "year": 2025}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "示例工作" in book.sheetnames
    sheet = book["示例工作"]
    headers = [cell.value for cell in sheet[2]]
    assert "示例新建工会（个）" in headers
    total = [row for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("合计")]
    assert total[0][headers.index("示例新建工会（个）")] == 2


def test_the_api_root_and_schema_list_its_endpoint(founded, client_for):
    client = client_for("township_staff")
    root = client.get("/api/", HTTP_ACCEPT="application/json").json()
    assert "sample-records" in root
    rows = client.get("/api/sample-records/").json()["results"]
    codes = [row["code"] for row in rows]
    assert "QH-01" in codes and "QH-02" not in codes  # scoped as every endpoint is
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/sample-records/" in schema["paths"]


def test_its_urls_and_navigation_are_found(founded, client_for):
    client = client_for("township_staff")
    assert reverse("sample:index") == "/sample/"
    response = client.get("/sample/")
    assert response.status_code == 200 and "示例页面" in response.content.decode()
    home = client.get(reverse("reports:dashboard")).content.decode()
    assert 'href="/sample/"' in home


def test_its_ledger_template_and_import_are_found(founded, client_for):
    client = client_for("county_admin")
    response = client.get(reverse("core:import_template", args=["sample"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert "*示例代码" in values
