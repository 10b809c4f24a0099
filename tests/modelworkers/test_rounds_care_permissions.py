"""Permission matrix of the rounds' and care ledger's pages, for the five personas: in scope
200; another township's care entry, round or candidate 404; leaders and auditors 403 on every
write; a township's staff read the county's round, recommend to it, and are refused its steps;
anonymous to the login page. And the query-count guards: each list costs the same queries for
N and 3N records."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.modelworkers.models.care import CareKind
from tests.modelworkers.rc_helpers import D, _english, _fast, give, open_round, recommend, worker  # noqa: F401
from tests.pages import count_queries

pytestmark = pytest.mark.django_db
READ_ONLY = ("leader", "auditor")


@pytest.fixture
def records(tree):
    mine = worker(tree.union_a1, 1, name="城关劳模")
    theirs = worker(tree.union_b1, 2, name="新庄劳模")
    county_round = open_round(tree.county)
    candidate = recommend(county_round, tree.union_a1, 3)
    theirs_candidate = recommend(county_round, tree.union_b1, 4)
    township_b_round = open_round(tree.township_b, year=2024)
    return {
        "mine": give(mine),
        "theirs": give(theirs),
        "mine_worker": mine,
        "round": county_round,
        "candidate": candidate,
        "theirs_candidate": theirs_candidate,
        "b_round": township_b_round,
    }


def pages(r):
    return {
        "care_list": reverse("modelworkers:care_list"),
        "care_export": reverse("modelworkers:care_export"),
        "care_detail": reverse("modelworkers:care_detail", args=[r["mine"].pk]),
        "round_list": reverse("modelworkers:round_list"),
        "round_detail": reverse("modelworkers:round_detail", args=[r["round"].pk]),
        "round_ratios": reverse("modelworkers:round_ratios", args=[r["round"].pk]),
    }


def writes(r):
    return {
        "care_add": reverse("modelworkers:care_add"),
        "care_reverse": reverse("modelworkers:care_reverse", args=[r["mine"].pk]),
        "round_add": reverse("modelworkers:round_add"),
        "candidate_add": reverse("modelworkers:candidate_add", args=[r["round"].pk]),
        "candidate_withdraw": reverse(
            "modelworkers:candidate_withdraw", args=[r["round"].pk, r["candidate"].pk]
        ),
    }


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_pages_in_scope_answer_200(client_for, records, persona):
    client = client_for(persona)
    for name, url in pages(records).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
def test_staff_open_every_write_page(client_for, records, persona):
    client = client_for(persona)
    for name, url in writes(records).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", READ_ONLY)
def test_leaders_and_auditors_are_refused_every_write(client_for, records, persona):
    client = client_for(persona)
    for name, url in writes(records).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {}).status_code == 403, name
    for action in ("submit", "cancel"):
        url = reverse("modelworkers:round_action", args=[records["round"].pk, action])
        assert client.post(url, {}).status_code == 403


def test_another_townships_records_are_404(client_for, records):
    client = client_for("township_staff")
    r = records
    for url in (
        reverse("modelworkers:care_detail", args=[r["theirs"].pk]),
        reverse("modelworkers:care_reverse", args=[r["theirs"].pk]),
        reverse("modelworkers:round_detail", args=[r["b_round"].pk]),
        reverse("modelworkers:round_ratios", args=[r["b_round"].pk]),
        reverse("modelworkers:candidate_add", args=[r["b_round"].pk]),
        reverse("modelworkers:round_action", args=[r["b_round"].pk, "submit"]),
        reverse("modelworkers:candidate_withdraw", args=[r["round"].pk, r["theirs_candidate"].pk]),
        reverse("modelworkers:care_add") + f"?model_worker={r['theirs'].model_worker_id}",
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("modelworkers:care_list")).content.decode()
    assert "城关劳模" in listing and "新庄劳模" not in listing
    detail = client.get(reverse("modelworkers:round_detail", args=[r["round"].pk])).content.decode()
    assert r["candidate"].name in detail and r["theirs_candidate"].name not in detail


def test_a_township_is_refused_the_steps_of_the_countys_round(client_for, records):
    client = client_for("township_staff")
    for action in ("submit", "cancel", "approve"):
        url = reverse("modelworkers:round_action", args=[records["round"].pk, action])
        assert client.get(url).status_code == 403, action
    edit = reverse("modelworkers:round_edit", args=[records["round"].pk])
    assert client.get(edit).status_code == 403


def test_anonymous_goes_to_the_login_page(records):
    client = Client()
    for url in [*pages(records).values(), *writes(records).values()]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_an_unknown_action_is_refused(client_for, records):
    url = reverse("modelworkers:round_action", args=[records["round"].pk, "explode"])
    assert client_for("county_admin").get(url).status_code == 403


# Query-count guards ---------------------------------------------------------------------------


def table_rows(response, testid):
    """The body rows of the table marked data-testid=`testid` (each row has its own test id)."""
    html = response.content.decode()
    table = html[html.index(f'data-testid="{testid}"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return body.count("<tr data-testid=")


def _care_entries(tree, start, n):
    for serial in range(start, start + n):
        mw = worker(tree.union_a1 if serial % 2 else tree.union_b1, serial, name=f"劳模{serial}")
        entry = give(mw)
        give(mw, kind=CareKind.HEALTH_CHECK, amount="0")
        if serial % 3 == 0:
            from apps.modelworkers.services.care import reverse_care

            reverse_care(record=entry, actor=None, reversed_on=D(2025, 1, 25), reason="录错")


def test_the_care_list_takes_the_same_queries_for_n_and_3n_entries(tree, client_for):
    client = client_for("county_admin")
    url = reverse("modelworkers:care_list")
    _care_entries(tree, 1, 3)
    few, response = count_queries(client, url)
    assert table_rows(response, "care-table") >= 6
    _care_entries(tree, 10, 6)
    many, response = count_queries(client, url)
    assert table_rows(response, "care-table") >= 18
    assert few == many


def test_the_round_list_and_page_take_the_same_queries_for_n_and_3n(tree, client_for):
    client = client_for("county_admin")
    round_ = open_round(tree.county, quota=50, min_frontline=50)
    for serial in range(1, 4):
        recommend(round_, tree.union_a1, serial)
        open_round(tree.county, year=2000 + serial)
    list_url = reverse("modelworkers:round_list")
    detail_url = reverse("modelworkers:round_detail", args=[round_.pk])
    few_list, _ = count_queries(client, list_url)
    few_detail, _ = count_queries(client, detail_url)
    for serial in range(4, 10):
        recommend(round_, tree.union_a1 if serial % 2 else tree.union_b1, serial)
        open_round(tree.county, year=2000 + serial)
    many_list, response = count_queries(client, list_url)
    assert table_rows(response, "round-table") == 10
    many_detail, response = count_queries(client, detail_url)
    assert table_rows(response, "candidate-table") == 9
    assert (few_list, few_detail) == (many_list, many_detail)


def test_the_export_holds_the_filtered_rows(tree, client_for):
    import io

    import openpyxl

    _care_entries(tree, 1, 3)
    client = client_for("county_admin")
    response = client.get(reverse("modelworkers:care_export") + "?kind=health_check")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    kinds = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert kinds.count("健康体检") == 3 and "春节慰问" not in kinds
