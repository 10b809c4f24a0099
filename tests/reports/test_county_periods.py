"""Periods and term reviews as counties write them: a half-year, a quarter and a date range
parse, are labelled, compare with the same dates a year earlier and drill down; a range of
years cites no congress held after it, compares stocks with the previous term's end and flows
with the previous term, and states no change against zero."""

import datetime

import pytest
from django.http import QueryDict
from django.utils.translation import override

from apps.core.models import UnionOrg
from apps.reports import defaults
from apps.reports.choices import PeriodKind
from apps.reports.figures import snapshot
from apps.reports.periods import Period

D = datetime.date


@pytest.mark.parametrize(
    ("query", "start", "end", "previous_start", "previous_end"),
    [
        (
            "kind=half&year=2025&half=1",
            D(2025, 1, 1),
            D(2025, 6, 30),
            D(2024, 1, 1),
            D(2024, 6, 30),
        ),
        (
            "kind=half&year=2025&half=2",
            D(2025, 7, 1),
            D(2025, 12, 31),
            D(2024, 7, 1),
            D(2024, 12, 31),
        ),
        (
            "kind=quarter&year=2024&quarter=1",
            D(2024, 1, 1),
            D(2024, 3, 31),
            D(2023, 1, 1),
            D(2023, 3, 31),
        ),
        (
            "kind=quarter&year=2024&quarter=4",
            D(2024, 10, 1),
            D(2024, 12, 31),
            D(2023, 10, 1),
            D(2023, 12, 31),
        ),
        (
            "kind=dates&start=2024-03-01&end=2024-05-31",
            D(2024, 3, 1),
            D(2024, 5, 31),
            D(2023, 3, 1),
            D(2023, 5, 31),
        ),
    ],
)
def test_periods_within_a_year_parse_and_compare_with_last_years_same_dates(
    query, start, end, previous_start, previous_end
):
    period = Period.from_query(QueryDict(query), 2025)
    assert (period.start, period.end) == (start, end)
    previous = period.previous()
    assert (previous.start, previous.end) == (previous_start, previous_end)  # 去年同期
    assert Period.from_query(QueryDict(""), 2025).kind == PeriodKind.YEAR
    rebuilt = Period.from_query(
        QueryDict("&".join(f"{k}={v}" for k, v in period.as_query().items())), 1
    )
    assert rebuilt == period
    trend = period.trend(3)
    assert [p.start.year for p in trend] == [start.year - 2, start.year - 1, start.year]
    assert trend[-1] == period and trend[0].start.month == start.month


def test_labels_and_wording_within_a_year():
    assert str(Period.half(2025, 1).label) == "2025年上半年"  # the UI's default language
    with override("en"):
        assert str(Period.half(2025, 1).label) == "first half of 2025"
    assert Period.half(2025, 1).phrase == "上半年"
    assert Period.quarter(2025, 3).phrase == "第三季度"
    assert Period.dates(D(2025, 3, 1), D(2025, 5, 31)).phrase == "3月1日至5月31日"
    assert Period.shifted(Period.dates(D(2024, 2, 29), D(2024, 3, 1)), 1).start == D(2023, 2, 28)


@pytest.mark.parametrize(
    "query",
    [
        "kind=half&year=2025&half=3",
        "kind=quarter&year=2025&quarter=0",
        "kind=dates&start=2025-05-01&end=2025-04-01",
        "kind=dates&start=x&end=2025-04-01",
        "kind=dates&start=2025-01-01",
    ],
)
def test_bad_periods_are_refused(query):
    with pytest.raises(ValueError):
        Period.from_query(QueryDict(query), 2025)


@pytest.mark.django_db
def test_a_half_year_review_reads_like_the_reference_summary(tree):
    period = Period.half(2025, 1)
    w = defaults.wording(tree.county, period)
    assert w.period_name == "2025年上半年"
    assert w.flow_lead == "上半年，全县"
    assert w.compare == "比去年同期"


@pytest.mark.django_db
def test_a_half_year_drills_down(client_for, tree):
    client = client_for("county_admin")
    response = client.get(
        "/reports/drilldown/membership.unions/",
        {"org": tree.county.pk, "kind": "half", "year": 2025, "half": 1},
    )
    assert response.status_code == 200
    assert response.context["view"].period == Period.half(2025, 1)
    rate = client.get(
        "/reports/drilldown/contracts.signing_rate/",
        {
            "org": tree.county.pk,
            "kind": "quarter",
            "year": 2025,
            "quarter": 2,
            "part": "denominator",
        },
    )
    assert rate.status_code == 200
    assert rate.context["view"].period == Period.quarter(2025, 2)
    assert rate.context["view"].part == "denominator"


# --- a term review -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "party", "union", "later"),
    [
        (
            Period.years(2011, 2015),
            "十八大",
            "十六大",
            ("十九大", "二十大", "十七大", "十八大精神"),
        ),
        (Period.years(2016, 2020), "十九大", "十七大", ("二十大", "中国工会十八大")),
        (Period.year(2024), "二十大", "十八大", ()),
        (Period.year(2010), "十七大", "十五大", ("十八大", "十六大", "新时代")),
    ],
)
def test_the_foreword_cites_no_congress_after_the_period(tree, period, party, union, later):
    text = defaults.foreword(tree.county, period)
    assert f"党的{party}精神" in text and f"中国工会{union}精神" in text
    for name in later:
        assert name not in text.replace(f"党的{party}", "").replace(f"中国工会{union}", "")


@pytest.mark.django_db
def test_a_range_compares_stocks_with_the_last_term_end_and_flows_with_the_last_term(tree):
    period = Period.years(2011, 2015)
    w = defaults.wording(tree.county, period)
    assert w.compare_for("membership.unions") == "比2010年末"  # a stock
    assert w.compare_for("membership.organising_rate") == "比2010年末"  # a rate at the end
    assert w.compare_for("membership.new_members") == "比上届"  # a flow


@pytest.mark.django_db
def test_a_range_review_states_no_change_against_zero(tree):
    """Nothing was recorded in 2006–2010: the 2011–2015 text states no change at all (the tree's
    unions have no founding date, so they stood then too: their change stays)."""
    UnionOrg.objects.filter(level="grassroots").update(founded_on=D(2012, 5, 1))
    period = Period.years(2011, 2015)
    entries = snapshot(tree.county, period)
    assert entries["membership.unions"]["previous"] == 0
    sections = defaults.default_sections(tree.county, period, entries)
    text = "".join(body for _kind, _heading, body in sections)
    assert "{membership.unions}个" in text
    assert "{membership.unions.change}" not in text
    assert "{membership.new_unions.change}" not in text
    assert "比上届" not in text.split("{membership.new_unions}")[1][:10]
    assert "二十大" not in text and "十九大" not in text


@pytest.mark.django_db
def test_the_dashboard_picks_a_quarter_and_a_date_range(client_for, tree):
    client = client_for("county_admin")
    page = client.get(
        "/reports/", {"org": tree.county.pk, "kind": "quarter", "year": 2025, "quarter": 3}
    )
    assert page.status_code == 200
    assert page.context["period"] == Period.quarter(2025, 3)
    assert 'name="quarter"' in page.content.decode()
    page = client.get(
        "/reports/",
        {"org": tree.county.pk, "kind": "dates", "start": "2025-03-01", "end": "2025-05-31"},
    )
    assert page.context["period"] == Period.dates(D(2025, 3, 1), D(2025, 5, 31))
    assert 'value="2025-03-01"' in page.content.decode()


@pytest.mark.django_db
def test_a_stored_review_covers_only_periods_it_can_keep(personas, tree):
    from apps.reports.forms import NewReviewForm

    form = NewReviewForm(
        {"org": tree.county.pk, "kind": "half", "year": 2025}, user=personas["county_admin"]
    )
    assert not form.is_valid() and "kind" in form.errors
