"""Permission matrix: every registry page and API route, for every persona.

In scope → 200; another township's record → 404 (as if it did not exist); leaders and auditors
→ 403 on writes; anonymous → the login page (web) or 401 (API). Honour types are edited by the
county administrator only.
"""

import pytest
from django.test import Client
from django.urls import reverse

from apps.modelworkers.choices import CollectiveKind
from apps.modelworkers.models import HonourAward, ModelWorker

from .conftest import award, make_collective, make_worker

READ_ONLY = ("leader", "auditor")
pytestmark = pytest.mark.django_db


@pytest.fixture
def records(tree, honour_types):
    mine = make_worker(tree.union_a1, name="王建国", n=1)
    theirs = make_worker(tree.union_b1, name="赵铁柱", n=2)
    team = make_collective(tree.union_a1, name="细纱车间甲班")
    their_team = make_collective(tree.union_b1, name="装配车间", kind=CollectiveKind.WORKSHOP)
    my_award = award(honour_types["县劳动模范"], model_worker=mine)
    their_award = award(honour_types["县劳动模范"], model_worker=theirs)
    award(honour_types["县级合格职工之家"], union_org=tree.union_b1)
    return {
        "worker": (mine, theirs),
        "collective": (team, their_team),
        "award": (my_award, their_award),
    }


def web_reads(records):
    worker, collective, award_ = (records[k][0] for k in ("worker", "collective", "award"))
    return {
        "workers": reverse("modelworkers:worker_list"),
        "workers filtered": reverse("modelworkers:worker_list")
        + "?treatment_level=4&status=on_record&category=model_worker&q=wjg",
        "worker": reverse("modelworkers:worker", args=[worker.pk]),
        "worker export": reverse("modelworkers:worker_export"),
        "collectives": reverse("modelworkers:collective_list"),
        "collective": reverse("modelworkers:collective", args=[collective.pk]),
        "collective export": reverse("modelworkers:collective_export"),
        "awards": reverse("modelworkers:award_list"),
        "recognitions": reverse("modelworkers:award_list") + "?recipient=union_org&level=4",
        "award": reverse("modelworkers:award", args=[award_.pk]),
        "award export": reverse("modelworkers:award_export"),
        "types": reverse("modelworkers:honour_type_list"),
        "worker template": reverse("core:import_template", args=["model_workers"]),
        "collective template": reverse("core:import_template", args=["honoured_collectives"]),
    }


def web_writes(records):
    worker, collective, award_ = (records[k][0] for k in ("worker", "collective", "award"))
    return {
        "worker add": reverse("modelworkers:worker_add"),
        "worker edit": reverse("modelworkers:worker_edit", args=[worker.pk]),
        "worker status": reverse("modelworkers:worker_status", args=[worker.pk]),
        "collective add": reverse("modelworkers:collective_add"),
        "collective edit": reverse("modelworkers:collective_edit", args=[collective.pk]),
        "collective status": reverse("modelworkers:collective_status", args=[collective.pk]),
        "award add": reverse("modelworkers:award_add"),
        "award for worker": reverse("modelworkers:award_add") + f"?model_worker={worker.pk}",
        "award for collective": reverse("modelworkers:award_add") + f"?collective={collective.pk}",
        "award revoke": reverse("modelworkers:award_revoke", args=[award_.pk]),
        "worker import": reverse("core:import_upload", args=["model_workers"]),
        "collective import": reverse("core:import_upload", args=["honoured_collectives"]),
    }


RECORD_PAGES = {
    "worker",
    "collective",
    "award",
    "worker edit",
    "worker status",
    "collective edit",
    "collective status",
    "award for worker",
    "award for collective",
    "award revoke",
}


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_reads_answer_200(client_for, records, persona):
    client = client_for(persona)
    for name, url in web_reads(records).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
def test_staff_open_every_write_page(client_for, records, persona):
    client = client_for(persona)
    for name, url in web_writes(records).items():
        assert client.get(url).status_code == 200, name


def test_another_township_s_records_are_404_on_every_page(client_for, records):
    client = client_for("other_township_staff")
    for name, url in {**web_reads(records), **web_writes(records)}.items():
        if name in RECORD_PAGES:
            assert client.get(url).status_code == 404, name
            assert client.post(url, {"status": "withdrawn", "on": "2024-03-01"}).status_code == (
                404
            ), name
    mine = records["worker"][0]
    assert ModelWorker.objects.get(pk=mine.pk).status == "on_record"
    assert not HonourAward.objects.filter(revoked=True).exists()


def test_lists_show_only_the_scope(client_for, records):
    html = client_for("township_staff").get(reverse("modelworkers:worker_list")).content.decode()
    assert "王建国" in html and "赵铁柱" not in html
    html = client_for("township_staff").get(reverse("modelworkers:award_list")).content.decode()
    assert "王建国" in html and "赵铁柱" not in html and "新庄机械厂工会" not in html
    html = client_for("county_admin").get(reverse("modelworkers:worker_list")).content.decode()
    assert "王建国" in html and "赵铁柱" in html


@pytest.mark.parametrize("persona", READ_ONLY)
def test_read_only_roles_get_403_on_writes(client_for, records, persona):
    client = client_for(persona)
    for name, url in web_writes(records).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"name": "x"}).status_code == 403, name


def test_honour_types_are_edited_by_the_county_administrator_only(client_for, honour_types):
    honour_type = honour_types["县劳动模范"]
    url = reverse("modelworkers:honour_type_edit", args=[honour_type.pk])
    for persona in ("township_staff", "leader", "auditor"):
        client = client_for(persona)
        assert client.get(reverse("modelworkers:honour_type_add")).status_code == 403, persona
        assert client.post(url, {"name": "x"}).status_code == 403, persona
    admin = client_for("county_admin")
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        {
            "name": "县级劳动模范",
            "category": "model_worker",
            "level": "4",
            "conferring_body": "县委、县政府",
            "recipient_kind": "person",
            "treatment_level": "4",
            "active": "on",
            "order": 1,
        },
    )
    assert response.status_code == 302
    honour_type.refresh_from_db()
    assert honour_type.name == "县级劳动模范"


def test_anonymous_is_sent_to_login(records):
    client = Client()
    for name, url in {**web_reads(records), **web_writes(records)}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


# --- API ------------------------------------------------------------------------------------


def api_reads(records):
    worker, collective, award_ = (records[k][0] for k in ("worker", "collective", "award"))
    return {
        "workers": "/api/model-workers/",
        "worker": f"/api/model-workers/{worker.pk}/",
        "collectives": "/api/honoured-collectives/",
        "collective": f"/api/honoured-collectives/{collective.pk}/",
        "awards": "/api/honour-awards/",
        "award": f"/api/honour-awards/{award_.pk}/",
        "types": "/api/honour-types/",
    }


def api_writes(records):
    worker, collective, award_ = (records[k][0] for k in ("worker", "collective", "award"))
    return {
        "worker create": ("post", "/api/model-workers/"),
        "worker update": ("patch", f"/api/model-workers/{worker.pk}/"),
        "worker status": ("post", f"/api/model-workers/{worker.pk}/status/"),
        "collective create": ("post", "/api/honoured-collectives/"),
        "collective update": ("patch", f"/api/honoured-collectives/{collective.pk}/"),
        "collective status": ("post", f"/api/honoured-collectives/{collective.pk}/status/"),
        "award create": ("post", "/api/honour-awards/"),
        "award revoke": ("post", f"/api/honour-awards/{award_.pk}/revoke/"),
    }


def test_anonymous_api_is_401(records):
    client = Client()
    for name, url in api_reads(records).items():
        assert client.get(url).status_code == 401, name
    for name, (method, url) in api_writes(records).items():
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 401, name


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_api_reads_in_scope_answer_200(client_for, records, persona):
    client = client_for(persona)
    for name, url in api_reads(records).items():
        assert client.get(url).status_code == 200, name


def test_api_hides_another_township_s_records(client_for, records):
    client = client_for("other_township_staff")
    for name, url in api_reads(records).items():
        if name in ("worker", "collective", "award"):
            assert client.get(url).status_code == 404, name
    for name, (method, url) in api_writes(records).items():
        if name.endswith("create"):
            continue
        response = getattr(client, method)(
            url,
            {"status": "withdrawn", "on": "2024-03-01", "reason": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404, name
    ids = {row["id"] for row in client.get("/api/model-workers/").json()["results"]}
    assert ids == {records["worker"][1].pk}


@pytest.mark.parametrize("persona", READ_ONLY)
def test_api_read_only_roles_get_403_on_writes(client_for, records, persona):
    client = client_for(persona)
    for name, (method, url) in api_writes(records).items():
        response = getattr(client, method)(url, {"name": "x"}, content_type="application/json")
        assert response.status_code == 403, name


def test_api_records_an_award_and_refuses_a_wrong_recipient(client_for, records, honour_types):
    client = client_for("township_staff")
    worker = records["worker"][0]
    body = {
        "honour_type": honour_types["全国五一劳动奖章"].pk,
        "model_worker": worker.pk,
        "year": 2025,
        "conferred_on": "2025-04-28",
        "document_no": "总工发〔2025〕8号",
    }
    response = client.post("/api/honour-awards/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["level"] == "1"
    assert client.get(f"/api/model-workers/{worker.pk}/").json()["treatment_level"] == "2"
    body["honour_type"] = honour_types["县五一劳动奖状"].pk
    response = client.post("/api/honour-awards/", body, content_type="application/json")
    assert response.status_code == 400
    assert "model_worker" in response.json()
    response = client.post("/api/honour-awards/", "[1]", content_type="application/json")
    assert response.status_code == 400
