"""An award that is an honour is recorded once, in the model-worker registry, and shows in both
apps as that one record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.competitions import services
from apps.competitions.choices import AwardeeKind, CompetitionStatus
from apps.competitions.models import CompetitionAward
from apps.modelworkers.choices import HonourCategory, Level, RecipientKind
from apps.modelworkers.models import Collective, HonourAward, HonourType
from tests.pages import table_rows

from .conftest import advance_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def pioneer(db):
    return HonourType.objects.create(
        name="县级工人先锋号",
        category=HonourCategory.PIONEER,
        level=Level.COUNTY,
        conferring_body="清河县总工会",
        recipient_kind=RecipientKind.TEAM,
    )


def _team_award(comp, tree, honour, **fields):
    values = {
        "competition": comp,
        "awardee_kind": AwardeeKind.TEAM,
        "honour_type": honour,
        "employer": tree.employer_a1,
        "team_name": "织造车间甲班",
        "awarded_on": datetime.date(2025, 11, 20),
        "document_no": "清工发〔2025〕12号",
        **fields,
    }
    return CompetitionAward(**values)


def test_an_honour_award_is_one_record_in_both_apps(tree, comp, pioneer, client_for):
    comp = advance_to(comp, CompetitionStatus.COMMENDING)
    award = services.give_award(award=_team_award(comp, tree, pioneer), actor=None)
    assert HonourAward.objects.count() == 1
    honour = HonourAward.objects.get()
    assert award.honour_award == honour
    assert honour.collective.name == "宏达纺织有限公司织造车间甲班"
    assert honour.honour_type == pioneer
    assert Collective.objects.count() == 1

    client = client_for("county_admin")
    ours = client.get(reverse("competitions:award_list"))
    assert table_rows(ours, "award-table") == 1
    assert "县级工人先锋号" in ours.content.decode()
    theirs = client.get(reverse("modelworkers:award_list"))
    assert theirs.status_code == 200
    assert theirs.content.decode().count("织造车间甲班") == 1


def test_a_refused_honour_award_leaves_nothing_in_either_app(tree, comp, pioneer):
    comp = advance_to(comp, CompetitionStatus.COMMENDING)
    late = _team_award(comp, tree, pioneer, awarded_on=datetime.date(2026, 1, 5))
    with pytest.raises(ValidationError, match="within the competition's period"):
        services.give_award(award=late, actor=None)
    assert not HonourAward.objects.exists()
    assert not Collective.objects.exists()
    assert not CompetitionAward.objects.exists()


def test_an_honour_goes_to_whom_its_type_is_conferred_on(tree, comp, pioneer):
    comp = advance_to(comp, CompetitionStatus.COMMENDING)
    award = _team_award(comp, tree, pioneer, awardee_kind=AwardeeKind.PERSON, person_name="王")
    with pytest.raises(ValidationError, match="conferred on"):
        services.give_award(award=award, actor=None)
    assert not HonourAward.objects.exists()
