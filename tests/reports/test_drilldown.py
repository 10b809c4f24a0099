"""The drill-down lists exactly the records behind a figure, as the person asking may see them."""

import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from apps.core.models import UnionOrg
from apps.reports.evaluation import compute
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY

YEAR = Period.year(2025)
# Count indicators of each kind: ledger stocks and flows, organisations, employers, contracts.
SAMPLE = [
    "membership.members",
    "membership.new_members",
    "membership.members_women",
    "membership.unions",
    "membership.organised_employers",
    "contracts.signed_count",
    "contracts.in_force_count",
    "contracts.employers_covered",
]


def url(code, org, period=YEAR, **extra):
    query = {"org": org.pk, **period.as_query(), **extra}
    return f"{reverse('reports:drilldown', args=[code])}?{urlencode(query)}"


def shown_total(response):
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "period", [YEAR, Period.years(2021, 2025), Period.stats_year(2025)], ids=str
)
def test_the_row_count_equals_the_figure(seeded, client_factory, period):
    client = client_factory("leader")
    codes = [code for code in SAMPLE if code in REGISTRY]
    assert codes, "no count indicators registered"
    values = compute(seeded, period, codes)
    for code in codes:
        response = client.get(url(code, seeded, period))
        assert response.status_code == 200
        assert shown_total(response) == values[code], code


def test_a_township_bar_opens_the_townships_records(seeded, client_factory):
    client = client_factory("county_admin")
    township = UnionOrg.objects.filter(parent=seeded).order_by("code").first()
    item = REGISTRY["membership.new_members"]
    by_township = item.by_township(seeded, YEAR)
    response = client.get(url(item.code, township))
    assert shown_total(response) == by_township.get(township.pk, 0)


def test_a_category_bar_opens_the_categorys_records(seeded, client_factory):
    client = client_factory("county_admin")
    item = REGISTRY["membership.unions"]
    for key, _label, value in item.by_category(seeded, YEAR):
        response = client.get(url(item.code, seeded, category=key))
        assert shown_total(response) == value


def test_rows_link_to_their_records(seeded, client_factory):
    response = client_factory("county_admin").get(url("membership.unions", seeded))
    html = response.content.decode()
    first = response.context["page"].object_list[0]
    assert f'href="{first.get_absolute_url()}"' in html


def test_the_export_holds_the_same_rows(seeded, client_factory, settings):
    settings.BACKGROUND_JOB_ROWS = 100_000
    client = client_factory("county_admin")
    code = "membership.new_members"
    response = client.get(
        reverse("reports:drilldown_export", args=[code]) + "?" + url(code, seeded).split("?")[1]
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]
    assert len(rows) == compute(seeded, YEAR, [code])[code]


def test_a_long_export_runs_as_a_job(seeded, client_factory, settings):
    settings.BACKGROUND_JOB_ROWS = 5
    code = "membership.members"
    response = client_factory("county_admin").get(
        reverse("reports:drilldown_export", args=[code]) + "?" + url(code, seeded).split("?")[1]
    )
    assert response.status_code == 302
    assert "/jobs/" in response["Location"]


class TestScope:
    def test_township_staff_see_their_townships_records(self, seeded, client_factory):
        from apps.core.models import User

        staff = User.objects.get(username="township_staff")
        response = client_factory("township_staff").get(url("membership.unions", staff.org))
        assert response.status_code == 200
        assert (
            shown_total(response)
            == compute(staff.org, YEAR, ["membership.unions"])["membership.unions"]
        )

    def test_another_townships_scope_is_not_there(self, seeded, client_factory):
        from apps.core.models import User

        other = User.objects.get(username="other_township_staff").org
        client = client_factory("township_staff")
        assert client.get(url("membership.unions", other)).status_code == 404
        assert client.get(url("membership.unions", seeded)).status_code == 404
        export = reverse("reports:drilldown_export", args=["membership.unions"])
        assert client.get(f"{export}?org={other.pk}&year=2025").status_code == 404

    def test_records_are_also_cut_to_what_the_user_may_see(
        self, seeded, client_factory, extra_indicator
    ):
        """Even an indicator whose records reach outside the scope lists only visible ones."""
        from apps.core.models import User
        from apps.reports.registry import STOCK

        extra_indicator(
            code="testing.leaky",
            section="organisation",
            label="所有组织",
            unit="个",
            kind=STOCK,
            records=lambda scope, period: UnionOrg.objects.all(),
        )
        staff = User.objects.get(username="township_staff")
        response = client_factory("township_staff").get(url("testing.leaky", staff.org))
        visible = UnionOrg.objects.visible_to(staff)
        assert shown_total(response) == visible.count() < UnionOrg.objects.count()


@pytest.mark.parametrize(
    "query", ["year=20x5", "kind=decade&year=2025", "org=abc&year=2025", "org=999999&year=2025"]
)
def test_bad_parameters_are_not_found(seeded, client_factory, query):
    response = client_factory("county_admin").get(
        reverse("reports:drilldown", args=["membership.unions"]) + "?" + query
    )
    assert response.status_code == 404


def test_an_unknown_indicator_is_not_found(seeded, client_factory):
    response = client_factory("county_admin").get(reverse("reports:drilldown", args=["no.such"]))
    assert response.status_code == 404


def test_a_model_chooses_its_columns(seeded, client_factory, monkeypatch):
    monkeypatch.setattr(
        UnionOrg, "drilldown_columns", ["code", ("township__name", "所属乡镇")], raising=False
    )
    response = client_factory("county_admin").get(url("membership.unions", seeded))
    labels = [column.label for column in response.context["view"].columns]
    assert labels[1] == "所属乡镇"
    first = response.context["rows"][0]
    assert first[1][0] == first[0].code
