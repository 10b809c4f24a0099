"""Sensitive personal information of a hardship file (health, disability, incomes, bank card
and ID numbers, phone) is masked for leader, township staff and auditor in every response
type — API list and detail, the ledger export, the change history — and, for the county
administrator too, in every list and the default export; one file read through the API is
in full for a user with the reveal right (logged: test_reveals.py)."""

import io
import json

import openpyxl
import pytest

from apps.aid.choices import DisabilityGrade, DisabilityType, Health
from apps.aid.spreadsheets import FILE_EXPORTER
from apps.core.history import history_for
from tests.aid.helpers import apply, relative

MASKED_ROLES = ("township_staff", "leader", "auditor")
BANK = "6228480012345678"
INCOME = "12345.67"
PHONE = "13812345678"


@pytest.fixture
def secret(tree, standards, personas):
    return secret_file(tree, personas)


def secret_file(tree, personas):
    """A file whose every sensitive value is distinctive, then corrected once (so its history
    holds old and new values)."""
    from apps.aid import services

    file = apply(
        tree.union_a1,
        81,
        family=[relative(82, health=Health.RENAL, monthly_income="777.77")],
        health=Health.CANCER,
        disability_type=DisabilityType.PHYSICAL,
        disability_grade=DisabilityGrade.GRADE_2,
        bank_account=BANK,
        phone=PHONE,
        income=INCOME,
    )
    file.bank_account = "6228480099998888"
    services.update_file(file=file, family=list(file.family.all()), actor=personas["county_admin"])
    return file


def secrets(file):
    member = file.family.get()
    return [
        file.id_number,
        member.id_number,
        BANK,
        "6228480099998888",
        PHONE,
        INCOME,
        "777.77",
        "cancer",
        "renal",
        str(Health.CANCER.label),
        "Physical disability",
    ]


def leaked(text, file):
    return [value for value in secrets(file) if value in text]


def export_text(user):
    content = FILE_EXPORTER.render(FILE_EXPORTER.filtered(user, ""))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return json.dumps([list(map(str, r)) for r in sheet.iter_rows(values_only=True)])


def history_text(file, user):
    entries = history_for(file, viewer=user) + history_for(file.family.get(), viewer=user)
    return json.dumps(
        [[c.field, c.old, c.new] for e in entries for c in e.changes], ensure_ascii=False
    )


@pytest.mark.parametrize("name", MASKED_ROLES)
def test_every_response_type_masks_for_roles_without_the_reveal_right(
    name, secret, personas, client_for
):
    client = client_for(name)
    listed = client.get("/api/aid-files/")
    detail = client.get(f"/api/aid-files/{secret.pk}/")
    assert listed.status_code == detail.status_code == 200
    for kind, text in (
        ("api list", listed.content.decode()),
        ("api detail", detail.content.decode()),
        ("export", export_text(personas[name])),
        ("history", history_text(secret, personas[name])),
    ):
        assert not leaked(text, secret), (name, kind, leaked(text, secret))
    data = detail.json()
    assert data["id_number"].startswith(secret.id_number[:6]) and "*" in data["id_number"]
    assert data["bank_account"].endswith("8888")
    assert data["household_annual_income"] is None
    assert data["health"] == "***"
    assert data["family"][0]["monthly_income"] is None


def test_the_county_admin_reads_one_file_in_full_but_never_a_list_or_the_history(
    secret, personas, client_for
):
    admin = personas["county_admin"]
    client = client_for("county_admin")
    detail = client.get(f"/api/aid-files/{secret.pk}/").json()
    assert detail["id_number"] == secret.id_number
    assert detail["bank_account"] == "6228480099998888"
    assert detail["health"] == Health.CANCER
    assert detail["family"][0]["monthly_income"] == "777.77"
    # Lists and the default export mask for every role, the county administrator included.
    listed = client.get("/api/aid-files/").content.decode()
    assert not leaked(listed, secret), leaked(listed, secret)
    assert not leaked(export_text(admin), secret)
    # The history masks for everyone: old values are as sensitive as the current ones.
    assert not leaked(history_text(secret, admin), secret)
    assert "8888" in history_text(secret, admin)
