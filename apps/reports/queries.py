"""Reads for the dashboard, the review, the workbook and the API. Every figure comes from the
indicators registry; the query count depends on the number of indicators, never on the number
of organisations or records."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.choices import OrgKind, OrgLevel
from apps.core.models import Employer, UnionOrg

from .evaluation import evaluate
from .periods import Period
from .registry import DIRECT, REGISTRY, by_section

ABOVE_TOWNSHIPS = (OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY)
SCOPE_LEVELS = (*ABOVE_TOWNSHIPS, OrgLevel.TOWNSHIP)


def scope_for(user, org_id=None):
    """The organisation whose subtree the figures cover: `org_id` if the user may see it (404
    otherwise, as for a record that is not there), else the user's own organisation."""
    visible = UnionOrg.objects.visible_to(user)
    if org_id in (None, ""):
        if user.org_id is None:
            raise Http404
        org_id = user.org_id
    try:
        return visible.get(pk=int(org_id))
    except (UnionOrg.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def period_for(query):
    """The period named by the URL, the current calendar year by default; 404 when malformed."""
    try:
        return Period.from_query(query, timezone.localdate().year)
    except (ValueError, TypeError) as error:
        raise Http404 from error


def scope_choices(user):
    """Organisations a user may pick as the dashboard's scope: county and township level."""
    return UnionOrg.objects.visible_to(user).filter(level__in=SCOPE_LEVELS).order_by("code")


def drilldown_url(code, scope, period, **extra):
    query = {"org": scope.pk, **period.as_query(), **extra}
    return f"{reverse('reports:drilldown', args=[code])}?{urlencode(query)}"


def headline_indicators():
    """Per section the indicators marked `headline`, else the section's first one."""
    chosen = []
    for items in by_section().values():
        marked = [item for item in items if item.headline]
        chosen.extend(marked or items[:1])
    return chosen


@dataclass(frozen=True)
class DirectGroup:
    """Stands in for a township in breakdowns: the unions and employers directly under the
    county federation (县直单位), which belong to no township, so that the bars add up to the
    county's figure."""

    pk: int = DIRECT
    code: str = ""
    kind: str = ""

    @property
    def name(self):
        return str(_("County-direct units"))

    short_name = name


DIRECT_GROUP = DirectGroup()


def townships(scope):
    """The township-level organisations under `scope` (the scope itself if it is one), then the
    county-direct group when the scope is above the townships."""
    orgs = list(
        UnionOrg.objects.within(scope)
        .filter(level=OrgLevel.TOWNSHIP)
        .order_by("code")
        .only("pk", "name", "short_name", "code", "kind")
    )
    if scope.level in ABOVE_TOWNSHIPS:
        orgs.append(DIRECT_GROUP)
    return orgs


def orgs_by_id(ids):
    """{id: organisation} of breakdown keys, the county-direct group included."""
    found = UnionOrg.objects.in_bulk([pk for pk in ids if pk != DIRECT]) if ids else {}
    if DIRECT in ids:
        found[DIRECT] = DIRECT_GROUP
    return found


def bar_url(code, scope, org, period):
    """The drill-down of one bar of a by-township chart."""
    if org.pk == DIRECT:
        return drilldown_url(code, scope, period, direct=1)
    return drilldown_url(code, org, period)


def applies(item, org, period):
    """Whether a figure can have a value for a breakdown group: employers are registered by
    township, so a system union (教育系统, 卫健系统) has none, and an employer figure does not
    apply to it (shown as such, not as an empty bar)."""
    if org.kind != OrgKind.INDUSTRY:
        return True
    parts = [REGISTRY[item.numerator], REGISTRY[item.denominator]] if item.is_ratio else [item]
    # records() builds a lazy queryset: no query is run here
    return not any(issubclass(part.records(org, period).model, Employer) for part in parts)


def township_values(item, figure, orgs, period):
    """[(township org, value)] of an evaluated figure in `orgs`' order, townships without
    records at zero; None where there is nothing to count (a ratio without a base, an employer
    figure of a system union)."""
    zero = None if item.is_ratio or item.is_average else 0
    return [
        (org, figure.townships.get(org.pk, zero) if applies(item, org, period) else None)
        for org in orgs
    ]


def short_name(org):
    return org.short_name or org.name


def township_table(scope, period):
    """{section: (indicators, [(township org, {code: value})], {code: scope value})} for the
    year-end workbook, from one evaluation of every indicator with its breakdowns."""
    orgs = townships(scope)
    wanted = [(code, period) for code in REGISTRY]
    results = evaluate(scope, wanted, detail=wanted)
    tables = {}
    for section, items in by_section().items():
        per_org = {org.pk: {} for org in orgs}
        for item in items:
            for org, value in township_values(item, results[(item.code, period)], orgs, period):
                per_org[org.pk][item.code] = value
        rows = [(org, per_org[org.pk]) for org in orgs]
        tables[section] = (
            items,
            rows,
            {item.code: results[(item.code, period)].value for item in items},
        )
    return tables


def api_figures(scope, period, entries):
    """The API's rows: one per indicator, in registry order."""
    rows = []
    for code, entry in entries.items():
        rows.append(
            {
                "code": code,
                "label": str(REGISTRY[code].label),
                "unit": entry["unit"],
                "section": entry["section"],
                "kind": entry["kind"],
                "value": entry["value"],
                "previous": entry["previous"],
                "change": entry["change"],
                "drilldown_url": drilldown_url(code, scope, period),
            }
        )
    return rows
