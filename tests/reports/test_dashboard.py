"""The leaders' dashboard: scope, figures with their drill-downs, charts, bounded queries."""

import json

import pytest
from django.urls import reverse

from apps.core.models import User
from apps.reports.dashboard import present
from apps.reports.evaluation import compute
from apps.reports.periods import Period
from apps.reports.queries import headline_indicators
from apps.reports.registry import REGISTRY
from apps.reports.store import figures

URL = "/reports/"


def charts(response):
    html = response.content.decode()
    start = html.index('<script id="dashboard-charts" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def test_the_nav_leads_to_the_dashboard(tree, client_for):
    assert reverse("reports:dashboard") == URL
    assert URL in client_for("leader").get("/").content.decode()


@pytest.mark.parametrize("persona", ["leader", "county_admin", "auditor"])
def test_county_roles_see_the_whole_county(seeded, client_factory, persona):
    response = client_factory(persona).get(URL, {"year": 2025})
    assert response.status_code == 200
    assert response.context["scope"] == seeded
    value = compute(seeded, Period.year(2025), ["membership.members"])["membership.members"]
    html = response.content.decode()
    assert 'data-testid="figure-membership.members"' in html
    assert f'<span class="figure-value" data-testid="value">{value}</span>' in html


def test_township_staff_see_their_township(seeded, client_factory):
    staff = User.objects.get(username="township_staff")
    client = client_factory("township_staff")
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    assert response.context["scope"] == staff.org
    scopes = list(response.context["scopes"])
    assert scopes == [staff.org]
    other = User.objects.get(username="other_township_staff").org
    assert client.get(URL, {"org": other.pk}).status_code == 404
    assert client.get(URL, {"org": seeded.pk}).status_code == 404


def test_each_figure_links_to_its_drilldown(seeded, client_factory):
    response = client_factory("leader").get(URL, {"year": 2025})
    cards = [card for section in response.context["sections"] for card in section["cards"]]
    assert {card["code"] for card in cards} == set(REGISTRY)
    card = next(card for card in cards if card["code"] == "membership.new_members")
    assert card["url"] == (
        reverse("reports:drilldown", args=["membership.new_members"])
        + f"?org={seeded.pk}&kind=year&year=2025"
    )


def test_the_charts_carry_their_drilldowns(seeded, client_factory):
    data = charts(client_factory("leader").get(URL, {"year": 2025}))
    trend = data["trend"][0]
    assert [p["label"] for p in trend["points"]] == ["2021", "2022", "2023", "2024", "2025"]
    assert "year=2021" in trend["points"][0]["url"]
    bars = data["townships"][0]["points"]
    # 12 townships and system unions, then the county-direct units (县直单位).
    assert len(bars) == 13 and all("org=" in bar["url"] for bar in bars)
    assert bars[-1]["label"] == "县直单位" and "direct=1" in bars[-1]["url"]
    assert data["categories"]


def test_previous_period_and_change(seeded, client_factory):
    response = client_factory("leader").get(URL, {"kind": "stats", "year": 2025})
    card = next(
        c
        for s in response.context["sections"]
        for c in s["cards"]
        if c["code"] == "membership.new_members"
    )
    now = compute(seeded, Period.stats_year(2025), ["membership.new_members"])
    before = compute(seeded, Period.stats_year(2024), ["membership.new_members"])
    assert card["value"] == str(now["membership.new_members"])
    assert card["previous"] == str(before["membership.new_members"])


def test_the_dashboards_queries_are_bounded(seeded, django_assert_max_num_queries):
    """Two queries per indicator, trend and breakdowns per headline indicator, a few more:
    independent of the number of organisations and records."""
    plain = [item for item in REGISTRY.values() if not item.is_ratio]
    categorised = [item for item in REGISTRY.values() if item.category]
    headlines = headline_indicators()
    budget = 2 * len(plain) + 5 * 2 * len(headlines) + len(categorised) + 5
    with django_assert_max_num_queries(budget):
        data = figures(seeded, Period.year(2025))
    with django_assert_max_num_queries(1):
        present(data, seeded, Period.year(2025))


def test_a_range_of_years_and_a_bad_period(seeded, client_factory):
    client = client_factory("leader")
    assert client.get(URL, {"kind": "years", "year": 2021, "to_year": 2025}).status_code == 200
    assert client.get(URL, {"year": "abc"}).status_code == 404


def test_the_year_end_workbook(seeded, client_factory):
    import io

    import openpyxl

    response = client_factory("leader").get(reverse("reports:summary_xlsx"), {"year": 2025})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["组织建设", "集体协商"]
    sheet = book["组织建设"]
    header = [cell.value for cell in sheet[2]]
    column = next(
        n
        for n, text in enumerate(header)
        if text and text.startswith(str(REGISTRY["membership.members"].label))
    )
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    townships = [row for row in rows if row[0] and not str(row[0]).startswith(("合计", "统计"))]
    total = next(row for row in rows if row[0] and str(row[0]).startswith("合计"))
    assert len(townships) == 13 and townships[-1][0] == "县直单位"
    assert all(isinstance(row[column], int) for row in townships)
    value = compute(seeded, Period.year(2025), ["membership.members"])["membership.members"]
    assert total[column] == value == sum(row[column] for row in townships)


def test_the_workbook_is_scoped(seeded, client_factory):
    other = User.objects.get(username="other_township_staff").org
    response = client_factory("township_staff").get(
        reverse("reports:summary_xlsx"), {"year": 2025, "org": other.pk}
    )
    assert response.status_code == 404


class TestCache:
    def test_figures_are_kept_and_refreshed(self, seeded, client_factory, settings):
        from apps.reports.models import FigureCache

        from .conftest import add_member

        settings.REPORTS_CACHE_SECONDS = 600
        client = client_factory("leader")
        first = client.get(URL, {"year": 2025}).context
        assert FigureCache.objects.count() == 1
        union = seeded.__class__.objects.filter(level="grassroots").order_by("pk").first()
        add_member(union, 903, joined_on=__import__("datetime").date(2025, 3, 1))
        kept = client.get(URL, {"year": 2025}).context
        assert _value(kept, "membership.new_members") == _value(first, "membership.new_members")
        fresh = client.get(URL, {"year": 2025, "refresh": 1}).context
        assert int(_value(fresh, "membership.new_members")) == (
            int(_value(first, "membership.new_members")) + 1
        )

    def test_stale_figures_are_shown_while_recomputed(self, seeded, client_factory, settings):
        import datetime

        from apps.reports.models import FigureCache

        settings.REPORTS_CACHE_SECONDS = 600
        client = client_factory("leader")
        client.get(URL, {"year": 2025})
        computed = FigureCache.objects.get().computed_at - datetime.timedelta(hours=1)
        FigureCache.objects.update(computed_at=computed)
        response = client.get(URL, {"year": 2025})
        assert response.context["stale"] is True
        # The background task (run at once in the tests) has stored newer figures.
        assert FigureCache.objects.get().computed_at > computed

    def test_by_default_a_new_record_shows_at_once(self, seeded, client_factory):
        from apps.reports.models import FigureCache

        from .conftest import add_member

        client = client_factory("leader")
        first = client.get(URL, {"year": 2025}).context
        assert first["stale"] is False
        union = seeded.__class__.objects.filter(level="grassroots").order_by("pk").first()
        add_member(union, 904, joined_on=__import__("datetime").date(2025, 3, 1))
        now = client.get(URL, {"year": 2025}).context
        assert int(_value(now, "membership.new_members")) == (
            int(_value(first, "membership.new_members")) + 1
        )
        assert not FigureCache.objects.exists()  # nothing kept that could go stale


def _value(context, code):
    return next(c["value"] for s in context["sections"] for c in s["cards"] if c["code"] == code)


def test_figures_can_be_computed_ahead(seeded):
    from django.core.management import call_command

    from apps.core.models import UnionOrg
    from apps.reports.models import FigureCache
    from apps.reports.queries import SCOPE_LEVELS

    call_command("refresh_figures", "--year", "2025")
    assert FigureCache.objects.count() == UnionOrg.objects.filter(level__in=SCOPE_LEVELS).count()
