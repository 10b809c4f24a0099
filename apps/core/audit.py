"""The audit page's reads: every change and every reveal across record types, newest first, for
one reader's scope, filtered by person, record type, date range and action.

The rows come from each record type's event table (`tracking.track_history`) and from the
access logs (`history.register_access_log`: reveals of members' numbers), as one UNION ALL of
(time, source, id) that the database sorts and pages; only the page's rows are then read in
full and described, a fixed number of queries per record type on the page, whatever its length.

Scope: an event is shown when its record is visible to the reader now
(`Model.objects.visible_to`), or, for a record since deleted or moved away, when the row the
event stored lay in the reader's subtree then (the same `scope_paths` the model's queryset
declares, read on the stored row). A township's auditor so reads what happened in the township,
and nothing of other townships'.
"""

from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import BigIntegerField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.models import Event

from . import history
from .scoping import user_scope_path


@dataclass
class Source:
    """One table the page reads: a record type's events, or an access log about a record type."""

    model: type  # the record type (Member, UnionOrg …)
    table: type  # the event model, or the access log's model
    log: history.AccessLog | None = None

    @property
    def key(self):
        return self.model._meta.label_lower


def record_types():
    """The tracked record types a reader may filter by: those with a scoped `visible_to`."""
    types = []
    for model in apps.get_models():
        if issubclass(model, Event) or not hasattr(model.objects, "visible_to"):
            continue
        try:
            history.event_model_for(model)
        except FieldDoesNotExist:  # not a tracked model
            continue
        types.append(model)
    return sorted(types, key=lambda m: m._meta.label_lower)


def sources():
    found = [Source(model, history.event_model_for(model)) for model in record_types()]
    found += [Source(log.record_model, log.model, log) for log in history.ACCESS_LOGS]
    return found


ACTIONS = [(label, text) for label, text in history.LABELS.items()]


class AuditFilterForm(forms.Form):
    """The audit page's filters. Not a FilterSet: the rows come from several tables at once."""

    user = forms.CharField(label=_("Who"), required=False, max_length=150)
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("Date from"), required=False)
    date_to = forms.DateField(label=_("Date to"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = {m._meta.label_lower: capfirst(m._meta.verbose_name) for m in record_types()}
        self.fields["record_type"].choices = [("", _("All types")), *types.items()]
        self.fields["action"].choices = [("", _("All actions")), *ACTIONS]
        for name, field in self.fields.items():
            css = "form-select form-select-sm" if name in ("record_type", "action") else None
            field.widget.attrs["class"] = css or "form-control form-control-sm"
            if isinstance(field, forms.DateField):
                field.widget.input_type = "date"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


def _in_scope(source, user):
    """Q for the rows of `source` the reader may see (see the module's docstring)."""
    model, table = source.model, source.table
    path = user_scope_path(user)
    if path is None:
        return None
    visible = model.objects.visible_to(user).values("pk")
    if source.log is not None:
        return Q(**{f"{source.log.record}__in": visible})
    condition = Q(pgh_obj_id__in=visible)
    table_fields = {f.name for f in table._meta.fields}
    for lookup in getattr(model.objects.all(), "scope_paths", ()):
        if lookup.split("__")[0] in table_fields:
            condition |= Q(**{f"{lookup}__startswith": path})
    return condition


def _people(text):
    text = text.strip()
    condition = Q(username__icontains=text) | Q(first_name__icontains=text)
    condition |= Q(last_name__icontains=text)
    return get_user_model()._base_manager.filter(condition).values("pk")


def _rows(source, index, user, data):
    """(when, source, row id) of the rows of one source the filters keep, or None for none."""
    scope = _in_scope(source, user)
    if scope is None:
        return None
    if data.get("record_type") and data["record_type"] != source.key:
        return None
    action, log = data.get("action"), source.log
    if log is not None:
        if action and action != log.label:
            return None
        rows, at, who = source.table._default_manager.filter(scope), log.at, f"{log.user}_id"
    else:
        rows = source.table.objects.filter(scope).filter(history.shown_updates(source.model))
        if action:
            rows = rows.filter(pgh_label=action)
        at, who = "pgh_created_at", "pgh_context__metadata__user"
    if data.get("user"):
        people = _people(data["user"])
        if log is None:
            people = [pk for (pk,) in people.values_list("pk")]
        rows = rows.filter(**{f"{who}__in": people})
    if data.get("date_from"):
        rows = rows.filter(**{f"{at}__date__gte": data["date_from"]})
    if data.get("date_to"):
        rows = rows.filter(**{f"{at}__date__lte": data["date_to"]})
    return (
        # Names no record's field can have (an aid roster line has a `source`).
        rows.annotate(
            audit_when=F(at),
            audit_source=Value(index, output_field=IntegerField()),
            audit_row=Cast("pk", output_field=BigIntegerField()),
        )
        .values("audit_when", "audit_source", "audit_row")
        .order_by()
    )


def audit_rows(user, data):
    """The filtered rows of every source, as one queryset of {when, source, row}, newest first."""
    parts = [_rows(source, n, user, data) for n, source in enumerate(sources())]
    parts = [part for part in parts if part is not None]
    if not parts:
        return []
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-audit_when", "-audit_source", "-audit_row")


def describe_page(user, rows):
    """History entries for one page of `audit_rows`, each with the record it is about."""
    all_sources = sources()
    wanted = {}
    for row in rows:
        wanted.setdefault(row["audit_source"], []).append(row["audit_row"])
    entries = {}
    for index, ids in wanted.items():
        source = all_sources[index]
        if source.log is not None:
            objects = list(source.table._default_manager.filter(pk__in=ids))
            record_ids = {getattr(o, f"{source.log.record}_id") for o in objects}
        else:
            objects = list(source.table.objects.filter(pk__in=ids).select_related("pgh_context"))
            record_ids = {o.pgh_obj_id for o in objects}
        records = _records(source, user, record_ids, objects)
        if source.log is not None:
            described = history.describe_access(source.log, objects, records=records)
        else:
            described = history.describe(source.model, objects, viewer=user, records=records)
        kind = capfirst(source.model._meta.verbose_name)
        for entry in described:
            entry.record_type = kind
            entries[(index, entry.key)] = entry
    keys = [(r["audit_source"], r["audit_row"]) for r in rows]
    return [entries[key] for key in keys if key in entries]


def _records(source, user, record_ids, objects):
    """{record id: (name, url or "", id)}: the record as the reader may open it now, else the
    name its stored row had (a deleted record, or one moved out of the reader's scope)."""
    visible = {r.pk: r for r in source.model.objects.visible_to(user).filter(pk__in=record_ids)}
    names = {}
    if source.log is None:
        for obj in objects:
            names.setdefault(obj.pgh_obj_id, getattr(obj, "name", None) or f"#{obj.pgh_obj_id}")
    records = {}
    for pk in record_ids:
        record = visible.get(pk)
        if record is not None:
            url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
            records[pk] = (str(record), url, pk)
        else:
            records[pk] = (names.get(pk, f"#{pk}"), "", pk)
    return records
