"""A record's change history as staff read it: who, when, which field, old and new value.

The events themselves are written by database triggers (`tracking.track_history`), each update
with its own diff, so bulk updates and admin edits are caught too; this module only turns them
into readable rows: choices by their label, related records by their name, dates as
2025-08-31, personal numbers masked (`history_masks` on the model). An event that changed
nothing shown here is left out.

Besides changes, a record's history lists the access logs registered for its model
(`register_access_log`): each reveal of a member's full ID number is such a row, so the
auditor reads who looked at what beside who changed what.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .masking import can_reveal

LABELS = {
    "insert": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
    "reveal": _("Revealed"),
}
HIDDEN_FIELDS = {"id", "path", "depth", "name_pinyin", "name_initials", "created_at", "updated_at"}
EMPTY = "—"
# Labels for fields that models left without a verbose name (who recorded, who decided).
FIELD_LABELS = {
    "recorded_by": _("recorded by"),
    "recorded_at": _("recorded at"),
    "requested_by": _("requested by"),
    "decided_by": _("decided by"),
    "decided_at": _("decided at"),
}


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
    label: str = ""  # the event's label: insert, update, delete, reveal
    record: object = None  # the record the entry is about (the audit page names it)
    key: object = None  # the event's (or access log row's) id


@dataclass
class AccessLog:
    """A model whose rows are shown in a record's history as actions, e.g. `IdentityReveal`:
    `record` names its foreign key to the record, `user` and `at` who and when, `describe`
    turns a row into the `Change` rows shown."""

    model: type
    record: str
    user: str
    at: str
    label: str
    describe: object

    @property
    def record_model(self):
        return self.model._meta.get_field(self.record).related_model


ACCESS_LOGS: list[AccessLog] = []


def register_access_log(model, *, record, user, at, label, describe):
    """Called from an app's `ready()`; see `AccessLog`."""
    ACCESS_LOGS.append(AccessLog(model, record, user, at, label, describe))


def access_logs_for(model):
    return [log for log in ACCESS_LOGS if log.record_model is model]


def event_model_for(model):
    """The event model pghistory writes `model`'s history to (its reverse name is `events`)."""
    return model._meta.get_field("events").related_model


def display(model_field, value, related_names):
    """One stored value as a person reads it."""
    if value is None or value == "":
        return EMPTY
    if model_field is None:
        return str(value)
    if model_field.is_relation:
        return related_names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    try:
        value = model_field.to_python(value)  # the diff keeps JSON: dates are ISO strings
    except Exception:  # an old value the field no longer accepts: show it raw
        return str(value)
    if isinstance(model_field, models.DateTimeField):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(model_field, models.DateField):
        return value.strftime("%Y-%m-%d")
    return str(value)


def shown_updates(model):
    """Q for events worth a row: inserts, deletes, and updates that changed a shown field."""
    if not hasattr(event_model_for(model), "pgh_changes"):
        return models.Q()  # an insert-only log (the membership ledger)
    shown = [f.attname for f in model._meta.concrete_fields if f.attname not in HIDDEN_FIELDS]
    return ~models.Q(pgh_label="update") | models.Q(pgh_changes__has_any_keys=shown)


def field_label(model_field, attname):
    """A field's label: its verbose name; for one left without (Django then derives it from
    the name), the label above, or the model's name for a relation named after it."""
    if model_field is None:
        return attname
    label = model_field.verbose_name
    if isinstance(label, str) and label == model_field.name.replace("_", " "):
        related = model_field.related_model
        if model_field.name in FIELD_LABELS:
            label = FIELD_LABELS[model_field.name]
        elif related is not None and related._meta.model_name.endswith(model_field.name):
            label = related._meta.verbose_name
    return str(capfirst(label))


def changed_values(event):
    """{attname: (old, new)}: the stored diff for updates, the whole row otherwise."""
    if event.pgh_label == "update":
        return {k: tuple(v) for k, v in (getattr(event, "pgh_changes", None) or {}).items()}
    data = {
        f.attname: getattr(event, f.attname)
        for f in event._meta.concrete_fields
        if not f.name.startswith("pgh_")
    }
    data = {k: v for k, v in data.items() if v not in (None, "")}
    if event.pgh_label == "delete":
        return {k: (v, None) for k, v in data.items()}
    return {k: (None, v) for k, v in data.items()}


def _masks(model, viewer):
    """The maskers that apply for `viewer`: always, or unless they may reveal."""
    masks = getattr(model, "history_masks", {})
    if getattr(model, "history_masks_everyone", False) or not can_reveal(viewer):
        return masks
    return {}


def describe(model, events, *, viewer, records=None):
    """History entries for `events` of `model` (newest first), in a fixed number of queries:
    one for the people, one per related model. Events that show no change are dropped."""
    fields_by_attname = {f.attname: f for f in model._meta.concrete_fields}
    order = {name: position for position, name in enumerate(fields_by_attname)}
    masks = _masks(model, viewer)
    diffs = [(event, changed_values(event)) for event in events]

    user_ids, related_ids = set(), {}
    for event, values in diffs:
        user_ids.add(_context(event).get("user"))
        for attname, pair in values.items():
            model_field = fields_by_attname.get(attname)
            if model_field is not None and model_field.is_relation:
                related_ids.setdefault(model_field.related_model, set()).update(
                    v for v in pair if v is not None
                )
    users = people(user_ids)
    related_names = {}
    for related_model, ids in related_ids.items():
        for related in related_model._base_manager.filter(pk__in=ids):
            related_names[(related_model, related.pk)] = str(related)

    entries = []
    for event, values in diffs:
        context = _context(event)
        entry = HistoryEntry(
            when=event.pgh_created_at,
            action=str(LABELS.get(event.pgh_label, event.pgh_label)),
            who=users.get(context.get("user"), str(_("system"))),
            via=str(_("import") if context.get("source") == "import" else context.get("url", "")),
            label=event.pgh_label,
            record=(records or {}).get(event.pgh_obj_id),
            key=event.pk,
        )
        for attname in sorted(values, key=lambda name: order.get(name, len(order))):
            if attname in HIDDEN_FIELDS:
                continue
            model_field = fields_by_attname.get(attname)
            old, new = (display(model_field, v, related_names) for v in values[attname])
            if old == new:
                continue
            masker = masks.get(model_field.name if model_field else attname)
            if masker is not None:
                old, new = (v if v == EMPTY else masker(v) for v in (old, new))
            entry.changes.append(Change(field=field_label(model_field, attname), old=old, new=new))
        if entry.changes or event.pgh_label != "update":
            entries.append(entry)
    return entries


def describe_access(log, rows, *, records=None):
    """History entries for rows of an access log (newest first), one query for the people."""
    users = people(getattr(row, f"{log.user}_id") for row in rows)
    return [
        HistoryEntry(
            when=getattr(row, log.at),
            action=str(LABELS.get(log.label, log.label)),
            who=users.get(getattr(row, f"{log.user}_id"), str(_("system"))),
            via="",
            changes=log.describe(row),
            label=log.label,
            record=(records or {}).get(getattr(row, f"{log.record}_id")),
            key=row.pk,
        )
        for row in rows
    ]


def history_for(obj, limit=200, *, viewer=None):
    """The newest `limit` entries of one record's history: its changes and its access logs.

    `viewer` decides whether personal numbers (`history_masks`) show in full."""
    model = type(obj)
    events = (
        event_model_for(model)
        .objects.filter(shown_updates(model), pgh_obj_id=obj.pk)
        .select_related("pgh_context")
        # Events of one transaction share its NOW(); the event id keeps them in order.
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    entries = describe(model, list(events), viewer=viewer)
    for log in access_logs_for(model):
        rows = log.model._default_manager.filter(**{log.record: obj}).order_by(f"-{log.at}")
        entries += describe_access(log, list(rows[:limit]))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def people(ids):
    """{user id: the name shown} for the ids given (None and unknown ids left out)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    users = get_user_model()._base_manager.filter(pk__in=ids)
    return {user.pk: str(user.get_full_name() or user.username) for user in users}


def _context(event):
    context = getattr(event, "pgh_context", None)
    return (context.metadata if context is not None else None) or {}
