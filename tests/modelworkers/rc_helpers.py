"""Building nomination rounds and care records through the services, as staff would; the
fixtures the rounds' and care ledger's tests share (messages in English, cheap passwords)."""

import datetime
from decimal import Decimal

import pytest

from apps.modelworkers.choices import HonourCategory, Level, PersonCategory, RecipientKind
from apps.modelworkers.models import HonourType, ModelWorker
from apps.modelworkers.models.care import CareKind, FundLevel
from apps.modelworkers.models.rounds import NominationRound
from apps.modelworkers.services import care as care_services
from apps.modelworkers.services import rounds as round_services
from apps.modelworkers.services.registry import save_worker
from tests.membership.helpers import id_number

D = datetime.date
JAN_20 = D(2025, 1, 20)
SUBMITTED, NOTICE_FROM, NOTICE_TO = D(2025, 4, 1), D(2025, 4, 10), D(2025, 4, 16)


@pytest.fixture(autouse=True)
def _fast(fast_passwords):
    """Personas hashed cheaply."""


@pytest.fixture(autouse=True)
def _english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def honour_type(name="县劳动模范", level=Level.COUNTY):
    found = HonourType.objects.filter(name=name).first()
    if found:
        return found
    return HonourType.objects.create(
        name=name,
        category=HonourCategory.MODEL_WORKER,
        level=level,
        conferring_body="县委县政府",
        recipient_kind=RecipientKind.PERSON,
        treatment_level=level,
    )


def worker(org, serial, *, name="张建国", category=PersonCategory.FRONTLINE, female=False):
    """A model worker's file kept by `org`, saved through the registry's service."""
    return save_worker(
        worker=ModelWorker(
            org=org,
            name=name,
            id_number=id_number(serial + 500, male=not female),
            person_category=category,
            work_unit="宏达纺织有限公司",
        ),
        actor=None,
    )


def open_round(org, *, quota=10, year=2025, **rules):
    return round_services.save_round(
        round_=NominationRound(
            org=org,
            honour_type=honour_type(),
            year=year,
            name=f"{year}年县劳动模范推荐评选",
            quota=quota,
            **{k: Decimal(str(v)) for k, v in rules.items()},
        ),
        actor=None,
        opened_on=D(year, 3, 1),
    )


def recommend(
    round_, union, serial, *, category=PersonCategory.FRONTLINE, female=False, name=None, actor=None
):
    """A new person recommended by `union` (sex from the ID number)."""
    return round_services.add_candidate(
        round_=round_,
        actor=actor,
        recommended_by=union,
        name=name or f"候选人{serial}",
        id_number=id_number(serial + 2000, male=not female),
        person_category=category,
        employer_name="宏达纺织有限公司",
    )


def give(mw, kind=CareKind.SPRING_FESTIVAL, day=JAN_20, amount="1000", actor=None, **extra):
    return care_services.record_care(
        actor=actor,
        model_worker=mw,
        kind=kind,
        given_on=day,
        amount=Decimal(amount),
        fund_level=FundLevel.UNION,
        **extra,
    )


def through_publicity(round_, *, submitted=SUBMITTED, start=NOTICE_FROM, end=NOTICE_TO):
    round_services.submit_round(round_=round_, actor=None, submitted_on=submitted)
    round_services.start_publicity(
        round_=round_, actor=None, publicity_from=start, publicity_to=end
    )
    return NominationRound.objects.get(pk=round_.pk)
