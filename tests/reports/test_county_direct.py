"""Unions and employers directly under the county federation (县直) belong to no township: every
by-township breakdown shows them as their own group, so the bars add up to the county figure,
and the group's bar opens exactly its records."""

import datetime

import pytest
from django.urls import reverse

from apps.reports.evaluation import evaluate
from apps.reports.periods import Period
from apps.reports.queries import DIRECT_GROUP, township_table, townships
from apps.reports.registry import DIRECT, REGISTRY
from tests.conftest import make_org
from tests.reports.conftest import add_member

YEAR = Period.parse("year", 2025)


@pytest.fixture
def direct(tree):
    """A union directly under the county (县直), with two members."""
    union = make_org("县人民医院工会", tree.county, level="grassroots", kind="institution")
    for serial in (1, 2):
        add_member(union, serial, joined_on=datetime.date(2025, 3, 1))
    add_member(tree.union_a1, 3, joined_on=datetime.date(2025, 3, 1))
    return union


def breakdowns(scope):
    codes = [code for code, item in REGISTRY.items() if item.township or item.is_ratio]
    wanted = [(code, YEAR) for code in codes]
    return evaluate(scope, wanted, detail=wanted)


def test_the_county_direct_group_is_its_own_bar_and_the_bars_add_up(tree, direct):
    figures = breakdowns(tree.county)
    members = figures[("membership.members", YEAR)]
    assert members.townships[DIRECT] == 2
    for (code, _period), figure in figures.items():
        if REGISTRY[code].is_ratio or REGISTRY[code].aggregate is not None:
            continue  # counts add up; averages and ratios do not
        assert sum(v or 0 for v in figure.townships.values()) == figure.value, code


def test_a_township_scope_has_no_county_direct_group(tree, direct):
    assert DIRECT_GROUP not in townships(tree.township_a)
    assert townships(tree.county)[-1] is DIRECT_GROUP
    figure = breakdowns(tree.township_a)[("membership.members", YEAR)]
    assert DIRECT not in figure.townships


def test_the_workbook_has_a_county_direct_row(tree, direct):
    _items, rows, totals = township_table(tree.county, YEAR)["organisation"]
    org, values = rows[-1]
    assert org is DIRECT_GROUP and values["membership.members"] == 2
    assert (
        sum(values["membership.members"] for _org, values in rows) == totals["membership.members"]
    )


def test_the_groups_bar_opens_its_records(tree, direct, client_for):
    client = client_for("county_admin")
    url = reverse("reports:drilldown", args=["membership.members"])
    page = client.get(url, {"org": tree.county.pk, "year": 2025, "direct": 1})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 2
    assert "县直单位" in page.content.decode()
    # A township's clerk asking for the county-direct group of their own scope sees nothing.
    other = client_for("township_staff").get(
        url, {"org": tree.township_a.pk, "year": 2025, "direct": 1}
    )
    assert other.status_code == 200 and other.context["page"].paginator.count == 0
