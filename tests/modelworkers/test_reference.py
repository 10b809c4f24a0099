"""The standard honour types a county starts from: loaded by `setup_county` (a real county's
first run) and by the demo, never twice, never over the county's own edits."""

import pytest
from django.core.management import call_command

from apps.modelworkers import reference
from apps.modelworkers.models import HonourType
from apps.modelworkers.reference import standard_honour_types

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_setup_county_loads_the_standard_honour_types():
    call_command("setup_county", name="绛县总工会", code="JX", admin="jx", password="Jx-2026-ok!")
    names = {row["name"] for row in standard_honour_types()}
    assert set(HonourType.objects.values_list("name", flat=True)) == names


def test_loading_again_adds_only_the_missing_and_keeps_the_countys_edits(db):
    reference.load()
    edited = HonourType.objects.get(name="县劳动模范")
    edited.conferring_body = "县委县政府（本县）"
    edited.save()
    HonourType.objects.filter(name="县级工匠").delete()
    assert reference.load() == 1
    assert HonourType.objects.get(name="县劳动模范").conferring_body == "县委县政府（本县）"
    assert HonourType.objects.count() == len(standard_honour_types())
