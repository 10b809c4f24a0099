"""The drill-down: exactly the records behind a figure, as the person asking may see them.

The records are the indicator's own queryset (`Indicator.drilldown_records`) for a scope the
user may see, intersected with `Model.objects.visible_to(user)`; so the list's row count is the
figure (for a count indicator) and nobody sees a record outside their scope.

Columns: a model may declare `drilldown_columns = ["name", ("union__name", "工会"), ...]`
(lookups, optionally with a label); otherwise a few of its plain fields are shown.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from .queries import period_for, scope_for
from .registry import REGISTRY

HIDDEN = {
    "id",
    "path",
    "depth",
    "name_pinyin",
    "name_initials",
    "created_at",
    "updated_at",
    "password",
}
SENSITIVE = ("id_number", "phone", "mobile", "bank", "account", "address", "credit_code")
DEFAULT_COLUMNS = 6


@dataclass
class DrilldownColumn:
    lookup: str
    label: str
    field: models.Field

    def value(self, record):
        """The cell's value as shown: choice labels, related records (the page links them to
        their own pages), raw numbers and dates."""
        obj = record
        parts = self.lookup.split("__")
        for part in parts[:-1]:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        if self.field.is_relation:
            return getattr(obj, parts[-1], None)
        value = getattr(obj, self.field.attname, None)
        if self.field.choices and value not in (None, ""):
            return str(dict(self.field.flatchoices).get(value, value))
        return value


@dataclass
class SummedColumn(DrilldownColumn):
    """The value a sum or an average adds up, beside each record (covered workers beside each
    employer): read from the record, where it may be an annotation of the indicator's
    queryset rather than a model field."""

    def value(self, record):
        return getattr(record, self.lookup, None)


def summed_column(item, model):
    """The column of the field the indicator's aggregate reads (`Sum("covered_workers")`), or
    None for a count."""
    aggregate = item.aggregate
    if aggregate is None or isinstance(aggregate, models.Count):
        return None
    sources = [e for e in aggregate.get_source_expressions() if e is not None]  # not its filter
    names = [getattr(e, "name", None) for e in sources]
    if len(names) != 1 or not names[0] or "__" in names[0]:
        return None
    try:
        field = model._meta.get_field(names[0])
    except FieldDoesNotExist:
        field = models.DecimalField()  # an annotation of the records' queryset
    return SummedColumn(lookup=names[0], label=f"{item.label}（{item.unit}）", field=field)


def _field_path(model, lookup):
    """The fields along a lookup ("union__township__name")."""
    path, opts = [], model._meta
    for part in lookup.split("__"):
        field = opts.get_field(part)
        path.append(field)
        if field.is_relation and field.related_model is not None:
            opts = field.related_model._meta
    return path


def _default_lookups(model):
    lookups = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in HIDDEN or not field.editable and not field.choices:
            continue
        if any(word in field.name for word in SENSITIVE):
            continue
        if isinstance(field, models.TextField | models.JSONField | models.FileField):
            continue
        lookups.append(field.name)
    return lookups[:DEFAULT_COLUMNS]


def columns_for(model):
    declared = getattr(model, "drilldown_columns", None)
    specs = declared if declared is not None else _default_lookups(model)
    columns = []
    for spec in specs:
        lookup, label = spec if isinstance(spec, tuple | list) else (spec, None)
        path = _field_path(model, lookup)
        if label is None:
            named = (
                path[-2] if len(path) > 1 and path[-1].name in ("name", "short_name") else path[-1]
            )
            label = str(named.verbose_name)
        columns.append(DrilldownColumn(lookup=lookup, label=str(label), field=path[-1]))
    return columns


def related_paths(columns):
    """select_related paths so that a page of rows costs one query, not one per row."""
    paths = set()
    for column in columns:
        parts = column.lookup.split("__")
        if column.field.is_relation:
            parts = parts + [""]
        for n in range(1, len(parts)):
            paths.add("__".join(parts[:n]))
    return sorted(paths)


def restrict(records, user):
    """The records the user may see: `records` ∩ `Model.objects.visible_to(user)`."""
    visible = records.model._default_manager.visible_to(user)
    try:
        return records & visible
    except TypeError:  # a distinct or sliced queryset cannot be combined; filter by key instead
        return records.filter(pk__in=visible.values("pk"))


NUMERATOR, DENOMINATOR = "numerator", "denominator"


@dataclass
class Drilldown:
    indicator: object
    scope: object
    period: object
    category: str
    records: models.QuerySet
    columns: list
    direct: bool = False  # only the county-direct group's records (under no township)
    part: str = ""  # of a ratio: NUMERATOR or DENOMINATOR, whose records are listed

    @property
    def listed(self):
        """The indicator whose records are listed (a ratio's part)."""
        if not self.indicator.is_ratio:
            return self.indicator
        code = self.indicator.denominator if self.part == DENOMINATOR else self.indicator.numerator
        return REGISTRY[code]

    @property
    def model(self):
        return self.records.model

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name


def drilldown(user, code, query):
    """The drill-down of `code` for URL parameters `query` (org, kind, year, to_year, category,
    direct: only records under no township);
    404 for an unknown indicator, a malformed period or a scope the user may not see."""
    item = REGISTRY.get(code)
    if item is None:
        raise Http404(_("No such indicator."))
    if isinstance(query, str):
        query = QueryDict(query)
    scope = scope_for(user, query.get("org"))
    period = period_for(query)
    part = ""
    if item.is_ratio:  # a ratio lists its numerator's records, or its denominator's
        part = DENOMINATOR if query.get("part") == DENOMINATOR else NUMERATOR
        listed = REGISTRY[item.denominator if part == DENOMINATOR else item.numerator]
    else:
        listed = item
    records = restrict(listed.drilldown_records(scope, period), user)
    category = query.get("category") or ""
    if category and item.category:
        records = records.filter(**{item.category: category})
    direct = bool(query.get("direct") and listed.township)
    if direct:  # the county-direct group's bar: the records under no township
        records = records.filter(**{f"{listed.township}__isnull": True})
    columns = columns_for(records.model)
    summed = summed_column(listed, records.model)
    if summed is not None:
        columns = [c for c in columns if c.lookup != summed.lookup] + [summed]
    records = records.select_related(*related_paths([c for c in columns if c is not summed]))
    if not records.ordered:
        records = records.order_by("pk")
    return Drilldown(item, scope, period, category, records, columns, direct, part)
