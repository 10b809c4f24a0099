"""The 金秋助学 and 职工医疗互助 API: the permission matrix for the five personas, another
township's records 404, an application from apply to approval through its actions and a
student aided twice refused with 400 and the rule in words, enrolments and claims with the
county's caps enforced, malformed bodies 400, sensitive fields masked, query-count guards on
every list."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.aid.choices import ClaimStatus, SchoolAidStatus
from apps.aid.models import MutualAidClaim, MutualAidEnrolment, SchoolAidApplication
from apps.core.models import Employer
from tests.aid.school_mutual import (
    applying,
    approving,
    caps,
    claim,
    decide,
    enrol,
    household_with_student,
    school_programme,
    through_publicity,
)
from tests.membership.helpers import id_number

pytestmark = pytest.mark.django_db
PERSONAS = ("county_admin", "township_staff", "other_township_staff", "leader", "auditor")
LISTS = ("/api/aid-school-aid/", "/api/aid-mutual-enrolments/", "/api/aid-mutual-claims/")


def post(client, url, body):
    return client.post(url, json.dumps(body), "application/json")


@pytest.fixture
def records(tree, standards):
    programme = school_programme(tree.county)
    mine = applying(household_with_student(tree.union_a1, 1), programme)
    theirs = applying(household_with_student(tree.union_b1, 2, name="赵小海"), programme)
    caps()
    enrolment = enrol(tree.union_a1, tree.employer_a1)
    their_enrolment = enrol(tree.union_b1, tree.employer_b1)
    return {
        "programme": programme,
        "school": mine,
        "their_school": theirs,
        "enrolment": enrolment,
        "their_enrolment": their_enrolment,
        "claim": claim(enrolment, "3000"),
        "their_claim": claim(their_enrolment, "3000", serial=3, name="钱大海"),
    }


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_each_persona_lists_what_is_in_scope_and_not_the_rest(api, records):
    kinds = {
        "/api/aid-school-aid/": ("school", "their_school"),
        "/api/aid-mutual-enrolments/": ("enrolment", "their_enrolment"),
        "/api/aid-mutual-claims/": ("claim", "their_claim"),
    }
    for persona in PERSONAS:
        client = api(persona)
        for url, (mine, theirs) in kinds.items():
            response = client.get(url)
            assert response.status_code == 200, (persona, url)
            seen = ids(response)
            a, b = records[mine].pk, records[theirs].pk
            if persona == "township_staff":
                assert seen == {a}, (persona, url)
            elif persona == "other_township_staff":
                assert seen == {b}, (persona, url)
            else:
                assert seen == {a, b}, (persona, url)
            detail = client.get(f"{url}{a}/")
            assert detail.status_code == (404 if persona == "other_township_staff" else 200)


def test_anonymous_is_refused(client, records):
    for url in LISTS:
        assert client.get(url).status_code in (401, 403), url


def test_leader_and_auditor_cannot_write(api, records):
    for persona in ("leader", "auditor"):
        client = api(persona)
        writes = {
            "/api/aid-school-aid/": {"file": records["school"].file_id},
            f"/api/aid-school-aid/{records['school'].pk}/start_publicity/": {
                "starts_on": "2025-08-21",
                "ends_on": "2025-08-27",
            },
            "/api/aid-mutual-enrolments/": {"workers": 5},
            "/api/aid-mutual-claims/": {"person_name": "x"},
            f"/api/aid-mutual-claims/{records['claim'].pk}/approve/": {"decision": "approve"},
        }
        for url, body in writes.items():
            assert post(client, url, body).status_code == 403, (persona, url)
    assert SchoolAidApplication.objects.get(pk=records["school"].pk).status == (
        SchoolAidStatus.APPLIED
    )
    assert MutualAidClaim.objects.get(pk=records["claim"].pk).status == ClaimStatus.APPLIED


def test_another_township_s_records_are_404_for_their_actions(api, records):
    client = api("other_township_staff")
    cases = {
        f"/api/aid-school-aid/{records['school'].pk}/start_publicity/": {
            "starts_on": "2025-08-21",
            "ends_on": "2025-08-27",
        },
        f"/api/aid-mutual-enrolments/{records['enrolment'].pk}/": None,
    }
    for url, body in cases.items():
        response = post(client, url, body) if body else client.get(url)
        assert response.status_code == 404, url
    response = client.patch(
        f"/api/aid-mutual-enrolments/{records['enrolment'].pk}/",
        json.dumps({"workers": 5}),
        "application/json",
    )
    assert response.status_code == 404
    assert MutualAidEnrolment.objects.get(pk=records["enrolment"].pk).workers == 120
    # Applying on another township's file is refused and saves nothing.
    student = records["school"].student
    response = post(
        client,
        "/api/aid-school-aid/",
        {
            "file": records["school"].file_id,
            "programme": records["programme"].pk,
            "student": student.pk,
            "applied_on": "2025-08-20",
        },
    )
    assert response.status_code == 400
    assert SchoolAidApplication.objects.count() == 2


def test_an_application_from_apply_to_approval_and_a_second_programme_refused(api, tree, records):
    staff, admin = api("township_staff"), api("county_admin")
    file = household_with_student(tree.union_a1, 5, name="孙立")
    student = file.family.get()
    response = post(
        staff,
        "/api/aid-school-aid/",
        {
            "file": file.pk,
            "programme": records["programme"].pk,
            "student": student.pk,
            "applied_on": "2025-08-20",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["school"] == "山西大学" and body["amount"] == "5000.00"
    assert body["student_id_number"] != student.id_number  # masked for township staff
    url = f"/api/aid-school-aid/{body['id']}/"
    assert (
        post(
            staff, url + "start_publicity/", {"starts_on": "2025-08-21", "ends_on": "2025-08-27"}
        ).status_code
        == 200
    )
    assert (
        post(
            staff, url + "close_publicity/", {"outcome": "passed", "closed_on": "2025-08-28"}
        ).status_code
        == 200
    )
    refused = post(staff, url + "approve/", {"decision": "approve", "acted_on": "2025-08-29"})
    assert refused.status_code == 403  # the county's programme
    approved = post(admin, url + "approve/", {"decision": "approve", "acted_on": "2025-08-29"})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    steps = admin.get(url + "steps/").json()
    assert [s["kind"] for s in steps] == ["apply", "publicity_start", "publicity_end", "approval"]
    assert [s["kind"] for s in admin.get(url).json()["steps"]] == [s["kind"] for s in steps]


def test_a_student_aided_twice_is_a_400_naming_the_rule(api, tree, records):
    other = school_programme(tree.township_a, name="城关镇金秋助学")
    second = through_publicity(applying(records["school"].file, other))
    approving(through_publicity(records["school"]))
    response = post(
        api("township_staff"),
        f"/api/aid-school-aid/{second.pk}/approve/",
        {"decision": "approve", "acted_on": "2025-08-28"},
    )
    assert response.status_code == 400
    assert "not aided twice by overlapping programmes" in json.dumps(response.json())
    second.refresh_from_db()
    assert second.status == SchoolAidStatus.PUBLICIZED


def test_a_refusal_without_an_opinion_is_a_400(api, records):
    url = f"/api/aid-school-aid/{records['school'].pk}/"
    client = api("township_staff")
    post(client, url + "start_publicity/", {"starts_on": "2025-08-21", "ends_on": "2025-08-27"})
    response = post(
        client, url + "close_publicity/", {"outcome": "upheld", "closed_on": "2025-08-28"}
    )
    assert response.status_code == 400 and "opinion" in response.json()


def test_enrolments_and_claims_within_the_county_s_caps(api, tree, records):
    staff, admin = api("township_staff"), api("county_admin")
    response = post(
        staff,
        "/api/aid-mutual-enrolments/",
        {
            "org": tree.union_a2.pk,
            "employer": tree.employer_a1.pk,
            "year": 2026,
            "workers": 40,
            "contribution_per_head": "25",
            "enrolled_on": "2026-03-01",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["contribution_total"] == "1000.00"
    body = {
        "enrolment": records["enrolment"].pk,
        "person_name": "周海",
        "id_number": id_number(7),
        "illness": "uremia",
        "expenses": "90000",
        "amount": "5000.01",
        "applied_on": "2025-07-01",
    }
    over = post(staff, "/api/aid-mutual-claims/", body)
    assert over.status_code == 400 and "amount" in over.json()
    made = post(staff, "/api/aid-mutual-claims/", {**body, "amount": "5000"})
    assert made.status_code == 201, made.content
    assert made.json()["illness"] == "***" and made.json()["id_number"] != id_number(7)
    claim_url = f"/api/aid-mutual-claims/{made.json()['id']}/approve/"
    decision = {"decision": "approve", "decided_on": "2025-07-02"}
    assert post(staff, claim_url, decision).status_code == 403  # the county decides
    assert post(admin, claim_url, decision).status_code == 200
    again = claim(records["enrolment"], "3000.01", serial=7)
    beyond = post(admin, f"/api/aid-mutual-claims/{again.pk}/approve/", decision)
    assert beyond.status_code == 400
    assert "3000.00 yuan is left" in json.dumps(beyond.json())
    refused = post(
        admin, f"/api/aid-mutual-claims/{again.pk}/approve/", {**decision, "decision": "refuse"}
    )
    assert refused.status_code == 400 and "opinion" in refused.json()
    again.refresh_from_db()
    assert again.status == ClaimStatus.APPLIED


@pytest.mark.parametrize(
    "url",
    [
        "/api/aid-school-aid/",
        "/api/aid-mutual-enrolments/",
        "/api/aid-mutual-claims/",
    ],
)
def test_malformed_bodies_are_400(api, records, url):
    client = api("county_admin")
    before = (SchoolAidApplication.objects.count(), MutualAidClaim.objects.count())
    for body in (
        [1, 2],
        5,
        "x",
        None,
        {"zz_unknown": "1"},
        {"applied_on": True},
        {"file": "9" * 30},
    ):
        response = post(client, url, body)
        assert response.status_code == 400, (url, body, response.content)
    assert (SchoolAidApplication.objects.count(), MutualAidClaim.objects.count()) == before


def _add(tree, programme, n, start):
    for i in range(start, start + n):
        applying(household_with_student(tree.union_a1, 20 + i, name=f"测试{i}"), programme)
        employer = Employer.objects.create(
            name=f"测试企业{i}", nature="170", township=tree.township_a, union=tree.union_a1
        )
        decide(claim(enrol(tree.union_a1, employer), "1000", serial=100 + i))


@pytest.mark.parametrize("url", LISTS)
def test_each_list_needs_the_same_queries_for_three_times_the_rows(api, tree, standards, url):
    programme = school_programme(tree.county)
    caps()
    client = api("township_staff")
    client.get(url)
    _add(tree, programme, 3, 0)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url + "?page_size=100")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    small, rows = measure()
    _add(tree, programme, 6, 3)
    large, more = measure()
    assert more - rows == 6
    assert large == small, (url, small, large)
