"""The figures of one scope and period, computed together: every indicator with last period's
value and the change, the headline indicators over five periods and by township, the
categorised ones by category. The dashboard shows all of them, the review quotes the
indicators and draws the first headline of each line of work.

Computing them is one evaluation (`evaluation.evaluate`: a few queries whatever the number of
indicators, organisations and records; the member figures read their tallies), about a tenth of
a second on a county of a million members. So the dashboard and the review's preview compute
them on every request by default, and show what the records say now.

A slower installation may keep them in `FigureCache` instead: with `REPORTS_CACHE_SECONDS` above
zero, figures are fresh for that long; then still shown, with the time they were computed,
while a background task recomputes them; "refresh" recomputes at once. Issuing a review, the
command line, the API and the drill-down lists always compute afresh."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override
from django_tasks import task

from apps.core.models import UnionOrg

from .choices import PeriodKind
from .evaluation import evaluate
from .figures import REVIEW_LANGUAGE, entries_from, format_number
from .models import FigureCache
from .periods import Period
from .queries import headline_indicators, orgs_by_id, short_name, township_values, townships
from .registry import REGISTRY

VERSION = 1  # bump when the shape of the cached data changes


def _plain(value):
    return str(value) if value is not None and not isinstance(value, int) else value


def charted_indicators():
    """The indicators the review draws: each line of work's first headline indicator."""
    first = {}
    for item in headline_indicators():
        first.setdefault(item.section, item)
    return list(first.values())


def figures(scope, period, *, headlines=None, categories=True):
    """The dashboard's numbers as plain JSON (no labels: those follow the reader's language).

    One evaluation (`evaluation.evaluate`): every indicator for this period and the previous
    one; the `headlines` (by default every headline indicator) over the trend's periods and by
    township; the categorised indicators by category unless `categories` is false."""
    codes = list(REGISTRY)
    headlines = headline_indicators() if headlines is None else headlines
    wanted = [(code, step) for code in codes for step in (period, period.previous())]
    wanted += [(item.code, step) for item in headlines for step in period.trend()]
    broken_down = {item.code for item in headlines}
    if categories:
        broken_down |= {code for code in codes if REGISTRY[code].category}
    results = evaluate(scope, wanted, detail={(code, period) for code in broken_down})
    orgs = townships(scope)
    data = {
        "entries": entries_from(results, period, codes),
        "trend": {},
        "townships": {},
        "categories": {},
    }
    for item in headlines:
        data["trend"][item.code] = [
            [step.last_year, _plain(results[(item.code, step)].value)] for step in period.trend()
        ]
        if len(orgs) > 1 and (item.township or item.is_ratio):
            data["townships"][item.code] = [
                [org.pk, _plain(value)]
                for org, value in township_values(item, results[(item.code, period)], orgs, period)
            ]
    for code in codes if categories else ():
        rows = results[(code, period)].categories
        if REGISTRY[code].category and rows:
            data["categories"][code] = [[key, _plain(value)] for key, _label, value in rows]
    return data


def cache_key(scope, period):
    return f"dashboard:v{VERSION}:{scope.pk}:{period.kind}:{period.first_year}:{period.last_year}"


def max_age():
    return datetime.timedelta(seconds=getattr(settings, "REPORTS_CACHE_SECONDS", 0))


def _store(key, data):
    now = timezone.now()
    try:
        with transaction.atomic():
            FigureCache.objects.update_or_create(
                key=key, defaults={"data": data, "computed_at": now, "refreshing_since": None}
            )
    except IntegrityError:  # two readers computed at once; either result will do
        pass
    return now


def fresh_figures(scope, period):
    """The figures computed now (and kept for the dashboard)."""
    data = figures(scope, period)
    _store(cache_key(scope, period), data)
    return data


def review_figures(scope, period):
    """What a review quotes and draws, computed now: every indicator with last period's value,
    and the charted indicators over five periods and by township (issuing, the command line)."""
    return figures(scope, period, headlines=charted_indicators(), categories=False)


def cached_figures(scope, period, *, refresh=False):
    """(data, computed_at, stale) for the dashboard and the preview; see the module docstring."""
    key = cache_key(scope, period)
    if max_age().total_seconds() <= 0:  # the default: what the records say now
        return figures(scope, period), timezone.now(), False
    row = None if refresh else FigureCache.objects.filter(key=key).first()
    if row is None or set(row.data.get("entries", {})) != set(REGISTRY):
        data = figures(scope, period)
        return data, _store(key, data), False
    now = timezone.now()
    stale = now - row.computed_at > max_age()
    if stale and (row.refreshing_since is None or now - row.refreshing_since > max_age()):
        claimed = FigureCache.objects.filter(
            pk=row.pk, refreshing_since=row.refreshing_since
        ).update(refreshing_since=now)
        if claimed:
            refresh_figures.enqueue(scope.pk, period.kind, period.first_year, period.last_year)
    return row.data, row.computed_at, stale


@task()
def refresh_figures(org_id: int, kind: str, first_year: int, last_year: int):
    scope = UnionOrg.objects.get(pk=org_id)
    period = Period.parse(kind, first_year, last_year if kind == PeriodKind.YEARS else None)
    _store(cache_key(scope, period), figures(scope, period))


def review_charts(data, scope, period):
    """The review's figures per line of work: its first headline indicator over five periods,
    and by township when there are several. Chinese labels, display numbers as text: an issued
    review keeps this as it is."""
    entries = data["entries"]
    ids = {org_id for rows in data["townships"].values() for org_id, _value in rows}
    with override(REVIEW_LANGUAGE):  # the county-direct group's name, as documents write it
        names = {org_id: short_name(org) for org_id, org in orgs_by_id(ids).items()}
    charts = {}
    for item in charted_indicators():
        if item.code not in data["trend"]:
            continue
        entry = entries[item.code]
        word = "统计年度" if period.is_stats else "年"
        shown = {"code": item.code, "label": entry["label"], "unit": entry["unit"]}
        charts[item.section] = [
            {
                **shown,
                "type": "trend",
                "points": [
                    [f"{year}{word}", format_number(value, entry)]
                    for year, value in data["trend"][item.code]
                ],
            }
        ]
        rows = data["townships"].get(item.code)
        if rows:
            charts[item.section].append(
                {
                    **shown,
                    "type": "townships",
                    "bars": [
                        [names[org_id], format_number(value, entry)]
                        for org_id, value in rows
                        if org_id in names
                    ],
                }
            )
    return charts
