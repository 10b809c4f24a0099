"""职工医疗互助 pages: the county's caps (read by all, set by the county administrator), the
enrolments (list, filter, export, form), the claims (list, export, form, page, decision), the
permission matrix for the five personas, another township's records 404, query-count guards on
every list and export, and the refusals shown with nothing saved: a claim over the cap per
claim, one beyond the cap per person and year (naming what is left), a refusal without an
opinion."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.aid.choices import ClaimStatus
from apps.aid.models import MutualAidClaim, MutualAidEnrolment, MutualAidSettings
from tests.aid.school_mutual import caps, claim, decide, enrol
from tests.membership.helpers import id_number
from tests.pages import count_queries, table_rows

pytestmark = pytest.mark.django_db
READERS = ("county_admin", "township_staff", "leader", "auditor")


@pytest.fixture
def mutual(tree):
    year = caps()
    mine = enrol(tree.union_a1, tree.employer_a1)
    theirs = enrol(tree.union_b1, tree.employer_b1, workers=80)
    return {
        "caps": year,
        "enrolment": mine,
        "their_enrolment": theirs,
        "claim": claim(mine, "3000"),
        "their_claim": claim(theirs, "2000", serial=2, name="钱大海"),
    }


def reads(m):
    return {
        "enrolments": reverse("aid:mutual_enrolment_list"),
        "enrolments filtered": reverse("aid:mutual_enrolment_list")
        + f"?year=2025&township={m['enrolment'].org.township_id}&q=宏达",
        "enrolment export": reverse("aid:mutual_enrolment_export") + "?year=2025",
        "claims": reverse("aid:mutual_claim_list"),
        "claims filtered": reverse("aid:mutual_claim_list")
        + "?year=2025&status=applied&illness=cancer&q=赵",
        "claim export": reverse("aid:mutual_claim_export") + "?year=2025",
        "claim": reverse("aid:mutual_claim_detail", args=[m["claim"].pk]),
        "caps": reverse("aid:mutual_settings"),
    }


def writes(m):
    return {
        "enrol": reverse("aid:mutual_enrolment_add"),
        "enrolment edit": reverse("aid:mutual_enrolment_edit", args=[m["enrolment"].pk]),
        "claim add": reverse("aid:mutual_claim_add"),
        "claim add from the enrolment": reverse("aid:mutual_claim_add")
        + f"?enrolment={m['enrolment'].pk}",
        "claim decide": reverse("aid:mutual_claim_decide", args=[m["claim"].pk]),
        "caps add": reverse("aid:mutual_settings_add"),
        "caps edit": reverse("aid:mutual_settings_edit", args=[m["caps"].pk]),
    }


COUNTY_ONLY = {"claim decide", "caps add", "caps edit"}


@pytest.mark.parametrize("persona", READERS)
def test_every_reader_opens_the_pages_in_scope(client_for, mutual, persona):
    client = client_for(persona)
    for name, url in reads(mutual).items():
        assert client.get(url).status_code == 200, name


def test_anonymous_goes_to_the_login_page(client, mutual):
    for name, url in {**reads(mutual), **writes(mutual)}.items():
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], name


@pytest.mark.parametrize("persona", ("county_admin", "township_staff"))
def test_staff_open_the_write_pages_and_the_county_its_own(client_for, mutual, persona):
    client = client_for(persona)
    for name, url in writes(mutual).items():
        expected = 403 if persona == "township_staff" and name in COUNTY_ONLY else 200
        assert client.get(url).status_code == expected, name


@pytest.mark.parametrize("persona", ("leader", "auditor"))
def test_read_only_roles_get_403_on_every_write(client_for, mutual, persona):
    client = client_for(persona)
    for name, url in writes(mutual).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"workers": "5", "opinion": "x"}).status_code == 403, name
    assert MutualAidEnrolment.objects.count() == 2 and MutualAidClaim.objects.count() == 2
    assert MutualAidClaim.objects.get(pk=mutual["claim"].pk).status == ClaimStatus.APPLIED


def test_another_township_s_records_are_404(client_for, mutual):
    client = client_for("other_township_staff")
    urls = {
        "claim": reverse("aid:mutual_claim_detail", args=[mutual["claim"].pk]),
        "enrolment edit": reverse("aid:mutual_enrolment_edit", args=[mutual["enrolment"].pk]),
        "claim add from the enrolment": reverse("aid:mutual_claim_add")
        + f"?enrolment={mutual['enrolment'].pk}",
    }
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"workers": "5"}).status_code == 404, name
    assert MutualAidEnrolment.objects.get(pk=mutual["enrolment"].pk).workers == 120
    # The county decides; even the county's own decision page of a claim is scoped.
    html = client.get(reverse("aid:mutual_claim_list")).content.decode()
    assert "钱大海" in html and "赵大勇" not in html
    html = client.get(reverse("aid:mutual_enrolment_list")).content.decode()
    assert "新庄机械厂" in html and "宏达纺织有限公司" not in html
    # A claim against another township's enrolment is refused by the form's choices.
    response = client.post(
        reverse("aid:mutual_claim_add"),
        {
            "enrolment": mutual["enrolment"].pk,
            "person_name": "孙五",
            "id_number": id_number(9),
            "illness": "cancer",
            "expenses": "1000",
            "amount": "100",
            "applied_on": "2025-06-01",
        },
    )
    assert (
        response.status_code == 200 and 'data-testid="error-enrolment"' in response.content.decode()
    )
    assert MutualAidClaim.objects.count() == 2


def test_the_claim_s_id_number_and_illness_are_masked_for_every_role(client_for, mutual):
    full, illness = mutual["claim"].id_number, "Malignant tumour"
    detail = reverse("aid:mutual_claim_detail", args=[mutual["claim"].pk])
    listed = reverse("aid:mutual_claim_list")
    for persona in READERS:
        html = client_for(persona).get(detail).content.decode()
        # The change history masks the ID number and the illness (`history_masks`).
        record = html.split('data-testid="history"')[0]
        assert full not in html and illness not in html, persona
        assert (
            'data-testid="history"' not in html or "***" in html.split('data-testid="history"')[1]
        )
        assert full[:6] + "********" + full[-4:] in record, persona
        html = client_for(persona).get(listed).content.decode()
        table = html[html.index('data-testid="claim-table"') :]
        assert full not in table and illness not in table, persona
        assert "赵大勇" in table, persona
    response = client_for("county_admin").get(reverse("aid:mutual_claim_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row}
    assert full not in cells and "恶性肿瘤" not in str(cells) and "***" in cells


def test_an_enrolment_through_its_page_and_a_second_one_refused(client_for, tree, mutual):
    client = client_for("township_staff")
    data = {
        "org": tree.union_a2.pk,
        "employer": tree.employer_a1.pk,
        "year": "2026",
        "workers": "40",
        "enrolled_on": "2026-03-01",
    }
    caps(year=2026, per_head="25")
    response = client.post(reverse("aid:mutual_enrolment_add"), data)
    assert response.status_code == 302
    made = MutualAidEnrolment.objects.get(year=2026)
    assert (made.contribution_per_head, made.contribution_total) == (25, 1000)
    response = client.post(reverse("aid:mutual_enrolment_add"), {**data, "workers": "41"})
    assert response.status_code == 200
    assert "already enrolled" in response.content.decode()
    assert 'value="41"' in response.content.decode()
    assert MutualAidEnrolment.objects.filter(year=2026).count() == 1


def _claim_post(enrolment, amount, serial=5):
    return {
        "enrolment": enrolment.pk,
        "person_name": "周海",
        "id_number": id_number(serial),
        "illness": "uremia",
        "expenses": "90000",
        "amount": amount,
        "applied_on": "2025-07-01",
    }


def test_a_claim_over_the_cap_per_claim_is_refused_on_its_form(client_for, mutual):
    client = client_for("township_staff")
    response = client.post(
        reverse("aid:mutual_claim_add"), _claim_post(mutual["enrolment"], "5000.01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-amount"' in html and "5000.00" in html
    assert 'value="周海"' in html and 'value="90000"' in html
    assert not MutualAidClaim.objects.filter(person_name="周海").exists()
    response = client.post(
        reverse("aid:mutual_claim_add"), _claim_post(mutual["enrolment"], "5000")
    )
    made = MutualAidClaim.objects.get(person_name="周海")
    assert response["Location"] == reverse("aid:mutual_claim_detail", args=[made.pk])


def test_the_county_decides_within_the_yearly_cap_and_a_refusal_needs_its_opinion(
    client_for, mutual
):
    admin = client_for("county_admin")
    first = claim(mutual["enrolment"], "5000", serial=7)
    decide(first)
    over = claim(mutual["enrolment"], "3000.01", serial=7)
    url = reverse("aid:mutual_claim_decide", args=[over.pk])
    response = admin.post(url, {"decision": "approve", "decided_on": "2025-06-02"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-amount"' in html or 'data-testid="form-errors"' in html
    assert "3000.00" in html  # what is left for the person this year
    over.refresh_from_db()
    assert over.status == ClaimStatus.APPLIED
    response = admin.post(url, {"decision": "refuse", "decided_on": "2025-06-02"})
    assert 'data-testid="error-opinion"' in response.content.decode()
    over.refresh_from_db()
    assert over.status == ClaimStatus.APPLIED
    response = admin.post(
        url, {"decision": "refuse", "decided_on": "2025-06-02", "opinion": "超出年度封顶"}
    )
    assert response["Location"] == reverse("aid:mutual_claim_detail", args=[over.pk])
    over.refresh_from_db()
    assert over.status == ClaimStatus.REFUSED and over.opinion == "超出年度封顶"
    within = claim(mutual["enrolment"], "3000", serial=7)
    admin.post(
        reverse("aid:mutual_claim_decide", args=[within.pk]),
        {"decision": "approve", "decided_on": "2025-06-02"},
    )
    within.refresh_from_db()
    assert within.status == ClaimStatus.APPROVED
    page = admin.get(reverse("aid:mutual_claim_detail", args=[within.pk])).content.decode()
    assert "8000.00" in page  # approved for the person this year


def test_the_caps_are_set_by_the_county_administrator(client_for, mutual):
    admin = client_for("county_admin")
    data = {
        "year": "2026",
        "contribution_per_head": "30",
        "cap_per_claim": "9000",
        "cap_per_person_year": "8000",
    }
    response = admin.post(reverse("aid:mutual_settings_add"), data)
    assert response.status_code == 200
    assert "cannot exceed the cap per year" in response.content.decode()
    assert not MutualAidSettings.objects.filter(year=2026).exists()
    response = admin.post(reverse("aid:mutual_settings_add"), {**data, "cap_per_claim": "6000"})
    assert response.status_code == 302
    assert MutualAidSettings.objects.get(year=2026).cap_per_claim == 6000
    response = client_for("township_staff").post(reverse("aid:mutual_settings_add"), data)
    assert response.status_code == 403


def add_records(tree, n, start):
    """n employers of township A enrolled for 2025, each with a claim."""
    from apps.core.models import Employer

    for i in range(start, start + n):
        employer = Employer.objects.create(
            name=f"测试企业{i}", nature="170", township=tree.township_a, union=tree.union_a1
        )
        enrolment = enrol(tree.union_a1, employer)
        claim(enrolment, "1000", serial=100 + i, name=f"测试{i}")


LISTS = {
    "enrolments": (reverse("aid:mutual_enrolment_list") + "?size=100", "enrolment-table"),
    "enrolments filtered": (
        reverse("aid:mutual_enrolment_list") + "?size=100&year=2025&q=测试企业",
        "enrolment-table",
    ),
    "claims": (reverse("aid:mutual_claim_list") + "?size=100", "claim-table"),
    "claims filtered": (
        reverse("aid:mutual_claim_list") + "?size=100&year=2025&status=applied&q=测试",
        "claim-table",
    ),
    "enrolment export": (reverse("aid:mutual_enrolment_export") + "?year=2025", None),
    "claim export": (reverse("aid:mutual_claim_export") + "?year=2025", None),
    "caps": (reverse("aid:mutual_settings"), "settings-table"),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_needs_the_same_queries_for_three_times_the_rows(client_for, tree, name):
    url, marker = LISTS[name]
    caps()
    client = client_for("township_staff")
    client.get(reverse("aid:mutual_claim_list"))
    add_records(tree, 3, 0)
    if name == "caps":
        for year in (2021, 2022):
            caps(year=year)
    small, response = count_queries(client, url)
    small_rows = table_rows(response, marker) if marker else 0
    add_records(tree, 6, 3)
    if name == "caps":
        for year in (2017, 2018, 2019, 2020):
            caps(year=year)
    large, response = count_queries(client, url)
    if marker:
        assert table_rows(response, marker) - small_rows == (4 if name == "caps" else 6)
    assert large == small, (name, small, large)


def test_the_export_holds_the_rows_the_list_shows(client_for, tree, mutual):
    enrol(tree.union_a2, tree.employer_a1, year=2024, per_head="30")
    response = client_for("county_admin").get(reverse("aid:mutual_enrolment_export") + "?year=2025")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    data = [row for row in rows if row and row[0] in (2024, 2025)]
    assert sorted((row[0], row[1], row[3]) for row in data) == [
        (2025, "宏达纺织有限公司", 120),
        (2025, "新庄机械厂", 80),
    ]
