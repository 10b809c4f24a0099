"""Update events written before each event stored its own diff get it from the migration: the
difference from the record's previous event, as pghistory used to work it out on reading."""

import pytest
from django.apps import apps
from django.db import connection

from apps.core import services
from apps.core.history import history_for
from apps.core.tracking import backfill_changes


def test_the_migration_gives_old_update_events_their_diff(tree):
    union = tree.union_a1
    union.chair_name = "张三"
    services.save_org(org=union, actor=None)
    events = union.events.filter(pgh_label="update")
    events.update(pgh_changes=None)  # as written before the column existed
    assert [e.changes for e in history_for(union) if e.label == "update"] == []

    with connection.schema_editor() as editor:
        backfill_changes("core").code(apps, editor)

    assert events.get().pgh_changes["chair_name"] == ["", "张三"]
    changed = [e for e in history_for(union) if e.label == "update"]
    assert [(c.old, c.new) for c in changed[0].changes] == [("—", "张三")]


pytestmark = pytest.mark.django_db
