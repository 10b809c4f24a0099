import datetime

import pytest
from django.http import QueryDict

from apps.reports.choices import PeriodKind
from apps.reports.periods import Period


def test_the_statistics_year_runs_from_october_to_september():
    period = Period.stats_year(2025)
    assert (period.start, period.end) == (datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))
    assert period.previous() == Period.stats_year(2024)


def test_the_term_before_2011_2015_is_2006_2010():
    term = Period.years(2011, 2015)
    assert term.previous() == Period.years(2006, 2010)
    assert term.previous().start == datetime.date(2006, 1, 1)
    assert term.previous().end == datetime.date(2010, 12, 31)


def test_last_year_is_the_previous_of_a_year():
    assert Period.year(2025).previous() == Period.year(2024)


@pytest.mark.parametrize(
    "period", [Period.year(2025), Period.years(2011, 2015), Period.stats_year(2025)]
)
def test_a_period_survives_its_url(period):
    query = QueryDict(mutable=True)
    query.update({k: str(v) for k, v in period.as_query().items()})
    assert Period.from_query(query, 2000) == period


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "decade", "year": "2025"},
        {"year": "twenty"},
        {"year": "1800"},
        {"kind": "years", "year": "2015", "to_year": "2011"},
    ],
)
def test_a_malformed_period_is_refused(query):
    with pytest.raises(ValueError):
        Period.from_query(query, 2025)


def test_no_parameters_mean_the_default_calendar_year():
    assert Period.from_query({}, 2024) == Period.year(2024)


def test_the_trend_is_the_last_five_single_periods():
    assert Period.year(2025).trend() == [Period.year(y) for y in range(2021, 2026)]
    assert Period.years(2021, 2025).trend()[-1] == Period.year(2025)
    assert Period.stats_year(2025).trend()[0] == Period.stats_year(2021)


def test_a_period_kind_is_always_a_period_kind_member():
    """However a period is made (a URL, a job's JSON arguments, a stored review), its kind is
    a `PeriodKind`, so comparing kinds never depends on spelling."""
    made = [
        Period.parse("stats", 2025),
        Period.from_query(QueryDict("kind=years&year=2011&to_year=2015"), 2025),
        Period(datetime.date(2011, 1, 1), datetime.date(2015, 12, 31), "years"),
        Period.year(2025),
    ]
    assert [type(p.kind) for p in made] == [PeriodKind] * 4
    assert [p.kind for p in made] == [
        PeriodKind.STATS,
        PeriodKind.YEARS,
        PeriodKind.YEARS,
        PeriodKind.YEAR,
    ]
    assert [(p.is_stats, p.is_range) for p in made] == [
        (True, False),
        (False, True),
        (False, True),
        (False, False),
    ]
    assert made[1] == made[2] and hash(made[1]) == hash(made[2])
    assert made[1].as_query() == {"kind": "years", "year": 2011, "to_year": 2015}
    with pytest.raises(ValueError):
        Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), "decade")
