"""A record's change history as staff read it: who, when, which field, old and new value.

The events themselves are written by database triggers (see `models.track_history`), so bulk
updates and admin edits are caught too; this module only turns them into readable rows.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

LABELS = {"insert": _("Created"), "update": _("Changed"), "delete": _("Deleted")}
HIDDEN_FIELDS = {"id", "path", "depth", "name_pinyin", "name_initials", "created_at", "updated_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    action: str
    who: str
    via: str
    changes: list = field(default_factory=list)


def _display(model_field, value, related_names):
    if value is None or value == "":
        return "—"
    if model_field is None:
        return str(value)
    if model_field.is_relation:
        return related_names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    return str(value)


def history_for(obj, limit=200):
    """The newest `limit` events of one record, with values made readable in a few queries."""
    model = type(obj)
    fields_by_attname = {f.attname: f for f in model._meta.concrete_fields}
    field_order = {name: position for position, name in enumerate(fields_by_attname)}
    # Events of one transaction share its NOW(); the event id keeps them in order.
    events = list(Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])

    user_ids, related_ids = set(), {}
    for event in events:
        context = event.pgh_context or {}
        if context.get("user"):
            user_ids.add(context["user"])
        values = _changed_values(event)
        for attname, pair in values.items():
            model_field = fields_by_attname.get(attname)
            if model_field is not None and model_field.is_relation:
                related_ids.setdefault(model_field.related_model, set()).update(
                    v for v in pair if v is not None
                )
    users = {u.pk: str(u.get_full_name() or u.username) for u in _users(user_ids)}
    related_names = {}
    for related_model, ids in related_ids.items():
        for related in related_model._base_manager.filter(pk__in=ids):
            related_names[(related_model, related.pk)] = str(related)

    entries = []
    for event in events:
        context = event.pgh_context or {}
        who = users.get(context.get("user"), str(_("system")))
        via = _("import") if context.get("source") == "import" else context.get("url", "")
        entry = HistoryEntry(
            when=event.pgh_created_at,
            action=str(LABELS.get(event.pgh_label, event.pgh_label)),
            who=who,
            via=str(via),
        )
        changed = _changed_values(event)
        for attname in sorted(changed, key=lambda name: field_order.get(name, len(field_order))):
            old, new = changed[attname]
            if attname in HIDDEN_FIELDS:
                continue
            model_field = fields_by_attname.get(attname)
            label = capfirst(model_field.verbose_name) if model_field is not None else attname
            entry.changes.append(
                Change(
                    field=str(label),
                    old=_display(model_field, old, related_names),
                    new=_display(model_field, new, related_names),
                )
            )
        entries.append(entry)
    return entries


def _changed_values(event):
    """{attname: (old, new)}: the diff for updates, the whole row for inserts and deletes."""
    if event.pgh_label == "update":
        return {k: tuple(v) for k, v in (event.pgh_diff or {}).items()}
    data = event.pgh_data or {}
    if event.pgh_label == "delete":
        return {k: (v, None) for k, v in data.items() if v not in (None, "")}
    return {k: (None, v) for k, v in data.items() if v not in (None, "")}


def _users(ids):
    if not ids:
        return []
    return get_user_model().objects.filter(pk__in=ids)
