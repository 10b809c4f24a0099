"""Contracts through the web pages and the API: the forms keep what was typed and name the rule
broken; the moves go through the services; checks and assessments; the detail page shows the
renewal chain and the history."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.contracts.choices import ContractStatus
from apps.contracts.models import CollectiveContract, QualityAssessment
from tests.contracts.helpers import DAY, make_effective, offer

D = datetime.date
pytestmark = pytest.mark.django_db


def new_contract_data(tree, **overrides):
    data = {
        "contract_type": "comprehensive",
        "scope": "enterprise",
        "title": "",
        "code": "",
        "union": tree.union_a1.pk,
        "employer": tree.employer_a1.pk,
        "employer_side": "",
        "union_chief": "李建国",
        "employer_chief": "王志强",
        "union_reps": "5",
        "employer_reps": "5",
        "offer_on": "2024-01-10",
        "term_start": "2024-03-01",
        "term_end": "2027-02-28",
        "covered_workers": "",
        "covered_women": "",
        "covered_migrants": "",
        "prev_avg_wage": "",
        "raise_pct": "",
        "wage_workers": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_the_add_form_keeps_what_was_typed_and_names_the_rules(client_for, extra):
    tree = extra
    client = client_for("township_staff")
    data = new_contract_data(
        tree,
        scope="regional",
        union=tree.township_a.pk,
        employer="",
        employer_side="城关镇商会",
        union_chief="赵志刚",
        union_reps="2",
        employer_reps="2",
        term_start="2024-03-01",
        term_end="2028-03-01",
    )
    response = client.post(reverse("contracts:contract_add"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-covered_employers"' in html and "第53条" in html
    assert 'data-testid="error-union_reps"' in html and "第20条" in html
    assert 'data-testid="error-term_end"' in html and "第38条" in html
    assert 'value="赵志刚"' in html and 'value="城关镇商会"' in html
    assert 'value="2028-03-01"' in html
    assert not CollectiveContract.objects.exists()


def test_the_end_before_the_start_is_refused_on_the_form(client_for, tree):
    response = client_for("township_staff").post(
        reverse("contracts:contract_add"),
        new_contract_data(tree, term_start="2024-03-01", term_end="2024-02-01"),
    )
    assert response.status_code == 200
    assert "The term must end after it starts." in response.content.decode()
    assert not CollectiveContract.objects.exists()


def test_staff_record_an_offer_and_are_named_in_the_history(client_for, tree, personas):
    client = client_for("township_staff")
    response = client.post(reverse("contracts:contract_add"), new_contract_data(tree))
    contract = CollectiveContract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == contract.get_absolute_url()
    assert contract.status == ContractStatus.NEGOTIATING
    assert contract.covered_workers == 120  # the employer's headcount, as nothing was given

    html = client.get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="history"' in html
    assert "城关镇" in html or personas["township_staff"].username in html
    assert 'data-testid="action-reply"' in html and 'data-testid="action-submit"' not in html


def test_a_failing_vote_on_the_web_names_the_rule_and_keeps_the_numbers(client_for, tree):
    contract = offer(tree, offer_on=D(2024, 1, 10))
    client = client_for("township_staff")
    client.post(
        reverse("contracts:contract_action", args=[contract.pk, "reply"]),
        {"reply_on": "2024-01-20"},
    )
    url = reverse("contracts:contract_action", args=[contract.pk, "vote"])
    response = client.post(
        url, {"congress_on": "2024-02-01", "total": "30", "present": "19", "yes": "19"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "two thirds" in html and "第36条" in html
    assert 'value="19"' in html
    assert CollectiveContract.objects.get().congress_total is None

    response = client.post(
        url, {"congress_on": "2024-02-01", "total": "30", "present": "20", "yes": "16"}
    )
    assert response.status_code == 302
    assert CollectiveContract.objects.get().congress_yes == 16


def test_a_late_reply_is_recorded_with_a_warning(client_for, tree):
    contract = offer(tree, offer_on=D(2024, 1, 10))
    response = client_for("township_staff").post(
        reverse("contracts:contract_action", args=[contract.pk, "reply"]),
        {"reply_on": "2024-02-05"},
        follow=True,
    )
    html = response.content.decode()
    assert "after the 20 days" in html and "2024-01-30" in html
    assert CollectiveContract.objects.get().reply_on == D(2024, 2, 5)


def test_an_unknown_move_is_404(client_for, tree):
    contract = offer(tree)
    url = f"/contracts/{contract.pk}/approve/"
    assert client_for("township_staff").get(url).status_code == 404


def test_the_detail_page_shows_the_renewal_chain_checks_and_assessments(client_for, tree, rubric):
    first = make_effective(tree, signed_on=D(2021, 2, 8), term_start=D(2021, 3, 1))
    client = client_for("township_staff")
    response = client.post(
        reverse("contracts:contract_action", args=[first.pk, "renew"]),
        {"offer_on": "2024-01-05"},
    )
    second = CollectiveContract.objects.get(renewed_from=first)
    assert response["Location"] == second.get_absolute_url()

    url = reverse("contracts:check_add", args=[first.pk])
    response = client.post(
        url,
        {
            "checked_on": "2022-03-01",
            "checker": "劳动法律监督委员会",
            "result": "fulfilled",
            "findings": "工资按时发放",
        },
    )
    assert response.status_code == 302

    url = reverse("contracts:assessment_add", args=[first.pk])
    scores = {f"item_{item.pk}": "18" for item in rubric}
    response = client.post(
        url,
        {
            "assessed_on": "2022-04-01",
            "assessor": "县总工会",
            **scores,
            f"item_{rubric[0].pk}": "25",
        },
    )
    assert response.status_code == 200
    assert "20" in response.content.decode()  # the item's maximum
    assert not QualityAssessment.objects.exists()
    response = client.post(url, {"assessed_on": "2022-04-01", "assessor": "县总工会", **scores})
    assert response.status_code == 302
    assessment = QualityAssessment.objects.get()
    assert (assessment.total_score, assessment.max_total) == (Decimal(54), Decimal(100))

    html = client.get(first.get_absolute_url()).content.decode()
    chain = html[html.index('data-testid="renewal-chain"') :]
    chain = chain[: chain.index("</ol>")]
    assert chain.index(first.code) < chain.index(second.code)
    assert "劳动法律监督委员会" in html and "54.0 / 100.0" in html
    html = client.get(second.get_absolute_url()).content.decode()
    assert first.code in html


def test_leaders_see_no_buttons_and_no_history(client_for, tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8))
    html = client_for("leader").get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="action-' not in html and 'data-testid="history"' not in html
    html = client_for("auditor").get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="history"' in html


def test_the_list_filters_by_derived_status_and_flags(client_for, tree):
    today = timezone.localdate()
    expiring = make_effective(
        tree, signed_on=today - 400 * DAY, term_start=today - 330 * DAY, term_end=today + 30 * DAY
    )
    in_force = make_effective(tree, signed_on=today - 100 * DAY, years=3)
    overdue = offer(tree, offer_on=today - 30 * DAY)
    client = client_for("township_staff")

    def codes(query):
        html = client.get(reverse("contracts:contract_list") + query).content.decode()
        return {c.code for c in (expiring, in_force, overdue) if c.code in html}

    assert codes("?status=expiring") == {expiring.code}
    assert codes("?status=effective") == {in_force.code}
    assert codes("?status=negotiating") == {overdue.code}
    assert codes("?flag=reply_overdue") == {overdue.code}
    assert codes(f"?ends_to={(today + 60 * DAY).isoformat()}") == {expiring.code}
    assert codes(f"?employer={tree.employer_a1.pk}") == {expiring.code, in_force.code, overdue.code}
    assert codes(f"?township={tree.township_a.pk}") == {expiring.code, in_force.code, overdue.code}
    assert codes("?contract_type=wage") == set()
    client = client_for("county_admin")
    assert codes(f"?township={tree.township_b.pk}") == set()


def test_the_attention_page_counts_each_section_and_filters_by_township(client_for, extra):
    tree = extra
    today = timezone.localdate()
    make_effective(
        tree, signed_on=today - 400 * DAY, term_start=today - 330 * DAY, term_end=today + 30 * DAY
    )
    make_effective(
        tree,
        signed_on=today - 20 * DAY,
        submit_after=None,
        union=tree.union_b1,
        employer=tree.employer_b1,
    )
    client = client_for("county_admin")
    html = client.get(reverse("contracts:attention")).content.decode()

    def count(key, page):
        start = page.index(f'data-testid="count-{key}"')
        return int(page[page.index(">", start) + 1 : page.index("</span>", start)])

    assert count("expiring", html) == 1
    assert count("submission_overdue", html) == 1
    assert count("reply_overdue", html) == 0
    # employer_a2's joint union has none; employer_b1's is signed but not yet in force
    assert count("no_contract", html) == 2
    html = client.get(
        reverse("contracts:attention") + f"?township={tree.township_b.pk}&tab=submission_overdue"
    ).content.decode()
    assert count("expiring", html) == 0 and count("submission_overdue", html) == 1
    assert count("no_contract", html) == 1
    assert tree.employer_b1.name in html

    data = client.get("/api/contracts/attention/").json()
    assert (data["expiring"], data["submission_overdue"], data["no_contract"]) == (1, 1, 2)


# --- API --------------------------------------------------------------------------------------


def test_the_api_records_an_offer_and_moves_it_with_the_same_rules(client_for, tree):
    client = client_for("township_staff")
    data = {k: v for k, v in new_contract_data(tree).items() if v != ""}
    response = client.post("/api/contracts/", data, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["current_status"] == "negotiating" and body["covered_employers"] == [
        tree.employer_a1.pk
    ]
    url = f"/api/contracts/{body['id']}/"

    assert (
        client.post(url + "reply/", {"reply_on": "2024-01-20"}, "application/json").status_code
        == 200
    )
    response = client.post(
        url + "vote/",
        {"congress_on": "2024-02-01", "total": 30, "present": 30, "yes": 15},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "more than half" in str(response.json())
    response = client.post(
        url + "vote/",
        {"congress_on": "2024-02-01", "total": 30, "present": 30, "yes": 16},
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.post(url + "submit/", {"submitted_on": "2024-02-02"}, "application/json")
    assert response.status_code == 400 and "Cannot" in str(response.json())
    assert (
        client.post(url + "sign/", {"signed_on": "2024-02-02"}, "application/json").json()["status"]
        == "signed"
    )

    response = client.patch(url, {"union_reps": 11, "employer_reps": 11}, "application/json")
    assert response.status_code == 400 and "第20条" in str(response.json())
    response = client.patch(url, {"note": "已报县人社局"}, "application/json")
    assert response.status_code == 200 and response.json()["note"] == "已报县人社局"
    assert client.get("/api/contracts/?status=signed").json()["count"] == 1
    assert client.get("/api/contracts/?status=negotiating").json()["count"] == 0


def test_editing_a_regional_contract_changes_its_coverage_and_keeps_its_moves(client_for, extra):
    tree = extra
    contract = make_effective(
        tree,
        signed_on=D(2024, 2, 8),
        scope="regional",
        union=tree.township_a,
        employer=None,
        employer_side="城关镇商会",
        covered=[tree.employer_a1, tree.employer_a2],
    )
    client = client_for("township_staff")
    url = reverse("contracts:contract_edit", args=[contract.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "covered_employers"}
    data.update(covered_employers=[tree.employer_a2.pk], covered_workers="", note="调整覆盖范围")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    contract.refresh_from_db()
    assert contract.note == "调整覆盖范围"
    assert list(contract.coverage.values_list("employer_id", flat=True)) == [tree.employer_a2.pk]
    assert (contract.covered_employer_count, contract.covered_workers) == (1, 40)
    assert (contract.status, contract.signed_on) == (ContractStatus.EFFECTIVE, D(2024, 2, 8))

    data.update(covered_employers=[])
    response = client.post(url, data)
    assert response.status_code == 200 and "第53条" in response.content.decode()
    assert contract.coverage.count() == 1


def test_signing_is_offered_only_after_a_passing_congress_vote(client_for, tree):
    contract = offer(tree, offer_on=D(2024, 1, 10), term_start=D(2024, 3, 1))
    client = client_for("township_staff")
    page = client.get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="action-vote"' in page
    assert 'data-testid="action-sign"' not in page
    sign_url = reverse("contracts:contract_action", args=[contract.pk, "sign"])
    response = client.get(sign_url, follow=True)  # a typed link says why, on the contract
    assert response.redirect_chain[-1][0] == contract.get_absolute_url()
    assert "congress vote that passes the draft first" in response.content.decode()
    # posted anyway: the service refuses, nothing is signed
    response = client.post(sign_url, {"signed_on": "2024-02-01"})
    assert response.status_code == 200 and "第36条" in response.content.decode()
    assert CollectiveContract.objects.get().status == ContractStatus.NEGOTIATING

    client.post(
        reverse("contracts:contract_action", args=[contract.pk, "reply"]),
        {"reply_on": "2024-01-20"},
    )
    client.post(
        reverse("contracts:contract_action", args=[contract.pk, "vote"]),
        {"congress_on": "2024-01-25", "total": "30", "present": "25", "yes": "20"},
    )
    page = client.get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="action-sign"' in page


def test_a_renewed_contract_stays_in_force_and_is_not_offered_renewal_again(client_for, tree):
    old = make_effective(tree, signed_on=timezone.localdate() - 400 * DAY)
    client = client_for("township_staff")
    response = client.post(
        reverse("contracts:contract_action", args=[old.pk, "renew"]),
        {"offer_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    page = client.get(old.get_absolute_url()).content.decode()
    assert 'data-status="effective"' in page or 'data-status="expiring"' in page
    assert 'data-testid="action-renew"' not in page
    assert 'data-testid="action-terminate"' in page  # still running, so it can still end
