"""How domain records' history is written: by database trigger, each update with its own diff.

pghistory's update event stores the new row only; what changed is then worked out against the
record's previous event. A record with no earlier event (the seeded demo county, rows written
while triggers were ignored) then has an update that says nothing, and an event skipped in
between makes a wrong one. So each update event here also stores `pgh_changes`,
`{column: [old, new]}` of the tracked columns that differ, computed by the trigger from OLD
and NEW. An update that changes nothing but `auto_now` stamps writes no event at all (a
contract reply registered twice, a form saved unchanged).
"""

import pghistory
import pgtrigger
from django.db import models
from pghistory.models import Event
from pghistory.trigger import Event as EventTrigger


class TrackedEvent(Event):
    """Base of every domain event model: pghistory's columns plus the update's own diff."""

    pgh_changes = models.JSONField(null=True, editable=False)

    class Meta:
        abstract = True


def _changes_sql(columns):
    """SQL (row-level trigger) for {column: [old, new]} of the `columns` that differ."""
    names = ", ".join(f"'{column}'" for column in sorted(columns))
    return (
        "(SELECT JSONB_OBJECT_AGG(_n.key, JSONB_BUILD_ARRAY(_o.value, _n.value)) "
        "FROM JSONB_EACH(TO_JSONB(OLD)) _o JOIN JSONB_EACH(TO_JSONB(NEW)) _n ON _n.key = _o.key "
        f"WHERE _n.key IN ({names}) AND _o.value IS DISTINCT FROM _n.value)"
    )


class _ChangesTrigger(EventTrigger):
    """pghistory's event trigger, with `pgh_changes` added to the row it inserts."""

    def get_func(self, model):
        func = super().get_func(model)
        table = self.event_model._meta.db_table
        tracked = {f.name for f in self.event_model.pgh_tracked_model._meta.fields}
        columns = [
            f.column
            for f in self.event_model._meta.concrete_fields
            if f.name in tracked and not f.name.startswith("pgh_")
        ]
        head, values = f'INSERT INTO "{table}" (', ") VALUES ("
        sql = func.func
        if not (sql.startswith(head) and sql.count(values) == 1):  # pragma: no cover
            raise RuntimeError("pghistory's row trigger changed shape; see apps/core/tracking.py")
        sql = sql.replace(head, f'{head}"pgh_changes", ', 1)
        sql = sql.replace(values, f"{values}{_changes_sql(columns)}, ", 1)
        return type(func)(sql)


class ChangeEvent(pghistory.UpdateEvent):
    """An update that changed a tracked field (not only `auto_now` stamps), with its diff."""

    def __init__(self):
        super().__init__(condition=pghistory.AnyChange(exclude_auto=True), level=pghistory.Row)

    def add_event_trigger(self, event_model):
        pgtrigger.register(
            _ChangesTrigger(
                event_model=event_model,
                label=self.label,
                name=self.trigger_name,
                row=self.row,
                operation=self.operation,
                condition=self.condition,
                level=self.level,
            )
        )(event_model.pgh_tracked_model)


def track_history(model=None, **options):
    """Keep every insert, update and delete of a domain model, by database trigger.

    Triggers also catch bulk `QuerySet.update()` and changes made outside the portal; the
    request's user and URL are attached by pghistory's middleware, services add their own.
    `options` go to `pghistory.track` (e.g. `exclude=` for columns never to keep).
    """

    def wrap(model):
        # The names pghistory gives without a base model (`bulk.py` reads `events`).
        options.setdefault("model_name", f"{model.__name__}Event")
        options.setdefault("obj_field", pghistory.ObjForeignKey(related_name="events"))
        return pghistory.track(
            pghistory.InsertEvent(),
            ChangeEvent(),
            pghistory.DeleteEvent(),
            base_model=TrackedEvent,
            **options,
        )(model)

    return wrap(model) if model is not None else wrap


_BACKFILL = """
UPDATE "{table}" AS e SET pgh_changes = x.changes
FROM (
    SELECT w.pgh_id, (
        SELECT JSONB_OBJECT_AGG(c.key, JSONB_BUILD_ARRAY(p.value, c.value))
        FROM JSONB_EACH(w.cur) c JOIN JSONB_EACH(w.prev) p ON p.key = c.key
        WHERE LEFT(c.key, 4) <> 'pgh_' AND c.value IS DISTINCT FROM p.value
    ) AS changes
    FROM (
        SELECT pgh_id, pgh_label, TO_JSONB(t) AS cur,
               LAG(TO_JSONB(t)) OVER (PARTITION BY pgh_obj_id ORDER BY pgh_id) AS prev
        FROM "{table}" t
    ) w
    WHERE w.pgh_label = 'update' AND w.prev IS NOT NULL
) x
WHERE e.pgh_id = x.pgh_id AND e.pgh_changes IS NULL
"""


def backfill_changes(app_label):
    """A migration step: give the update events written before `pgh_changes` existed their
    diff against the record's previous event (what pghistory used to work out on reading)."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            if any(f.name == "pgh_changes" for f in model._meta.concrete_fields):
                schema_editor.execute(_BACKFILL.format(table=model._meta.db_table))

    return migrations.RunPython(forwards, migrations.RunPython.noop)
