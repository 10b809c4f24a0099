"""金秋助学 and 职工医疗互助 driven in headless Chromium, in Chinese: a student's application
made from the parent's file, posted and closed in public notice, approved by the county; the
county's mutual-aid caps set, an employer enrolled, a claim over the cap per claim refused on
its form and one within it recorded, one beyond what is left of the person's year refused at
approval, then one within it approved. Every page is photographed.

Dates count back from today, since no step may be dated in the future."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.aid import services
from apps.aid.choices import (
    ClaimStatus,
    FundSource,
    ProgrammeKind,
    SchoolAidStatus,
    StandardArea,
)
from apps.aid.models import (
    AidProgramme,
    LowIncomeStandard,
    MutualAidClaim,
    MutualAidEnrolment,
    SchoolAidApplication,
)
from tests.aid.school_mutual import claim, decide, household_with_student
from tests.browser.helpers import path_of
from tests.membership.helpers import id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def submit(page: Page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def iso(day):
    return day.isoformat()


@pytest.fixture
def parent(tree, personas):
    """A household on file (2025) whose child is at 山西大学, and this year's 金秋助学."""
    for area, amount in ((StandardArea.URBAN, "800"), (StandardArea.RURAL, "600")):
        services.save_standard(
            standard=LowIncomeStandard(
                org=tree.county, year=2025, area=area, monthly_amount=Decimal(amount)
            ),
            actor=None,
        )
    year = timezone.localdate().year
    services.save_programme(
        programme=AidProgramme(
            org=tree.county,
            year=year,
            kind=ProgrammeKind.AUTUMN_SCHOOLING,
            name=f"{year}年金秋助学",
            budget=Decimal("100000"),
            standard_amount=Decimal("5000"),
            fund_sources=[FundSource.UNION_OWN],
        ),
        actor=None,
    )
    return household_with_student(tree.union_a1, 1, parent="周建华", name="周小雨")


def test_a_school_aid_application_from_the_file_to_approval(page, other_page, login, parent, shot):
    today = timezone.localdate()
    applied = today - 10 * DAY
    login(page, "township_staff")
    page.goto(f"/aid/{parent.pk}/")
    expect(page.get_by_test_id("school-aid")).to_contain_text("暂无金秋助学申请")
    shot(page, "aid-school-01-file-page")
    page.get_by_test_id("apply-school-aid").click()
    assert path_of(page) == f"/aid/{parent.pk}/school-aid/new/"
    programme = AidProgramme.objects.get(kind=ProgrammeKind.AUTUMN_SCHOOLING)
    page.select_option("#id_programme", str(programme.pk))
    page.select_option("#id_student", str(parent.family.get().pk))
    page.fill("#id_applied_on", iso(applied))
    shot(page, "aid-school-02-apply-form")
    submit(page)
    application = SchoolAidApplication.objects.get()
    assert path_of(page) == f"/aid/school-aid/{application.pk}/"
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "applied")
    expect(page.get_by_test_id("application")).to_contain_text("山西大学")
    expect(page.get_by_test_id("student-id")).not_to_have_text(application.student_id_number)
    shot(page, "aid-school-03-applied")

    page.get_by_test_id("action-start_publicity").click()
    expect(page.get_by_test_id("what-happens")).to_be_visible()
    page.fill("#id_starts_on", iso(applied + DAY))
    page.fill("#id_ends_on", iso(applied + 6 * DAY))
    page.fill("#id_opinion", "在城关镇总工会公示栏张贴")
    shot(page, "aid-school-04-publicity-form")
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "publicity")
    page.get_by_test_id("action-close_publicity").click()
    page.select_option("#id_outcome", "upheld")  # without the objection's finding
    page.fill("#id_closed_on", iso(applied + 7 * DAY))
    submit(page)
    expect(page.get_by_test_id("error-opinion")).to_be_visible()
    shot(page, "aid-school-05-close-refused")
    page.select_option("#id_outcome", "passed")
    submit(page)
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "publicized")
    expect(page.get_by_test_id("action-approve")).to_have_count(0)  # the county's programme

    login(other_page, "county_admin")
    other_page.goto(f"/aid/school-aid/{application.pk}/")
    other_page.get_by_test_id("action-approve").click()
    other_page.select_option("#id_decision", "approve")
    other_page.fill("#id_acted_on", iso(applied + 8 * DAY))
    other_page.fill("#id_opinion", "同意资助")
    shot(other_page, "aid-school-06-approval-form")
    submit(other_page)
    expect(other_page.get_by_test_id("status")).to_have_attribute("data-status", "approved")
    expect(other_page.locator("[data-testid=steps] tbody tr")).to_have_count(4)
    expect(other_page.get_by_test_id("student-id")).not_to_have_text(
        application.student_id_number
    )  # masked on the page for every role
    shot(other_page, "aid-school-07-approved")
    application.refresh_from_db()
    assert application.status == SchoolAidStatus.APPROVED

    page.goto("/aid/school-aid/?status=approved")
    expect(page.get_by_test_id("school-aid-table")).to_contain_text("周小雨")
    shot(page, "aid-school-08-list")
    page.goto(f"/aid/{parent.pk}/")
    expect(page.get_by_test_id("school-aid-status")).to_have_attribute("data-status", "approved")


def test_a_mutual_aid_claim_refused_over_the_cap_then_approved_within_it(
    page, other_page, login, tree, personas, shot
):
    today = timezone.localdate()
    login(other_page, "county_admin")
    other_page.goto("/aid/mutual/settings/")
    shot(other_page, "aid-mutual-01-caps-empty")
    other_page.get_by_test_id("add-settings").click()
    other_page.fill("#id_year", str(today.year))
    other_page.fill("#id_contribution_per_head", "30")
    other_page.fill("#id_cap_per_claim", "9000")
    other_page.fill("#id_cap_per_person_year", "8000")
    submit(other_page)
    expect(other_page.get_by_test_id("form-errors")).to_contain_text("单次最高额")
    shot(other_page, "aid-mutual-02-caps-refused")
    other_page.fill("#id_cap_per_claim", "5000")
    submit(other_page)
    expect(other_page.get_by_test_id("settings-table")).to_contain_text("5000.00")
    shot(other_page, "aid-mutual-03-caps")

    login(page, "township_staff")
    page.goto("/aid/mutual/")
    expect(page.locator("nav.navbar")).to_contain_text("职工医疗互助")
    page.get_by_test_id("add-enrolment").click()
    page.select_option("#id_org", str(tree.union_a1.pk))
    page.select_option("#id_employer", str(tree.employer_a1.pk))
    page.fill("#id_year", str(today.year))
    page.fill("#id_workers", "120")
    page.fill("#id_enrolled_on", iso(today - 30 * DAY))
    shot(page, "aid-mutual-04-enrol-form")
    submit(page)
    expect(page.get_by_test_id("enrolment-table")).to_contain_text("3600.00")
    shot(page, "aid-mutual-05-enrolments")
    enrolment = MutualAidEnrolment.objects.get()

    page.get_by_test_id(f"claim-{enrolment.pk}").click()
    fields = {
        "#id_person_name": "赵大勇",
        "#id_id_number": id_number(7),
        "#id_expenses": "60000",
        "#id_amount": "6000",
        "#id_applied_on": iso(today - 5 * DAY),
    }
    for selector, value in fields.items():
        page.fill(selector, value)
    page.select_option("#id_illness", "cancer")
    submit(page)
    expect(page.get_by_test_id("error-amount")).to_contain_text("5000.00")
    for selector, value in fields.items():
        expect(page.locator(selector)).to_have_value(value)
    assert not MutualAidClaim.objects.exists()
    shot(page, "aid-mutual-06-claim-over-the-cap")
    page.fill("#id_amount", "5000")
    submit(page)
    first = MutualAidClaim.objects.get()
    assert path_of(page) == f"/aid/mutual/claims/{first.pk}/"
    expect(page.get_by_test_id("illness")).to_have_text("***")
    expect(page.get_by_test_id("decide")).to_have_count(0)  # the county decides
    shot(page, "aid-mutual-07-claim")

    # The county approves the first; the same person's second claim passes the year's cap.
    decide(first, actor=personas["county_admin"], day=today - 4 * DAY)
    second = claim(enrolment, "3500", serial=7, day=today - 3 * DAY)
    other_page.goto(f"/aid/mutual/claims/{second.pk}/")
    expect(other_page.get_by_test_id("paid-in-year")).to_have_text("5000.00")
    other_page.get_by_test_id("decide").click()
    other_page.fill("#id_decided_on", iso(today - 2 * DAY))
    submit(other_page)
    expect(other_page.get_by_test_id("form-errors")).to_contain_text("3000.00")
    shot(other_page, "aid-mutual-08-beyond-the-year")
    second.refresh_from_db()
    assert second.status == ClaimStatus.APPLIED
    other_page.select_option("#id_decision", "refuse")
    other_page.fill("#id_opinion", "超出每人每年封顶额")
    submit(other_page)
    expect(other_page.get_by_test_id("status")).to_have_attribute("data-status", "refused")

    third = claim(enrolment, "3000", serial=7, day=today - 2 * DAY)
    other_page.goto(f"/aid/mutual/claims/{third.pk}/decide/")
    other_page.fill("#id_decided_on", iso(today - DAY))
    shot(other_page, "aid-mutual-09-decide-form")
    submit(other_page)
    expect(other_page.get_by_test_id("status")).to_have_attribute("data-status", "approved")
    expect(other_page.get_by_test_id("paid-in-year")).to_have_text("8000.00")
    shot(other_page, "aid-mutual-10-approved")
    other_page.goto("/aid/mutual/claims/")
    expect(other_page.get_by_test_id("claim-table")).to_contain_text("赵大勇")
    shot(other_page, "aid-mutual-11-claims")
