"""The example workbooks of fixtures/examples/: a new county imports each, in order, cleanly."""

import io
import shutil

import openpyxl
import pytest
from django.core.management import call_command

from apps.contracts.models import CollectiveContract
from apps.core import examples
from apps.core.models import Employer, UnionOrg
from apps.membership.models import Member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords", "media_root")]

KINDS = ["orgs", "employers", "members", "contracts"]


def sheet_values(data):
    """The ledger sheet's cells (headers and rows); the instructions sheet may change freely."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook.worksheets[0].values)


def test_there_is_one_example_per_ledger_in_import_order():
    sources = examples.example_sources()
    assert [examples.load_example(path)["kind"] for path in sources] == KINDS
    for source in sources:
        assert source.with_suffix(".xlsx").exists(), f"run manage.py build_examples ({source})"


def test_each_example_imports_cleanly_in_order_after_setup_county(tmp_path):
    call_command(
        "setup_county", name="示例县总工会", code="JX", admin="jx_admin", password="Jx-county-2026!"
    )
    imported = {}
    for source in examples.example_sources():
        example = examples.load_example(source)
        workbook = tmp_path / source.with_suffix(".xlsx").name
        shutil.copy(source.with_suffix(".xlsx"), workbook)
        options = {"org": example["org"]} if example.get("org") else {}
        # import_xlsx raises (exit status 1) when any row is refused, saving nothing.
        call_command("import_xlsx", example["kind"], str(workbook), **options)
        imported[example["kind"]] = len(example["rows"])
        assert not list(tmp_path.glob("*错误原因*")), "a row was refused"

    assert UnionOrg.objects.count() == 1 + imported["orgs"]
    assert Employer.objects.count() == imported["employers"]
    assert Member.objects.count() == imported["members"]
    assert CollectiveContract.objects.count() == imported["contracts"]
    # The natures real rosters use have their codes: 村(居)民委员会, 农民专业合作社.
    assert Employer.objects.filter(nature="830").count() == 2
    assert Employer.objects.filter(nature="840").count() == 1


def test_the_committed_workbooks_hold_what_build_examples_writes_now():
    """A change of a template or of the rows must be followed by `manage.py build_examples`."""
    for source in examples.example_sources():
        built = examples.build_workbook(examples.load_example(source))
        committed = source.with_suffix(".xlsx").read_bytes()
        assert sheet_values(built) == sheet_values(committed), (
            f"{source.with_suffix('.xlsx').name} is out of date: run manage.py build_examples"
        )
    assert examples.CODE_TABLES.read_text(encoding="utf-8") == examples.code_tables(), (
        "fixtures/code-tables.md is out of date: run manage.py build_examples"
    )


def test_the_workbooks_are_deterministic():
    example = examples.load_example(examples.example_sources()[0])
    assert examples.build_workbook(example) == examples.build_workbook(example)


def test_an_example_naming_a_column_the_ledger_lacks_is_refused():
    with pytest.raises(examples.ExampleError, match="no column 'colour'"):
        examples.build_workbook({"kind": "orgs", "rows": [{"colour": "红"}]})
    with pytest.raises(examples.ExampleError, match="no code '999'"):
        examples.build_workbook({"kind": "employers", "rows": [{"nature": "999"}]})
