"""The reports API: indicators for a scope and period, issued reviews; scoped like the pages."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.core.models import User
from apps.reports import services
from apps.reports.evaluation import compute
from apps.reports.periods import Period
from apps.reports.registry import REGISTRY


def api(username):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


@pytest.fixture
def issued(seeded):
    admin = User.objects.get(username="county_admin")
    review, _ = services.get_or_create_review(org=seeded, period=Period.year(2025), actor=admin)
    return services.issue_review(review=review, actor=admin)


def test_indicators_for_a_scope_and_period(seeded):
    response = api("leader").get("/api/indicators/", {"year": 2025})
    assert response.status_code == 200
    body = response.json()
    assert body["org"] == seeded.pk
    rows = {row["code"]: row for row in body["results"]}
    assert set(rows) == set(REGISTRY)
    values = compute(seeded, Period.year(2025))
    previous = compute(seeded, Period.year(2024))
    row = rows["membership.members"]
    assert Decimal(row["value"]) == values["membership.members"]
    assert Decimal(row["previous"]) == previous["membership.members"]
    assert row["section"] == "organisation" and row["kind"] == "stock"
    assert row["drilldown_url"].startswith(
        reverse("reports:drilldown", args=["membership.members"])
    )
    assert rows["membership.organising_rate"]["unit"] == "%"


def test_indicators_are_scoped(seeded):
    other = User.objects.get(username="other_township_staff").org
    client = api("township_staff")
    assert client.get("/api/indicators/", {"org": other.pk}).status_code == 404
    own = client.get("/api/indicators/", {"year": 2025}).json()
    assert own["org"] == User.objects.get(username="township_staff").org_id


def test_anonymous_callers_get_nothing(seeded):
    assert APIClient().get("/api/indicators/").status_code == 401
    assert APIClient().get("/api/issued-reviews/").status_code == 401


def test_issued_reviews_are_listed_and_downloadable(issued):
    client = api("leader")
    listing = client.get("/api/issued-reviews/").json()
    assert [row["id"] for row in listing["results"]] == [issued.pk]
    detail = client.get(f"/api/issued-reviews/{issued.pk}/").json()
    assert detail["values"]["membership.new_members"] == issued.values["membership.new_members"]
    response = client.get(f"/api/issued-reviews/{issued.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == issued.pdf.open("rb").read()


def test_a_township_user_cannot_list_or_fetch_the_countys_review(issued):
    client = api("township_staff")
    assert client.get("/api/issued-reviews/").json()["results"] == []
    assert client.get(f"/api/issued-reviews/{issued.pk}/").status_code == 404
    assert client.get(f"/api/issued-reviews/{issued.pk}/pdf/").status_code == 404


def test_the_schema_documents_the_reports_api(tree, client_for):
    schema = client_for("leader").get("/api/schema/?format=json").json()
    assert "/api/indicators/" in schema["paths"]
    assert "/api/issued-reviews/{id}/pdf/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/indicators/"]["get"]["parameters"]}
    assert {"org", "kind", "year", "to_year"} <= parameters
