"""Figures people can check: a drill-down shows the column its figure sums, a rate shows its
numerator's and denominator's lists with their counts, colours follow whether a rise is good
news, percentages change in points, an average over nothing is "—", a system union is not an
empty bar for an employer figure, and the review's table note names only the units it uses."""

import io
import json
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from apps.core.models import UnionOrg
from apps.reports.evaluation import compute
from apps.reports.figures import change_short, entry_for, tone
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY
from apps.reports.render import table_note

YEAR = Period.year(2025)


def url(code, org, **extra):
    query = {"org": org.pk, **YEAR.as_query(), **extra}
    return f"{reverse('reports:drilldown', args=[code])}?{urlencode(query)}"


def test_the_drilldown_shows_the_summed_column_adding_up_to_the_figure(seeded, client_factory):
    client = client_factory("county_admin")
    response = client.get(url("contracts.workers_covered", seeded, size=1000))
    columns = [c.label for c in response.context["view"].columns]
    assert columns[-1].startswith(str(REGISTRY["contracts.workers_covered"].label))
    summed = sum(values[-1] or 0 for _record, values in response.context["rows"])
    assert (
        summed == compute(seeded, YEAR, ["contracts.workers_covered"])["contracts.workers_covered"]
    )
    assert summed > 0
    export = client.get(
        reverse("reports:drilldown_export", args=["contracts.workers_covered"])
        + f"?{urlencode({'org': seeded.pk, **YEAR.as_query()})}"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(
        r for r in rows if r and any(str(c).startswith("集体合同覆盖职工") for c in r if c)
    )
    column = next(n for n, c in enumerate(header) if c and str(c).startswith("集体合同覆盖职工"))
    body = rows[rows.index(header) + 1 :]
    assert sum(int(r[column] or 0) for r in body if r[column] is not None) == summed


def test_a_rate_lists_its_numerator_and_its_denominator(seeded, client_factory):
    client = client_factory("county_admin")
    code = "membership.organising_rate"
    values = compute(
        seeded,
        YEAR,
        ["membership.organised_employers", "membership.must_organise_employers"],
    )
    numerator = client.get(url(code, seeded))
    parts = numerator.context["parts"]
    assert [p["part"] for p in parts] == ["numerator", "denominator"]
    assert parts[0]["value"] == str(values["membership.organised_employers"])
    assert parts[1]["value"] == str(values["membership.must_organise_employers"])
    assert numerator.context["page"].paginator.count == values["membership.organised_employers"]
    denominator = client.get(url(code, seeded, part="denominator"))
    assert (
        denominator.context["page"].paginator.count == values["membership.must_organise_employers"]
    )
    assert values["membership.must_organise_employers"] > values["membership.organised_employers"]
    assert 'data-testid="part-denominator"' in denominator.content.decode()


def test_a_rise_in_overdue_filings_is_bad_news():
    overdue = entry_for(REGISTRY["contracts.submissions_overdue"], 5, 3)
    signed = entry_for(REGISTRY["contracts.signed_count"], 5, 3)
    assert tone(overdue) == "bad" and tone(signed) == "good"
    assert tone(entry_for(REGISTRY["contracts.submissions_overdue"], 1, 3)) == "good"


def test_an_average_percentage_changes_in_points_and_is_undefined_over_nothing(tree):
    item = REGISTRY["contracts.wage_raise_avg"]
    entry = entry_for(item, Decimal("4.5"), Decimal("5.0"))
    assert change_short(entry) == "-0.5个百分点"
    assert entry["change"] == "-0.5"
    assert compute(tree.county, YEAR, ["contracts.wage_raise_avg"]) == {
        "contracts.wage_raise_avg": None
    }


def test_a_system_union_is_not_an_empty_bar_for_an_employer_figure(seeded, client_factory):
    page = client_factory("leader").get(reverse("reports:dashboard"), {"year": 2025})
    html = page.content.decode()
    start = html.index('<script id="dashboard-charts" type="application/json">')
    data = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    system = set(
        UnionOrg.objects.filter(kind="industry", level="township").values_list(
            "short_name", flat=True
        )
    )
    assert system
    for series in data["townships"]:
        item = REGISTRY[series["code"]]
        parts = [item.numerator, item.denominator] if item.is_ratio else [item.code]
        models = {REGISTRY[c].records(seeded, YEAR).model._meta.model_name for c in parts}
        employer_figure = "employer" in models  # a rate over employers has no base there
        for point in series["points"]:
            if point["label"] in system:
                assert (point["note"] == "不适用") == employer_figure, (series["code"], point)


@pytest.mark.parametrize(
    ("money", "expected", "absent"),
    [(False, "计量单位：人、%", "万元"), (True, "金额以万元计", "")],
)
def test_the_table_note_names_only_the_units_it_uses(money, expected, absent):
    entries = {
        "a.people": {"unit": "人", "money": False, "kind": "stock", "percent": False},
        "a.rate": {"unit": "%", "money": False, "kind": "ratio", "percent": True},
    }
    if money:
        entries["a.paid"] = {"unit": "万元", "money": True, "kind": "flow", "percent": False}
    note = table_note(entries)
    assert expected in note and "百分点" in note
    if absent:
        assert absent not in note
