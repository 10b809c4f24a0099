"""The reports pages driven in headless Chromium: the dashboard with its charts, a figure's
drill-down, editing a review with a bad placeholder, issuing and downloading the PDF.

Screenshots go to /tmp/shots/reports-*.png.
"""

import random
import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from apps.core import demo as core_demo
from apps.reports.evaluation import compute
from apps.reports.periods import Period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(transactional_db, media_root, settings):
    """A small demo county (the reports tests' seed) with the demo personas."""
    from apps.contracts import demo as contracts_demo
    from apps.membership import demo as membership_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    options = {"unions_per_township": 2, "members": 400}
    rng = random.Random(2026)
    county = core_demo.seed(rng=rng, options=options)
    membership_demo.seed(rng=rng, options=options)
    contracts_demo.seed(rng=rng, options=options)
    return county


def sign_in(page: Page, login, username):
    login(page, username, settings.DEMO_PASSWORD)


def total_shown(page: Page):
    return int(re.search(r"\d+", page.get_by_test_id("total").first.inner_text()).group())


def test_the_dashboard_draws_its_charts_and_a_figure_opens_its_records(
    page: Page, login, shot, county
):
    sign_in(page, login, "leader")
    page.goto("/reports/?year=2025")
    for chart in ("chart-trend", "chart-townships", "chart-categories"):
        expect(page.get_by_test_id(chart).locator("canvas, svg").first).to_be_attached()
        expect(page.get_by_test_id(chart)).to_have_attribute("data-drawn", "1")
    shot(page, "reports-dashboard")

    card = page.get_by_test_id("figure-membership.new_members")
    figure = int(card.get_by_test_id("value").inner_text())
    assert (
        figure
        == compute(county, Period.year(2025), ["membership.new_members"])["membership.new_members"]
    )
    card.click()
    expect(page.get_by_test_id("drilldown-table")).to_be_visible()
    assert total_shown(page) == figure
    assert int(page.get_by_test_id("figure").inner_text()) == figure
    shot(page, "reports-drilldown")


def test_a_township_bar_opens_that_townships_list(page: Page, login, county):
    sign_in(page, login, "county_admin")
    page.goto("/reports/?year=2025")
    chart = page.get_by_test_id("chart-townships")
    expect(chart).to_have_attribute("data-drawn", "1")  # the bars have finished growing
    chart.scroll_into_view_if_needed()
    # Click the first bar through ECharts' own coordinate conversion.
    point = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.getElementById('chart-townships'));
          const value = chart.getOption().series[0].data[0].value;
          const [x, y] = chart.convertToPixel({seriesIndex: 0}, [value / 2, 0]);
          const box = document.getElementById('chart-townships').getBoundingClientRect();
          return {x: box.left + x, y: box.top + y};
        }"""
    )
    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    assert "/reports/drilldown/" in page.url and "org=" in page.url
    expect(page.get_by_test_id("drilldown-table")).to_be_visible()


def test_a_bad_placeholder_is_refused_and_the_text_kept(page: Page, login, shot, county):
    sign_in(page, login, "county_admin")
    page.goto("/reports/reviews/")
    page.get_by_test_id("create-review").click()
    expect(page.get_by_test_id("review-preview")).to_be_visible()
    shot(page, "reports-review-preview")
    page.get_by_test_id("edit").click()
    body = page.locator("textarea").nth(1)
    typed = "全年新发展会员{membership.new_membrs}人。"
    body.fill(typed)
    page.get_by_test_id("save").click()
    error = page.get_by_test_id("error-body")
    expect(error).to_contain_text("{membership.new_membrs}")
    expect(page.locator("textarea").nth(1)).to_have_value(typed)
    shot(page, "reports-review-error")


def test_issue_a_review_and_download_it(page: Page, login, shot, county, tmp_path):
    sign_in(page, login, "county_admin")
    page.goto("/reports/reviews/")
    page.get_by_test_id("create-review").click()
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("confirm-issue-text")).to_be_visible()
    page.get_by_test_id("confirm-issue-confirm").click()
    download_link = page.get_by_test_id("download-v1")
    expect(download_link).to_be_visible(timeout=60_000)
    shot(page, "reports-review-issued")
    with page.expect_download() as info:
        download_link.click()
    path = tmp_path / "review.pdf"
    info.value.save_as(path)
    assert path.read_bytes()[:4] == b"%PDF"
