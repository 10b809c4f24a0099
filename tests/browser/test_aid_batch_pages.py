"""Payment batches and attachments driven in headless Chromium, in Chinese: a batch made from
its programme, its roster drawn, reviewed, approved and paid; a household already paid in the
round left unpaid on the roster with the rule named; a document uploaded on a file's page and
downloaded under its name. (Paying one household, a second payment refused and the reversal
are in test_aid_pages.py.) Every page is photographed."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.aid import services
from apps.aid.choices import BatchStatus, FundSource, LineStatus, PaymentMethod, ProgrammeKind
from apps.aid.models import AidBatch, AidBatchLine, AidPayment, AidProgramme, FileAttachment
from tests.aid.batch_helpers import households

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def programme(tree, personas):
    return services.save_programme(
        programme=AidProgramme(
            org=tree.county,
            year=timezone.localdate().year,
            kind=ProgrammeKind.WINTER_WARMTH,
            name="元旦春节送温暖",
            budget=Decimal("100000"),
            standard_amount=Decimal("2500"),
            fund_sources=[FundSource.CENTRAL, FundSource.UNION_OWN],
        ),
        actor=None,
    )


@pytest.fixture
def standards_2025(tree):
    from apps.aid.choices import StandardArea
    from apps.aid.models import LowIncomeStandard

    for area, amount in ((StandardArea.URBAN, "800"), (StandardArea.RURAL, "600")):
        services.save_standard(
            standard=LowIncomeStandard(
                org=tree.county, year=2025, area=area, monthly_amount=Decimal(amount)
            ),
            actor=None,
        )


def confirm(page: Page, move):
    page.get_by_test_id(f"action-{move}").click()
    expect(page.get_by_test_id("what-happens")).to_be_visible()


def submit(page: Page):
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()


def test_a_batch_is_drawn_reviewed_approved_and_paid(
    page, login, tree, standards_2025, programme, shot
):
    files = households(tree, count=3)
    services.pay(
        programme=programme,
        file=files[0],
        actor=None,
        paid_on=timezone.localdate() - datetime.timedelta(days=3),
        method=PaymentMethod.CASH,
        fund_source=FundSource.CENTRAL,
    )
    login(page, "county_admin")
    page.goto(f"/aid/programmes/{programme.pk}/")
    page.get_by_test_id("new-batch").click()
    expect(page.get_by_test_id("what-happens")).to_contain_text("元旦春节送温暖")
    page.fill("#id_name", "春节送温暖第一批")
    shot(page, "aid-batch-01-new")
    submit(page)
    batch = AidBatch.objects.get()
    expect(page.get_by_test_id("batch-title")).to_have_text("春节送温暖第一批")
    confirm(page, "draw")
    expect(page.get_by_test_id("what-happens")).to_contain_text("春节送温暖第一批")
    shot(page, "aid-batch-02-draw")
    submit(page)
    expect(page.get_by_test_id("line-count")).to_have_text("3")
    shot(page, "aid-batch-03-drawn")
    confirm(page, "review")
    shot(page, "aid-batch-04-review")
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", BatchStatus.REVIEWED)
    confirm(page, "approve")
    page.fill("#id_opinion", "同意发放")
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", BatchStatus.APPROVED)
    confirm(page, "pay")
    expect(page.get_by_test_id("what-happens")).to_contain_text("97500.00")  # the budget left
    page.select_option("#id_method", PaymentMethod.BANK)
    page.select_option("#id_fund_source", FundSource.CENTRAL)
    shot(page, "aid-batch-05-pay")
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", BatchStatus.PAID)
    # The household paid before in the round is left unpaid, the rule named in Chinese.
    expect(page.locator(".alert-warning")).to_contain_text("2 户")
    line = AidBatchLine.objects.get(batch=batch, file=files[0])
    assert line.status == LineStatus.UNPAID
    expect(page.get_by_test_id(f"line-{line.pk}")).to_contain_text("已")
    shot(page, "aid-batch-06-paid")
    assert AidPayment.objects.filter(file=files[0]).count() == 1
    assert AidPayment.objects.count() == 3
    page.goto("/aid/batches/")
    expect(page.get_by_test_id(f"batch-{batch.pk}")).to_contain_text("已发放")
    shot(page, "aid-batch-07-list")


def test_an_attachment_is_uploaded_and_downloaded(
    page, login, tree, personas, standards_2025, settings, tmp_path, shot
):
    settings.MEDIA_ROOT = tmp_path
    file = households(tree, count=1)[0]
    login(page, "township_staff")
    page.goto(f"/aid/{file.pk}/")
    form = page.get_by_test_id("attachment-form")
    form.locator("#id_category").select_option("application")
    form.locator("#id_upload").set_input_files(
        files=[{"name": "申请书.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        page.get_by_test_id("upload").click()
    attachment = FileAttachment.objects.get()
    expect(page.get_by_test_id(f"attachment-{attachment.pk}")).to_contain_text("申请书.pdf")
    page.get_by_test_id("attachments").scroll_into_view_if_needed()
    shot(page, "aid-batch-08-attachment")
    with page.expect_download() as info:
        page.get_by_test_id(f"download-{attachment.pk}").click()
    download = info.value
    assert download.suggested_filename == "申请书.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF
    # A web page renamed .pdf is refused in words and nothing saved.
    form = page.get_by_test_id("attachment-form")
    form.locator("#id_upload").set_input_files(
        files=[{"name": "a.pdf", "mimeType": "application/pdf", "buffer": b"<html></html>"}]
    )
    with page.expect_navigation():
        page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("error-upload")).to_contain_text("PDF")
    shot(page, "aid-batch-09-attachment-refused")
    assert FileAttachment.objects.count() == 1
