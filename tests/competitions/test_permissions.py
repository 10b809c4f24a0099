"""Permission matrix: every competitions page and API route, for every persona.

In scope → 200; another township's competition → 404 (as if it did not exist); leaders and
auditors → 403 on writes; anonymous → login redirect (web) or 401 (API)."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.competitions.choices import CompetitionType
from apps.competitions.models import Contestant, SkillsContest

from .conftest import enter, make_competition

READ_ONLY = ("leader", "auditor")
pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(tree):
    mine = make_competition(tree.township_a, competition_type=CompetitionType.SKILLS_CONTEST)
    theirs = make_competition(tree.township_b, name="新庄镇技能大赛")
    for competition, employer in ((mine, tree.employer_a1), (theirs, tree.employer_b1)):
        enter(competition, employer, 10)
        contest = SkillsContest.objects.create(competition=competition, trade="焊工")
        Contestant.objects.create(contest=contest, name="赵工", employer=employer)
    return mine, theirs


def reads(competition):
    contest = competition.contests.get()
    return {
        "list": reverse("competitions:competition_list"),
        "list filtered": reverse("competitions:competition_list") + "?year=2025&status=planning",
        "export": reverse("competitions:competition_export"),
        "participants": reverse("competitions:participation_list") + "?non_public=true",
        "participants export": reverse("competitions:participation_export"),
        "awards": reverse("competitions:award_list"),
        "awards export": reverse("competitions:award_export"),
        "detail": reverse("competitions:competition_detail", args=[competition.pk]),
        "contest": reverse("competitions:contest_detail", args=[contest.pk]),
        "template": reverse("core:import_template", args=["competition_participants"]),
        "api list": reverse("competition-list"),
        "api detail": reverse("competition-detail", args=[competition.pk]),
        "api participations": reverse("competition-participations", args=[competition.pk]),
        "api awards": reverse("competition-awards", args=[competition.pk]),
        "api contests": reverse("competition-contests", args=[competition.pk]),
        "api all participations": reverse("competition-participation-list"),
        "api all awards": reverse("competition-award-list"),
        "api contestants": reverse("competition-contest-contestants", args=[contest.pk]),
        "api results": reverse("competition-contest-results", args=[contest.pk]),
    }


def writes(competition):
    contest = competition.contests.get()
    entry = competition.participations.get()
    return {
        "add": reverse("competitions:competition_add"),
        "edit": reverse("competitions:competition_edit", args=[competition.pk]),
        "project": reverse("competitions:project_add", args=[competition.pk]),
        "participation": reverse("competitions:participation_add", args=[competition.pk]),
        "participation edit": reverse(
            "competitions:participation_edit", args=[competition.pk, entry.pk]
        ),
        "participant": reverse("competitions:participant_add", args=[competition.pk]),
        "award": reverse("competitions:award_add", args=[competition.pk]),
        "contest add": reverse("competitions:contest_add", args=[competition.pk]),
        "contestant": reverse("competitions:contestant_add", args=[contest.pk]),
        "result": reverse("competitions:result_add", args=[contest.pk]),
    }


RECORD = {
    "edit",
    "project",
    "participation",
    "participation edit",
    "participant",
    "award",
    "contest add",
    "contestant",
    "result",
}
RECORD_READS = {
    "detail",
    "contest",
    "api detail",
    "api participations",
    "api awards",
    "api contests",
    "api contestants",
    "api results",
}


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_reads_answer_200(client_for, pair, persona):
    client = client_for(persona)
    for name, url in reads(pair[0]).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", ["county_admin", "township_staff"])
def test_staff_open_every_write_page(client_for, pair, persona):
    client = client_for(persona)
    for name, url in writes(pair[0]).items():
        assert client.get(url).status_code == 200, name


def test_another_townships_records_answer_404(client_for, pair):
    client = client_for("township_staff")
    theirs = pair[1]
    for name, url in reads(theirs).items():
        if name in RECORD_READS:
            assert client.get(url).status_code == 404, name
    for name, url in writes(theirs).items():
        if name in RECORD:
            assert client.get(url).status_code == 404, name
            assert client.post(url, {}).status_code == 404, name
    advance = reverse("competitions:competition_advance", args=[theirs.pk])
    assert client.post(advance, {"to": "launched"}).status_code == 404
    api = reverse("competition-advance", args=[theirs.pk])
    assert client.post(api, {"to": "launched"}, content_type="application/json").status_code == 404


def test_lists_show_only_the_scope(client_for, pair):
    from tests.pages import table_rows

    client = client_for("township_staff")
    page = client.get(reverse("competitions:competition_list"))
    assert table_rows(page, "competition-table") == 1
    page = client.get(reverse("competitions:participation_list"))
    assert table_rows(page, "participation-table") == 1
    assert len(client.get(reverse("competition-list")).json()["results"]) == 1


@pytest.mark.parametrize("persona", READ_ONLY)
def test_readers_cannot_write(client_for, pair, persona):
    client = client_for(persona)
    for name, url in writes(pair[0]).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {}).status_code == 403, name
    advance = reverse("competitions:competition_advance", args=[pair[0].pk])
    assert client.post(advance, {"to": "launched"}).status_code == 403
    api = client.post(reverse("competition-list"), {}, content_type="application/json")
    assert api.status_code == 403


def test_anonymous_goes_to_login_or_gets_401(pair):
    client = Client()
    for name, url in {**reads(pair[0]), **writes(pair[0])}.items():
        answer = client.get(url)
        expected = 401 if name.startswith("api") else 302
        assert answer.status_code in (expected, 403 if expected == 401 else 302), name


def test_malformed_filters_answer_400_not_500(client_for, pair):
    client = client_for("township_staff")
    for url in (
        reverse("competition-list") + "?year=-6.1e-05",
        reverse("competition-list") + "?year=99999999999",
        reverse("competition-participation-list") + "?competition=-15686075181873478",
        reverse("competition-participation-list") + "?workers_min=-581&year=3.18e%2B16",
        reverse("competition-award-list") + "?competition=1e30",
    ):
        assert client.get(url).status_code == 400, url
    page = client.get(reverse("competitions:competition_list") + "?year=3.18e%2B16")
    assert page.status_code == 200
