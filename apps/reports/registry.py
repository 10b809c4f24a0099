"""The indicators registry: every figure a leader or a report shows is defined once, in the app
that owns the data (`apps/<app>/indicators.py`), and registered here.

An indicator is declared from a queryset of the records that make up the value and an
aggregate over them, so that:
- the value is one database aggregate for a scope and period;
- the breakdown by township is the same aggregate grouped by the township column (one query);
- the drill-down list is exactly that queryset, so its row count (or sum) equals the figure.

A ratio indicator (建会率, 入会率, 签订率) names a numerator and a denominator indicator; its
value is a percentage (unit "%"), None when the denominator is zero (shown as "—").

    from apps.reports.registry import FLOW, indicator, total

    indicator(
        code="example.new_members", section=EXAMPLE, label=_("New members"),
        unit=_("persons"), kind=FLOW,
        records=lambda scope, period: Member.objects.within(scope).filter(
            joined_on__range=(period.start, period.end)),
        township="union__township",      # lookup to the township org id (by-township charts)
        category="union__kind",          # optional: a choices field for the by-category chart
        headline=True,                   # optional: on the trend chart and the review's charts
    )
    indicator(code="example.paid", ..., aggregate=total("amount"), money=True)  # 元 in, 万元 shown

Contract, for the app writing `indicators.py`:
- `section` is a line of work the app declared (`sections.section`, a `Section` or its code):
  where the figure appears on the dashboard, in the review's appendix and in the workbook.
- `records(scope, period)` returns a queryset of the model whose rows make up the value, limited
  to `scope`'s subtree (`Model.objects.within(scope)`) and to the period (flows: the date within
  `period.start..period.end`; stocks: standing at `period.end`). The model's default manager has
  `visible_to(user)`: the drill-down list intersects the records with it. It may set
  `drilldown_columns = ["name", "union__name", ...]` to choose the list's columns.
- No Python loops over records or organisations: the value is one aggregate query.
- Money: the aggregate returns 元 (Decimal); mark it `money=True` (a unit of 万元 also marks it)
  and every report shows 万元.
- Labels and units are gettext_lazy strings; reports render in Chinese (`override("zh-hans")`).
- A figure over a large table may name a `summary`: rows that pre-count its records (see
  `Summary`); reports read it where it is ready, the drill-down always lists the records.
- `evaluation.compute(scope, period)` gives every indicator's value, and `evaluation.evaluate`
  any set of figures with their breakdowns, in one SQL statement (ratios reuse their
  numerator's and denominator's values).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Sum

from apps.core.discovery import app_modules

from .sections import SECTIONS, ordered

DIRECT = 0  # the breakdown key of records placed under no township: county-direct units (县直)
FLOW = "flow"  # happened within the period (新建, 发放)
STOCK = "stock"  # standing at the period's end (在档, 会员总数)
RATIO = "ratio"


@dataclass(frozen=True)
class Summary:
    """Rows that pre-count an indicator's records, so that a report need not rescan them.

    `prepare(periods)` makes the summary rows of those periods ready where it can and returns
    the periods that are; `records(scope, period)` are then the summary rows whose `aggregate`
    equals the indicator's value (its lookups `township` — the indicator's by default — and
    `category` give the same breakdowns). Indicators sharing one `prepare` are prepared
    together."""

    records: Callable
    prepare: Callable
    aggregate: object
    category: str = ""
    township: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str  # the code of a declared line of work (sections.py)
    label: object  # gettext_lazy English source; the Chinese catalogue gives the review's wording
    unit: object  # gettext_lazy: 个, 家, 人, 人次, 户, 份, 万元, %
    kind: str
    records: Callable | None = None  # (scope_org, period) -> QuerySet of the records
    aggregate: object = None  # Count("id") by default, or Sum("field")
    township: str = ""  # lookup from the record to its township org id, for breakdowns
    numerator: str = ""  # for ratios: indicator codes
    denominator: str = ""
    decimals: int = 0
    description: str = ""
    order: int = field(default=0, compare=False)
    category: str = ""  # optional lookup to a choices field, for the by-category breakdown
    headline: bool = False  # shown on the trend chart and in the review's charts
    money: bool = False  # the aggregate is in 元; reports show 万元
    summary: Summary | None = None  # a cheaper source of the same value, for reports
    lower_is_better: bool = False  # a rise is bad news (overdue filings): shown red, not green

    @property
    def is_money(self):
        return self.money or _is_wan_yuan(self.unit)

    @property
    def is_ratio(self):
        return self.kind == RATIO

    @property
    def is_percent(self):
        """A rate or a percentage (an average raise): its change is in percentage points."""
        return self.is_ratio or str(self.unit).strip() == "%"

    @property
    def is_average(self):
        """An average over the records: over no records it is undefined ("—"), not 0."""
        return isinstance(self.aggregate, Avg)

    def aggregate_expression(self):
        return self.aggregate if self.aggregate is not None else Count("pk")

    def value(self, scope, period):
        """The figure for one scope (an organisation's subtree) and period, counted from its
        records (reports compute many at once: `evaluation.evaluate`)."""
        if self.is_ratio:
            num = REGISTRY[self.numerator].value(scope, period)
            den = REGISTRY[self.denominator].value(scope, period)
            return ratio(num, den, self.decimals)
        result = self.records(scope, period).aggregate(v=self.aggregate_expression())["v"]
        return self.round(result)

    def by_township(self, scope, period):
        """{township org id: value} for the townships under `scope`, records placed under no
        township as `DIRECT` (县直), in one query (ratios: two)."""
        if self.is_ratio:
            return ratios_by_township(
                REGISTRY[self.numerator].by_township(scope, period),
                REGISTRY[self.denominator].by_township(scope, period),
                self.decimals,
            )
        if not self.township:
            return {}
        values = grouped(
            self.records(scope, period), self.township, self.aggregate_expression(), self.round
        )
        return {DIRECT if key is None else key: value for key, value in values.items()}

    def by_category(self, scope, period):
        """[(category code, label, value)] for the records under `scope`, in one query.

        Empty for ratios and for indicators without a `category` lookup."""
        if self.is_ratio or not self.category:
            return []
        queryset = self.records(scope, period)
        values = grouped(queryset, self.category, self.aggregate_expression(), self.round)
        return category_rows(queryset.model, self.category, values.items())

    def drilldown_records(self, scope, period):
        """The records behind the figure (a ratio's numerator records)."""
        if self.is_ratio:
            return REGISTRY[self.numerator].drilldown_records(scope, period)
        return self.records(scope, period)

    def round(self, value):
        if value is None:
            if self.is_average:
                return None
            return 0 if self.decimals == 0 else Decimal(0)
        if isinstance(value, Decimal | float) and self.decimals >= 0:
            quantum = Decimal(1).scaleb(-self.decimals)
            value = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
            return int(value) if self.decimals == 0 else value
        return value


def _is_wan_yuan(unit):
    from django.utils.translation import override

    with override("zh-hans"):
        text = str(unit)
    return text.strip() in ("万元", "10k yuan", "10,000 yuan", "ten thousand yuan")


def lookup_field(model, lookup):
    """The field at the end of `lookup` ("union__kind")."""
    opts, model_field = model._meta, None
    for part in lookup.split("__"):
        model_field = opts.get_field(part)
        if model_field.is_relation and model_field.related_model is not None:
            opts = model_field.related_model._meta
    return model_field


def choice_labels(model, lookup):
    """{code: label} of the choices field at the end of `lookup` ("union__kind")."""
    model_field = lookup_field(model, lookup)
    if model_field is None or not model_field.choices:
        return {}
    return {code: label for code, label in model_field.flatchoices}


def category_rows(model, lookup, pairs):
    """[(category code, label, value)] from (code, value) pairs, largest first."""
    labels = choice_labels(model, lookup)
    result = [(key, labels.get(key, key), value) for key, value in pairs]
    return sorted(result, key=lambda row: (-(row[2] or 0), str(row[0])))


def grouped(queryset, lookup, aggregate, round_value):
    """{key: value} of `aggregate` over `queryset` grouped by `lookup`, in one query."""
    rows = queryset.order_by().values(lookup).annotate(v=aggregate).values_list(lookup, "v")
    return {key: round_value(value) for key, value in rows}


def ratios_by_township(numerators, denominators, decimals):
    """A ratio's breakdown: each township with a base, its numerator (0 when it has none)."""
    return {
        key: ratio(numerators.get(key, 0), base, decimals) for key, base in denominators.items()
    }


def ratio(numerator, denominator, decimals=1):
    """A percentage, or None when the denominator is zero (shown as "—", never an error)."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


REGISTRY: dict[str, Indicator] = {}


def indicator(**kwargs):
    """Register an indicator (call at import time of the app's indicators.py)."""
    section = kwargs.get("section")
    kwargs["section"] = getattr(section, "code", section)
    item = Indicator(order=len(REGISTRY), **kwargs)
    if item.code in REGISTRY:
        raise ValueError(f"indicator {item.code} registered twice")
    if not PLACEHOLDER_CODE.fullmatch(item.code) or item.code.endswith(SUFFIXES):
        raise ValueError(f"indicator code {item.code!r} must look like 'app.name'")
    if not item.is_ratio and item.records is None:
        raise ValueError(f"indicator {item.code} needs records")
    if item.is_ratio and not (item.numerator and item.denominator):
        raise ValueError(f"ratio indicator {item.code} needs a numerator and a denominator")
    if item.section not in SECTIONS:
        raise ValueError(f"indicator {item.code}: no line of work {item.section!r} is declared")
    REGISTRY[item.code] = item
    return item


# Codes as review placeholders write them: {example.new_members}, {….previous}, {….change}.
PLACEHOLDER_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
SUFFIXES = (".previous", ".change")


def count(field_name="pk"):
    return Count(field_name)


def total(field_name):
    return Sum(field_name)


def by_section():
    """{section code: [indicators in order]} for every registered indicator, the lines of work
    in the reviews' order (`sections.ordered`)."""
    groups = {item.code: [] for item in ordered()}
    for item in sorted(REGISTRY.values(), key=lambda i: i.order):
        groups[item.section].append(item)
    return {code: items for code, items in groups.items() if items}


def autodiscover():
    """Import every app's indicators.py so its lines of work and indicators register."""
    app_modules("indicators")
