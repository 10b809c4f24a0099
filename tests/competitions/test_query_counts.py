"""Query-count guards: every list, export and API list needs the same queries for N and 3N
records."""

import datetime

import pytest
from django.urls import reverse

from apps.competitions.choices import AwardeeKind, AwardTitle, CompetitionType
from apps.competitions.models import Competition, CompetitionAward, Participation
from apps.core.models import Employer
from tests.pages import count_queries

pytestmark = pytest.mark.django_db


def add(tree, n, start):
    employers = Employer.objects.bulk_create(
        Employer(name=f"参赛企业{i}", nature="170", township=tree.township_a, headcount=10)
        for i in range(start, start + n)
    )
    competitions = Competition.objects.bulk_create(
        Competition(
            name=f"竞赛{i}",
            competition_type=CompetitionType.KEY_PROJECT,
            organiser=tree.township_a,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
        for i in range(start, start + n)
    )
    Participation.objects.bulk_create(
        Participation(competition=c, employer=e, workers=5)
        for c, e in zip(competitions, employers, strict=True)
    )
    CompetitionAward.objects.bulk_create(
        CompetitionAward(
            competition=c,
            awardee_kind=AwardeeKind.UNIT,
            title=AwardTitle.WINNING_UNIT,
            employer=e,
            awarded_on=datetime.date(2025, 12, 1),
        )
        for c, e in zip(competitions, employers, strict=True)
    )


URLS = [
    reverse("competitions:competition_list") + "?size=100",
    reverse("competitions:competition_export"),
    reverse("competitions:participation_list") + "?size=100",
    reverse("competitions:participation_export"),
    reverse("competitions:award_list") + "?size=100",
    reverse("competitions:award_export"),
    reverse("competition-list"),
    reverse("competition-participation-list"),
    reverse("competition-award-list"),
]


@pytest.mark.parametrize("url", URLS)
def test_same_queries_for_n_and_3n(tree, personas, client_for, url):
    client = client_for("county_admin")
    add(tree, 5, 0)
    few, _ = count_queries(client, url)
    add(tree, 10, 100)
    many, _ = count_queries(client, url)
    assert few == many, url


def test_the_competition_page_needs_the_same_queries_for_n_and_3n_employers(tree, client_for):
    client = client_for("county_admin")
    from .conftest import enter, make_competition

    comp = make_competition(tree.township_a)
    url = reverse("competitions:competition_detail", args=[comp.pk])
    for i in range(3):
        enter(
            comp, Employer.objects.create(name=f"甲{i}", nature="170", township=tree.township_a), 3
        )
    few, _ = count_queries(client, url)
    for i in range(6):
        enter(
            comp, Employer.objects.create(name=f"乙{i}", nature="170", township=tree.township_a), 3
        )
    assert count_queries(client, url)[0] == few
