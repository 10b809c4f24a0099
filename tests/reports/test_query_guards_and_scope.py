"""Reports: query-count guards of the lists, and every review URL out of scope.

Query-count guards: the review list, a review's page with its issued versions, the drill-down
list and its export, the year-end workbook and the API's issued reviews.

Out of scope: a review's edit, add-sections and issue URLs, an issued version's PDF, the issue
job's progress page and the API's issued review, asked for with a review of township A by
township B's clerk (the review's page itself is checked in test_reviews.py).

These tests build on the small shared tree (tests/conftest.py), not the seeded demo county, so
that each guard controls exactly how many rows it adds.
"""

import datetime
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.core.choices import JobStatus, OrgKind, OrgLevel
from apps.core.models import Job, UnionOrg
from apps.core.services import save_org
from apps.reports import services
from apps.reports.models import AnnualReview, IssuedReview
from apps.reports.periods import Period
from tests.membership.helpers import make_member
from tests.pages import count_queries
from tests.pages import table_rows as tbody_rows

YEAR = Period.year(2025)
pytestmark = pytest.mark.usefixtures("media_root")


def issue_fake(review, user, version):
    """An issued version written directly (issuing for real renders a PDF: seconds each)."""
    issued = IssuedReview(
        review=review,
        version=version,
        title=review.title,
        values={},
        sections=[],
        charts={},
        html="<p>x</p>",
        pdf_sha256="0" * 64,
        pages=3,
        issued_by=user,
        issued_at=timezone.now(),
    )
    issued.pdf.save(f"review-{review.pk}-v{version}.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    issued.save()
    return issued


# The review list and a review's issued versions ---------------------------------------------------


def add_reviews(orgs, years, user):
    """A review of each organisation for each year, each issued once."""
    for org in orgs:
        for year in years:
            review, _ = services.get_or_create_review(org=org, period=Period.year(year), actor=None)
            review.updated_by = user
            review.save(update_fields=["updated_by"])
            issue_fake(review, user, 1)


def test_the_review_list_needs_the_same_queries_for_three_times_the_reviews(
    client_for, tree, personas
):
    url = reverse("reports:review_list")
    client = client_for("county_admin")
    client.get(url)
    orgs = [tree.county, tree.township_a, tree.township_b]
    admin = personas["county_admin"]

    add_reviews(orgs, [2024], admin)
    small, response = count_queries(client, url)
    assert tbody_rows(response, "review-table") == 3
    assert "新庄镇总工会2024年工作回顾" in response.content.decode()

    add_reviews(orgs, [2022, 2023], admin)
    large, response = count_queries(client, url)
    assert tbody_rows(response, "review-table") == 9
    assert "城关镇总工会2022年工作回顾" in response.content.decode()
    assert large == small, f"review list: {small} queries for 3 reviews, {large} for 9"


def test_a_review_page_needs_the_same_queries_for_three_times_the_versions(
    client_for, tree, personas
):
    admin = personas["county_admin"]
    review, _ = services.get_or_create_review(org=tree.township_a, period=YEAR, actor=admin)
    url = review.get_absolute_url()
    client = client_for("county_admin")
    client.get(url)

    for version in (1, 2):
        issue_fake(review, admin, version)
    small, response = count_queries(client, url)
    assert 'data-testid="download-v2"' in response.content.decode()

    for version in (3, 4, 5, 6):
        issue_fake(review, admin, version)
    large, response = count_queries(client, url)
    html = response.content.decode()
    assert 'data-testid="download-v6"' in html and 'data-testid="download-v1"' in html
    assert large == small, f"review page: {small} queries with 2 versions, {large} with 6"


def test_the_issued_reviews_api_needs_the_same_queries_for_three_times_the_versions(
    client_for, tree, personas
):
    admin = personas["county_admin"]
    client = client_for("leader")
    url = "/api/issued-reviews/?page_size=100"
    client.get(url)

    add_reviews([tree.county, tree.township_a], [2024], admin)
    small, response = count_queries(client, url)
    first = response.json()
    add_reviews([tree.county, tree.township_a], [2022, 2023], admin)
    large, response = count_queries(client, url)
    second = response.json()

    assert (first["count"], second["count"]) == (2, 6)
    assert {row["issued_by"] for row in second["results"]} == {"county_admin"}
    assert large == small


# The drill-down and its export --------------------------------------------------------------------


def add_unions_and_members(tree, n, start):
    """n grassroots unions (alternating townships), each with a member who joined in 2025."""
    for i in range(start, start + n):
        township = tree.township_a if i % 2 else tree.township_b
        union = save_org(
            org=UnionOrg(
                name=f"测试企业{i}工会",
                parent=township,
                level=OrgLevel.GRASSROOTS,
                kind=OrgKind.ENTERPRISE,
                founded_on=datetime.date(2025, 2, 1),
            ),
            actor=None,
        )
        make_member(union, f"会员{i}", serial=i + 1, joined_on=datetime.date(2025, 3, 1))


DRILLDOWNS = ["membership.members", "membership.new_members", "membership.unions"]


def drilldown_url(code, org, name="drilldown", **extra):
    query = {"org": org.pk, **YEAR.as_query(), "size": 100, **extra}
    return f"{reverse(f'reports:{name}', args=[code])}?{urlencode(query)}"


@pytest.mark.parametrize("code", DRILLDOWNS)
def test_a_drilldown_needs_the_same_queries_for_three_times_the_records(
    client_for, tree, personas, code
):
    url = drilldown_url(code, tree.county)
    client = client_for("leader")
    client.get(url)

    add_unions_and_members(tree, 4, start=0)
    small, response = count_queries(client, url)
    small_rows = response.context["page"].paginator.count
    assert tbody_rows(response, "drilldown-table") == small_rows > 0

    add_unions_and_members(tree, 8, start=4)
    large, response = count_queries(client, url)
    large_rows = response.context["page"].paginator.count
    assert tbody_rows(response, "drilldown-table") == large_rows
    assert large_rows - small_rows == 8  # one more union, and one more member, each time
    assert large == small, f"{code}: {small} queries for {small_rows} rows, {large} for more"


@pytest.mark.parametrize("code", DRILLDOWNS)
def test_a_drilldown_export_needs_the_same_queries_for_three_times_the_records(
    client_for, tree, personas, code
):
    url = drilldown_url(code, tree.county, name="drilldown_export")
    client = client_for("leader")
    client.get(url)

    def rows(response):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if any(row))

    add_unions_and_members(tree, 4, start=0)
    small, response = count_queries(client, url)
    small_rows = rows(response)
    add_unions_and_members(tree, 8, start=4)
    large, response = count_queries(client, url)

    assert rows(response) - small_rows == 8
    assert large == small, f"{code} export: {small} queries for {small_rows} rows, {large} more"


def test_the_year_end_workbook_needs_the_same_queries_for_three_times_the_townships(
    client_for, tree
):
    url = reverse("reports:summary_xlsx") + "?" + urlencode({"org": tree.county.pk, "year": 2025})
    client = client_for("leader")
    client.get(url)

    def add_townships(n, start):
        for i in range(start, start + n):
            township = save_org(
                org=UnionOrg(
                    name=f"测试{i}镇总工会",
                    short_name=f"测试{i}镇",
                    parent=tree.county,
                    level=OrgLevel.TOWNSHIP,
                    kind=OrgKind.TOWNSHIP_FEDERATION,
                ),
                actor=None,
            )
            union = save_org(
                org=UnionOrg(
                    name=f"测试{i}镇企业工会",
                    parent=township,
                    level=OrgLevel.GRASSROOTS,
                    kind=OrgKind.ENTERPRISE,
                ),
                actor=None,
            )
            make_member(union, f"镇会员{i}", serial=100 + i, joined_on=datetime.date(2025, 3, 1))

    def township_rows(response):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
        return [n for n in names if n and not str(n).startswith(("合计", "统计"))]

    add_townships(1, start=0)
    small, response = count_queries(client, url)
    assert len(township_rows(response)) == 3 + 1  # and the county-direct units
    add_townships(4, start=1)
    large, response = count_queries(client, url)
    assert len(township_rows(response)) == 7 + 1
    assert "测试4镇" in township_rows(response) or "测试4镇总工会" in township_rows(response)
    assert large == small, f"workbook: {small} queries for 3 townships, {large} for 7"


# Out of scope: township A's review and township B's clerk -----------------------------------------


@pytest.fixture
def township_review(tree, personas):
    staff = personas["township_staff"]
    review, _ = services.get_or_create_review(org=tree.township_a, period=YEAR, actor=staff)
    return review


def test_another_township_s_review_is_404_on_every_page(client_for, personas, township_review):
    review = township_review
    issued = issue_fake(review, personas["township_staff"], 1)
    sections_before = list(review.sections.values_list("pk", "heading", "body"))
    other = client_for("other_township_staff")

    assert other.get(review.get_absolute_url()).status_code == 404
    edit = reverse("reports:review_edit", args=[review.pk])
    assert other.get(edit).status_code == 404
    assert other.post(edit, {"title": "改掉的标题"}).status_code == 404
    for name in ("review_add_sections", "review_issue"):
        assert other.post(reverse(f"reports:{name}", args=[review.pk])).status_code == 404, name
    assert other.get(reverse("reports:issued_download", args=[issued.pk])).status_code == 404
    assert other.get(f"/api/issued-reviews/{issued.pk}/").status_code == 404
    assert other.get(f"/api/issued-reviews/{issued.pk}/pdf/").status_code == 404
    listing = other.get(reverse("reports:review_list")).content.decode()
    assert review.title not in listing
    assert other.get("/api/issued-reviews/").json()["results"] == []

    review.refresh_from_db()
    assert review.title == "城关镇总工会2025年工作回顾"
    assert list(review.sections.values_list("pk", "heading", "body")) == sections_before
    assert IssuedReview.objects.count() == 1
    assert not Job.objects.filter(kind="issue-review").exists()

    own = client_for("township_staff")
    assert own.get(review.get_absolute_url()).status_code == 200
    assert own.get(reverse("reports:issued_download", args=[issued.pk])).status_code == 200


def test_another_township_s_issue_job_is_404(client_for, personas, township_review):
    job = Job.objects.create(
        kind="issue-review",
        title="发布",
        created_by=personas["township_staff"],
        status=JobStatus.RUNNING,
        params={"review": township_review.pk},
        total=3,
        done=1,
    )
    url = reverse("reports:issue_progress", args=[job.pk])
    own = client_for("township_staff").get(url)
    assert own.status_code == 200
    assert own.context["review"] == township_review
    assert client_for("other_township_staff").get(url).status_code == 404
    # even a county administrator does not see another person's job
    assert client_for("county_admin").get(url).status_code == 404
    assert AnnualReview.objects.count() == 1
