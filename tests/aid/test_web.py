"""The hardship-aid pages as staff use them: an application with its family members, forms that
keep what was typed when refused, every step posted through its page, paying, a second payment
refused, a reversal, sensitive fields masked, the export button only with its ledger."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.aid import services
from apps.aid.choices import EntryKind, FileStatus, FundSource, PaymentMethod
from apps.aid.models import AidPayment, FamilyMember, HardshipFile
from apps.core import ledgers
from tests.aid.helpers import apply, on_file, to_publicity
from tests.membership.helpers import id_number

pytestmark = pytest.mark.django_db


def file_post(tree, serial=1, **overrides):
    data = {
        "org": tree.union_a1.pk,
        "person_kind": "urban",
        "file_level": "national",
        "file_origin": "new",
        "category": "deep",
        "name": "周建华",
        "id_number": id_number(serial),
        "ethnicity": "01",
        "political_status": "13",
        "health": "good",
        "work_status": "laid_off",
        "model_worker_type": "none",
        "household_type": "non_agricultural",
        "monthly_income": "0",
        "other_annual_income": "0",
        "household_annual_income": "12000",
        "rigid_expenses": "0",
        "household_size": "3",
        "main_cause": "3",
        "secondary_causes": ["6"],
        "applied_on": "2025-03-01",
        "family-TOTAL_FORMS": "2",
        "family-INITIAL_FORMS": "0",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": "29",
        "family-0-name": "吴秀兰",
        "family-0-relation": "spouse",
        "family-0-id_number": id_number(serial + 100, male=False),
        "family-0-monthly_income": "500",
        "family-0-health": "good",
        "family-1-monthly_income": "0",
        "family-1-health": "good",
    }
    data.update(overrides)
    return data


def test_an_application_with_its_family_is_recorded_through_the_page(client_for, tree, standards):
    response = client_for("township_staff").post(reverse("aid:file_add"), file_post(tree))
    file = HardshipFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("aid:file_detail", args=[file.pk])
    assert file.status == FileStatus.APPLIED
    assert file.secondary_causes == ["6"]
    assert file.entered_by.username == "township_staff"
    assert [m.name for m in file.family.all()] == ["吴秀兰"]
    assert file.people.count() == 2


def test_a_refused_application_keeps_what_was_typed(client_for, tree, standards):
    # 12 000 a year for three people is below the standard: 相对困难 needs a reason.
    data = file_post(tree, category="relative")
    response = client_for("township_staff").post(reverse("aid:file_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-category_reason"' in html
    assert 'value="周建华"' in html and 'value="吴秀兰"' in html
    assert 'value="12000"' in html
    assert not HardshipFile.objects.exists() and not FamilyMember.objects.exists()


def test_a_bad_family_member_keeps_the_household_as_typed(client_for, tree, standards):
    data = file_post(tree, **{"family-0-id_number": "12345"})
    response = client_for("township_staff").post(reverse("aid:file_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-family-id_number"' in html
    assert 'value="12345"' in html and 'value="周建华"' in html
    assert not HardshipFile.objects.exists()


def test_a_correction_keeps_the_masked_id_number_and_adds_a_member(client_for, tree, standards):
    file = apply(tree.union_a1, 1)
    client = client_for("township_staff")
    page = client.get(reverse("aid:file_edit", args=[file.pk])).content.decode()
    assert file.id_number not in page  # masked for a clerk without the reveal right
    masked = file.id_number[:6] + "********" + file.id_number[-4:]
    assert masked in page
    data = file_post(
        tree,
        id_number=masked,
        name="王建国",
        address="城关镇和平路8号",
        **{"family-0-id_number": id_number(150, male=False)},
    )
    response = client.post(reverse("aid:file_edit", args=[file.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    file.refresh_from_db()
    assert file.id_number == id_number(1) and file.address == "城关镇和平路8号"
    assert file.family.count() == 1


def _step(client, file, action, data):
    return client.post(reverse("aid:file_step", args=[file.pk, action]), data)


def test_a_refusal_without_an_opinion_is_refused_and_keeps_the_date(client_for, tree, standards):
    file = apply(tree.union_a1, 1)
    client = client_for("township_staff")
    response = _step(client, file, "unit_review", {"decision": "refuse", "acted_on": "2025-03-04"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-opinion"' in html and 'value="2025-03-04"' in html
    assert HardshipFile.objects.get(pk=file.pk).status == FileStatus.APPLIED
    response = _step(
        client,
        file,
        "unit_review",
        {"decision": "refuse", "acted_on": "2025-03-04", "opinion": "收入超标"},
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == FileStatus.REFUSED
    assert file.steps.last().opinion == "收入超标"


def test_a_file_goes_from_application_to_on_file_through_its_pages(client_for, tree, standards):
    file = apply(tree.union_a1, 1)
    staff, county = client_for("township_staff"), client_for("county_admin")
    approve = {"decision": "approve", "opinion": "情况属实"}
    assert (
        _step(staff, file, "unit_review", {**approve, "acted_on": "2025-03-02"}).status_code == 302
    )
    assert (
        _step(staff, file, "home_visit", {**approve, "acted_on": "2025-03-03"}).status_code == 302
    )
    notice = {"starts_on": "2025-03-04", "ends_on": "2025-03-11"}
    assert _step(staff, file, "start_publicity", notice).status_code == 302
    objection = {"raised_on": "2025-03-05", "raised_by": "同事", "content": "家中有车"}
    assert _step(staff, file, "record_objection", objection).status_code == 302
    # The notice does not close while the objection is undecided: refused on the page.
    response = _step(staff, file, "close_publicity", {"closed_on": "2025-03-12"})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    raised = file.objections.get()
    url = reverse("aid:objection_decide", args=[file.pk, raised.pk])
    decided = {"decision": "dismissed", "decided_on": "2025-03-06", "note": "车辆已报废"}
    assert staff.post(url, decided).status_code == 302
    assert _step(staff, file, "close_publicity", {"closed_on": "2025-03-12"}).status_code == 302
    response = _step(county, file, "county_approval", {**approve, "acted_on": "2025-03-13"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == FileStatus.ACTIVE and file.filed_on == datetime.date(2025, 3, 13)
    kinds = list(file.steps.values_list("kind", "acting_org__name"))
    assert len(kinds) == 6 and kinds[-1][1] == tree.county.name
    page = staff.get(reverse("aid:file_detail", args=[file.pk])).content.decode()
    assert "车辆已报废" in page and "情况属实" in page
    assert 'data-testid="pay"' in page


def test_a_yearly_review_outcome_is_posted_and_an_opinion_required_to_withdraw(
    client_for, tree, standards
):
    file = on_file(apply(tree.union_a1, 1))
    client = client_for("township_staff")
    data = {"outcome": "not_eligible", "review_kind": "yearly", "reviewed_on": "2026-01-10"}
    response = _step(client, file, "review", data)
    assert (
        response.status_code == 200 and 'data-testid="error-opinion"' in response.content.decode()
    )
    assert HardshipFile.objects.get(pk=file.pk).status == FileStatus.ACTIVE
    response = _step(client, file, "review", {**data, "outcome": "maintain"})
    assert response.status_code == 302
    assert HardshipFile.objects.get(pk=file.pk).last_reviewed_on == datetime.date(2026, 1, 10)


def pay_data(programme, file, **overrides):
    data = {
        "programme": programme.pk,
        "file": file.pk,
        "paid_on": "2026-01-20",
        "method": PaymentMethod.BANK,
        "fund_source": FundSource.CENTRAL,
        "signed_by": "王建国",
    }
    data.update(overrides)
    return data


def test_a_household_is_paid_once_and_the_second_payment_refused_on_the_page(
    client_for, tree, standards, programme
):
    file = on_file(apply(tree.union_a1, 1))
    client = client_for("township_staff")
    response = client.post(reverse("aid:payment_add"), pay_data(programme, file))
    assert response.status_code == 302
    payment = AidPayment.objects.get()
    assert (
        payment.cash_amount == Decimal("2500") and payment.recorded_by.username == "township_staff"
    )
    response = client.post(reverse("aid:payment_add"), pay_data(programme, file, signed_by="李四"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "already been paid" in html and 'value="李四"' in html
    assert AidPayment.objects.count() == 1


def test_a_payment_beyond_the_budget_names_what_is_left(client_for, tree, standards, programme):
    file = on_file(apply(tree.union_a1, 1))
    response = client_for("township_staff").post(
        reverse("aid:payment_add"), pay_data(programme, file, cash_amount="200000")
    )
    assert response.status_code == 200
    assert "100000.00 yuan is left" in response.content.decode()
    assert not AidPayment.objects.exists()


def test_a_payment_is_reversed_with_a_reason_and_the_household_paid_again(
    client_for, tree, standards, programme
):
    file = on_file(apply(tree.union_a1, 1))
    payment = services.pay(
        programme=programme,
        file=file,
        actor=None,
        paid_on=datetime.date(2026, 1, 20),
        method=PaymentMethod.BANK,
        fund_source=FundSource.CENTRAL,
    )
    client = client_for("township_staff")
    url = reverse("aid:payment_reverse", args=[payment.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="what-happens"' in page and "2500.00" in page
    response = client.post(url, {"reversed_on": "2026-01-21", "reason": ""})
    assert response.status_code == 200 and 'value="2026-01-21"' in response.content.decode()
    response = client.post(url, {"reversed_on": "2026-01-21", "reason": "账号错误"})
    assert response.status_code == 302
    reversal = AidPayment.objects.get(kind=EntryKind.REVERSAL)
    assert reversal.reverses_id == payment.pk and reversal.cash_amount == Decimal("-2500")
    html = client.get(reverse("aid:payment_list")).content.decode()
    assert f'data-testid="reverse-{payment.pk}"' not in html  # not offered twice
    response = client.post(reverse("aid:payment_add"), pay_data(programme, file))
    assert response.status_code == 302
    assert AidPayment.objects.count() == 3
    html = client.get(reverse("aid:programme_detail", args=[programme.pk])).content.decode()
    assert 'data-testid="spent">2500.00' in html and 'data-testid="remaining">97500.00' in html


def test_sensitive_fields_are_masked_on_the_page_and_shown_after_the_countys_reveal(
    client_for, tree, standards
):
    file = on_file(apply(tree.union_a1, 1, bank_account="6222020200001234567", health="cancer"))
    url = reverse("aid:file_detail", args=[file.pk])
    clerk = client_for("township_staff").get(url).content.decode()
    assert file.id_number not in clerk and "6222020200001234567" not in clerk
    assert "4567" in clerk and 'data-testid="masked-note"' in clerk
    assert "Malignant tumour" not in clerk
    county = client_for("county_admin")
    opened = county.get(url).content.decode()
    assert file.id_number not in opened and "6222020200001234567" not in opened
    revealed = county.post(reverse("aid:file_reveal", args=[file.pk])).content.decode()
    assert file.id_number in revealed and "6222020200001234567" in revealed
    assert "Malignant tumour" in revealed


def test_the_history_shows_for_staff_and_auditors_not_for_leaders(client_for, tree, standards):
    file = on_file(apply(tree.union_a1, 1))
    url = reverse("aid:file_detail", args=[file.pk])
    assert 'data-testid="history"' in client_for("auditor").get(url).content.decode()
    assert 'data-testid="history"' not in client_for("leader").get(url).content.decode()


def test_the_export_button_shows_only_when_the_ledger_is_registered(
    client_for, tree, standards, monkeypatch
):
    client = client_for("township_staff")
    monkeypatch.delitem(ledgers.EXPORTERS, "aid_files", raising=False)
    assert 'data-testid="export"' not in client.get(reverse("aid:file_list")).content.decode()
    assert client.get(reverse("aid:file_export")).status_code == 404
    monkeypatch.setitem(ledgers.EXPORTERS, "aid_files", object())
    html = client.get(reverse("aid:file_list") + "?category=deep").content.decode()
    assert 'data-testid="export"' in html and "/aid/export/?category=deep" in html


def test_the_search_finds_a_file_by_its_number_and_the_id_number_s_last_digits(
    client_for, tree, standards
):
    mine = apply(tree.union_a1, 1)
    other = apply(tree.union_a2, 2, name="钱小红")
    client = client_for("township_staff")
    for query in (mine.file_no, mine.id_number[-6:], "王建"):
        html = client.get(reverse("aid:file_list"), {"q": query}).content.decode()
        assert mine.file_no in html and other.file_no not in html, query


def test_the_attention_list_holds_the_files_due_for_review(client_for, tree, standards):
    due = on_file(apply(tree.union_a1, 1))
    reviewed = on_file(apply(tree.union_a1, 2, name="钱小红"))
    services.review_file(
        file=reviewed, actor=None, outcome="maintain", reviewed_on=datetime.date.today()
    )
    applying = to_publicity(apply(tree.union_a1, 3, name="孙立"))
    html = client_for("township_staff").get(reverse("aid:attention")).content.decode()
    assert due.file_no in html
    assert reviewed.file_no not in html and applying.file_no not in html


def test_the_export_holds_the_rows_the_filtered_list_shows(client_for, tree, standards):
    if "aid_files" not in ledgers.EXPORTERS:
        pytest.skip("the hardship-file ledger is not registered")
    import io

    import openpyxl

    deep = apply(tree.union_a1, 1)
    apply(tree.union_a1, 2, name="钱小红", category="relative", category_reason="患病支出大")
    client = client_for("township_staff")
    html = client.get(reverse("aid:file_list") + "?category=deep").content.decode()
    assert 'data-testid="export"' in html
    response = client.get(reverse("aid:file_export") + "?category=deep")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    text = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert deep.file_no in text and "钱小红" not in text
