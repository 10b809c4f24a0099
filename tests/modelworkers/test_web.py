"""The registry's pages: adding a file, recording an award on the person's page, masking."""

import pytest
from django.urls import reverse

from apps.modelworkers.models import HonourAward, ModelWorker

from .conftest import id_number, make_worker

pytestmark = pytest.mark.django_db


def test_add_a_worker_and_record_an_award_from_the_page(client_for, tree, honour_types):
    client = client_for("township_staff")
    response = client.post(
        reverse("modelworkers:worker_add"),
        {
            "name": "李秀英",
            "id_number": id_number(7, sex="2"),
            "org": tree.union_a1.pk,
            "person_category": "frontline",
            "employment": "in_post",
            "work_unit": "宏达纺织有限公司",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    worker = ModelWorker.objects.get(name="李秀英")
    assert worker.sex == "2"
    url = reverse("modelworkers:award_add") + f"?model_worker={worker.pk}"
    response = client.post(
        url,
        {
            "honour_type": honour_types["省劳动模范"].pk,
            "model_worker": worker.pk,
            "year": 2025,
            "conferred_on": "2025-04-25",
            "document_no": "晋政发〔2025〕11号",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == worker.get_absolute_url()
    html = client.get(worker.get_absolute_url()).content.decode()
    assert "晋政发〔2025〕11号" in html and "省劳动模范" in html
    worker.refresh_from_db()
    assert worker.treatment_level == "2"


def test_a_refused_award_shows_the_rule_and_saves_nothing(client_for, tree, honour_types):
    worker = make_worker(tree.union_a1)
    client = client_for("township_staff")
    response = client.post(
        reverse("modelworkers:award_add"),
        {
            "honour_type": honour_types["县工人先锋号"].pk,
            "model_worker": worker.pk,
            "year": 2025,
            "conferred_on": "2025-04-25",
        },
    )
    assert response.status_code == 200
    assert "this recipient is not one" in response.content.decode()
    assert not HonourAward.objects.exists()


def test_id_numbers_are_masked_unless_revealed(client_for, tree, honour_types):
    worker = make_worker(tree.union_a1)
    staff = client_for("township_staff")
    for url in (reverse("modelworkers:worker_list"), worker.get_absolute_url()):
        html = staff.get(url).content.decode()
        assert worker.id_number not in html, url
        assert worker.id_number[:6] + "********" in html, url
    api = staff.get(f"/api/model-workers/{worker.pk}/").json()
    assert api["id_number"] != worker.id_number
    admin = client_for("county_admin")
    assert worker.id_number in admin.get(worker.get_absolute_url()).content.decode()
    assert admin.get(f"/api/model-workers/{worker.pk}/").json()["id_number"] == worker.id_number


def test_history_of_a_worker_is_on_the_page_and_masked(client_for, tree):
    worker = make_worker(tree.union_a1, actor=None)
    admin = client_for("county_admin")
    html = admin.get(worker.get_absolute_url()).content.decode()
    assert 'data-testid="history"' in html
    history = html[html.index('data-testid="history"') :]
    assert worker.id_number not in history
