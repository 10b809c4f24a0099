"""A hardship file is found by its worker's name in pinyin or initials, from the file's own
indexed readings (filled on save, by the ledger import and by the demo), the surname read as a
surname: 曾国藩 is "zgf", not "cgf"."""

import random

import pytest
from django.db import connection

from apps.aid import demo
from apps.aid.filters import FileFilter
from apps.aid.models import HardshipFile
from tests.aid.helpers import apply
from tests.aid.test_demo import OPTIONS, seed_county


def found(user, text):
    filterset = FileFilter({"q": text}, queryset=HardshipFile.objects.visible_to(user))
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("name", flat=True))


@pytest.fixture
def files(tree, standards):
    """Two workers without member records (so only the file's own readings can find them)."""
    return [
        apply(tree.union_a1, 61, name="曾国藩"),
        apply(tree.union_a1, 62, name="单雄信"),
    ]


def test_saving_a_file_stores_its_readings_with_the_surnames_reading(files):
    zeng, shan = (HardshipFile.objects.get(pk=f.pk) for f in files)
    assert zeng.member is None and shan.member is None
    assert (zeng.name_pinyin, zeng.name_initials) == ("zengguofan", "zgf")
    assert (shan.name_pinyin, shan.name_initials) == ("shanxiongxin", "sxx")


def test_a_renamed_worker_is_found_by_the_new_name(files, personas):
    from apps.aid import services

    file = files[0]
    file.name = "王建国"
    services.update_file(file=file, family=[], actor=personas["county_admin"])
    assert found(personas["county_admin"], "wjg") == {"王建国"}
    assert found(personas["county_admin"], "zgf") == set()


@pytest.mark.parametrize(
    "text, names",
    [
        ("zgf", {"曾国藩"}),
        ("z", {"曾国藩"}),
        ("zengguo", {"曾国藩"}),
        ("ZGF", {"曾国藩"}),
        ("cgf", set()),  # the character's everyday reading is not the surname's
        ("sxx", {"单雄信"}),
        ("dxx", set()),
        ("曾国", {"曾国藩"}),
    ],
)
def test_the_file_list_search_reads_pinyin_and_initials(files, personas, client_for, text, names):
    assert found(personas["county_admin"], text) == names
    page = client_for("township_staff").get("/aid/", {"q": text})
    assert set(file.name for file in page.context["page"]) == names


@pytest.mark.django_db
def test_the_readings_are_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'aid_hardshipfile'"
            " AND (indexdef LIKE '%%name_initials%%' OR indexdef LIKE '%%name_pinyin%%')"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    # A btree each, and one with the pattern operator class for LIKE 'zgf%'.
    assert sum("name_initials" in d for d in definitions) >= 2, definitions
    assert any("name_initials" in d and "pattern_ops" in d for d in definitions), definitions
    assert any("name_pinyin" in d and "pattern_ops" in d for d in definitions), definitions


@pytest.mark.django_db
def test_the_demo_files_carry_the_readings_save_would_store():
    rng = random.Random(2026)
    seed_county(rng)
    demo.seed(rng=rng, options=OPTIONS)
    files = list(HardshipFile.objects.all())
    assert files
    for file in files:
        assert (file.name_pinyin, file.name_initials) == file.name_readings(), file.name
