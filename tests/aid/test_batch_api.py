"""The payment batches' API: the permission matrix per persona (in scope 200, another
township's batch 404, leader and auditor 403 on every write, anonymous 401), a batch from its
creation to paid, refusals as 400 in words with nothing saved, malformed bodies 400, and the
list's and a roster's query counts the same for N and 3N."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.aid import services
from apps.aid.choices import BatchStatus, FundSource, LineStatus, PaymentMethod
from apps.aid.models import AidBatch, AidBatchLine, AidPayment
from tests.aid.batch_helpers import DAY, approved, drawn, households

pytestmark = pytest.mark.django_db
BASE = "/api/aid-batches/"
PAY = {"paid_on": "2026-01-20", "method": PaymentMethod.BANK, "fund_source": FundSource.CENTRAL}
DECIDE = {"decision": "approve", "acted_on": "2026-01-10", "opinion": "同意"}


@pytest.fixture
def batches(tree, personas, standards, programme):
    mine = households(tree)
    households(tree, start=10, count=1, union=tree.union_b1)
    batch = drawn(programme, personas["township_staff"])
    their_batch = drawn(programme, personas["other_township_staff"], name="新庄镇第一批")
    return {"files": mine, "batch": batch, "their_batch": their_batch, "programme": programme}


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def moves(batch):
    line = batch.lines.first()
    return {
        "draw": {},
        "add_lines": {"lines": [{"file": line.file_id}]},
        "remove_line": {"line": line.pk},
        "review": DECIDE,
        "approve": DECIDE,
        "pay": PAY,
    }


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_reads_answer_200(api, batches, persona):
    client = api(persona)
    rows = client.get(BASE).json()["results"]
    assert batches["batch"].pk in [row["id"] for row in rows]
    detail = client.get(f"{BASE}{batches['batch'].pk}/")
    assert detail.status_code == 200
    assert len(detail.json()["lines"]) == 3 and detail.json()["line_count"] == 3


@pytest.mark.parametrize("persona", ["leader", "auditor"])
def test_read_only_roles_get_403_on_every_write(api, batches, persona):
    client = api(persona)
    batch = batches["batch"]
    body = {"programme": batches["programme"].pk, "name": "x"}
    assert post(client, BASE, body).status_code == 403
    for move, data in moves(batch).items():
        assert post(client, f"{BASE}{batch.pk}/{move}/", data).status_code == 403, move
    assert AidBatch.objects.count() == 2 and AidBatchLine.objects.count() == 4


def test_another_township_s_batch_is_404(api, batches):
    client = api("other_township_staff")
    batch = batches["batch"]
    assert client.get(f"{BASE}{batch.pk}/").status_code == 404
    for move, data in moves(batch).items():
        assert post(client, f"{BASE}{batch.pk}/{move}/", data).status_code == 404, move
    rows = client.get(BASE).json()["results"]
    assert [row["id"] for row in rows] == [batches["their_batch"].pk]
    # Their own batch cannot take township A's line or household either.
    their = batches["their_batch"]
    line = batch.lines.first()
    response = post(client, f"{BASE}{their.pk}/remove_line/", {"line": line.pk})
    assert response.status_code == 400
    response = post(client, f"{BASE}{their.pk}/add_lines/", {"lines": [{"file": line.file_id}]})
    assert response.status_code == 400 and "no such file" in str(response.json()).lower()
    assert AidBatchLine.objects.count() == 4


def test_anonymous_gets_401(batches):
    assert Client().get(BASE).status_code == 401
    assert post(Client(), f"{BASE}{batches['batch'].pk}/draw/", {}).status_code == 401


def test_a_batch_is_created_drawn_reviewed_approved_and_paid(api, tree, standards, programme):
    files = households(tree)
    staff, county = api("township_staff"), api("county_admin")
    response = post(staff, BASE, {"programme": programme.pk, "name": "春节第一批"})
    assert response.status_code == 201, response.content
    batch_id = response.json()["id"]
    assert response.json()["period"] == "2025" and response.json()["status"] == "draft"
    assert post(staff, f"{BASE}{batch_id}/draw/", {}).json()["line_count"] == 3
    line = AidBatchLine.objects.filter(batch_id=batch_id, file=files[2]).get()
    assert (
        post(staff, f"{BASE}{batch_id}/remove_line/", {"line": line.pk}).json()["line_count"] == 2
    )
    response = post(
        staff,
        f"{BASE}{batch_id}/add_lines/",
        {"lines": [{"file": files[2].pk, "cash_amount": 900}]},
    )
    assert response.status_code == 201 and response.json()["line_total"] == "5900.00"
    assert post(staff, f"{BASE}{batch_id}/review/", DECIDE).json()["status"] == "reviewed"
    assert post(staff, f"{BASE}{batch_id}/approve/", DECIDE).status_code == 403
    assert post(county, f"{BASE}{batch_id}/approve/", DECIDE).json()["status"] == "approved"
    response = post(county, f"{BASE}{batch_id}/pay/", PAY)
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["payments"], result["total"], result["pending"]) == (3, "5900.00", 0)
    assert result["remaining"] == "94100.00"
    assert result["batch"]["status"] == BatchStatus.PAID
    assert AidPayment.objects.count() == 3


def test_refusals_are_400_in_words_and_nothing_is_saved(api, batches):
    staff, county, batch = api("township_staff"), api("county_admin"), batches["batch"]
    response = post(
        staff, f"{BASE}{batch.pk}/review/", {"decision": "refuse", "acted_on": "2026-01-10"}
    )
    assert response.status_code == 400 and "opinion" in response.json()
    response = post(county, f"{BASE}{batch.pk}/pay/", PAY)
    assert response.status_code == 400 and "Only an approved batch is paid" in str(response.json())
    assert AidBatch.objects.get(pk=batch.pk).status == BatchStatus.DRAFT
    services.pay(
        programme=batches["programme"],
        file=batches["files"][0],
        actor=None,
        paid_on=DAY,
        method=PaymentMethod.CASH,
        fund_source=FundSource.CENTRAL,
    )
    programme = batches["programme"]
    programme.budget = 5000
    services.save_programme(programme=programme, actor=None)
    batch = approved(batch)
    bad = {**PAY, "fund_source": FundSource.LOCAL}
    assert post(county, f"{BASE}{batch.pk}/pay/", bad).status_code == 400
    assert AidPayment.objects.count() == 1
    result = post(county, f"{BASE}{batch.pk}/pay/", PAY).json()
    # One household already paid in the round; of the other two the budget reaches one.
    assert (result["payments"], result["unpaid"], result["pending"]) == (1, 1, 1)
    assert "has 0.00 yuan left" in result["message"]
    line = AidBatchLine.objects.get(batch=batch, file=batches["files"][0])
    assert line.status == LineStatus.UNPAID and "already" in line.unpaid_reason


@pytest.mark.parametrize(
    ("move", "body"),
    [
        ("draw", {"x": 1}),
        ("add_lines", {"lines": "all"}),
        ("add_lines", {"lines": [{"file": True}]}),
        ("add_lines", {"lines": [{"file": 1, "cash_amount": "-5"}]}),
        ("add_lines", {"lines": []}),
        ("remove_line", {"line": "one"}),
        ("review", {"decision": ["approve"], "acted_on": "2026-01-10"}),
        ("pay", {"paid_on": "99999-01-01", "method": "bank", "fund_source": "central"}),
        ("pay", []),
    ],
)
def test_malformed_bodies_get_400(api, batches, move, body):
    response = post(api("county_admin"), f"{BASE}{batches['batch'].pk}/{move}/", body)
    assert response.status_code == 400, response.content
    assert AidBatchLine.objects.count() == 4


def test_the_create_body_refuses_unknown_and_malformed_fields(api, batches):
    client = api("township_staff")
    programme = batches["programme"].pk
    for body in (
        {"programme": programme, "name": "x", "status": "paid"},
        {"programme": "x", "name": "x"},
        {"programme": programme, "name": ["x"]},
        {"programme": programme, "name": "x", "category": "nope"},
    ):
        assert post(client, BASE, body).status_code == 400, body
    assert AidBatch.objects.count() == 2


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


def test_the_list_and_a_roster_need_the_same_queries_for_three_times_the_rows(
    api, tree, personas, standards, programme
):
    client = api("township_staff")
    households(tree, start=100, count=2)
    batch = drawn(programme, personas["township_staff"], name="第1批", period="P1")
    small_list, _data = _count(client, BASE)
    small_detail, data = _count(client, f"{BASE}{batch.pk}/")
    assert len(data["lines"]) == 2
    for i in range(2, 4):
        households(tree, start=100 + i * 3, count=2)
        drawn(programme, personas["township_staff"], name=f"第{i}批", period=f"P{i}")
    services.draw_roster(batch=batch, actor=None)
    large_list, data = _count(client, BASE)
    assert data["count"] == 3 and large_list == small_list
    large_detail, data = _count(client, f"{BASE}{batch.pk}/")
    assert len(data["lines"]) == 6 and large_detail == small_detail
