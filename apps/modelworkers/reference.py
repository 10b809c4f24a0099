"""The reference data a county starts from: the standard honour types
(`fixtures/honour_types.json`). `setup_county` and `seed_demo` call `load()`; it adds the types a
county lacks by name and never changes one the county has edited."""

import json
from pathlib import Path

from django.db import transaction

from apps.core.services import history_context

FIXTURE = Path(__file__).parent / "fixtures" / "honour_types.json"


def standard_honour_types():
    """The standard list as dicts of HonourType fields."""
    return [row["fields"] for row in json.loads(FIXTURE.read_text(encoding="utf-8"))]


@transaction.atomic
def load(*, actor=None):
    """Add the standard honour types missing by name; returns how many were added."""
    from .models import HonourType

    have = set(HonourType.objects.values_list("name", flat=True))
    missing = [HonourType(**f) for f in standard_honour_types() if f["name"] not in have]
    with history_context(actor, source="modelworkers.reference"):
        for honour_type in missing:
            honour_type.save()
    return len(missing)
