"""Model-worker fixtures on the shared small tree (tests/conftest.py): the standard honour types,
and helpers that build files and awards through the services."""

import datetime

import pytest

from apps.modelworkers import reference, services
from apps.modelworkers.choices import CollectiveKind, PersonCategory
from apps.modelworkers.models import Collective, HonourType, ModelWorker

# Valid 18-digit ID numbers (check digits computed), men and women born 1965-1990.
IDS = [
    "110105196503150012",
    "110105197208210028",
    "110105198011300035",
    "110105198504120041",
    "110105199001010057",
]


@pytest.fixture(autouse=True)
def _fast_passwords(fast_passwords):
    """Personas hashed cheaply."""


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked in the source language (English)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def honour_types(db):
    reference.load()
    return {t.name: t for t in HonourType.objects.all()}


def id_number(n, birth="19800101", sex="1"):
    """A valid ID number for the n-th test person."""
    from apps.core.validators import id_check_char

    first17 = f"110105{birth}{n % 100:02d}{sex}"
    return first17 + id_check_char(first17)


def make_worker(org, name="王建国", n=1, actor=None, **fields):
    fields.setdefault("person_category", PersonCategory.FRONTLINE)
    return services.save_worker(
        worker=ModelWorker(org=org, name=name, id_number=id_number(n), **fields), actor=actor
    )


def make_collective(org, name="一号机组班", kind=CollectiveKind.TEAM, actor=None, **fields):
    return services.save_collective(
        collective=Collective(org=org, name=name, kind=kind, **fields), actor=actor
    )


def award(honour_type, year=2024, actor=None, **recipient):
    return services.record_award(
        honour_type=honour_type,
        actor=actor,
        year=year,
        conferred_on=datetime.date(year, 4, 28),
        document_no=f"县发〔{year}〕12号",
        **recipient,
    )
