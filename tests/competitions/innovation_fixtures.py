"""Fixtures of the innovation tests (imported by each test module): model workers with and
without a qualifying honour, and builders of proposals, innovations, studios and entries
through the services."""

import datetime
from decimal import Decimal

import pytest

from apps.competitions.choices_innovation import (
    InnovationKind,
    ProposalCategory,
    StudioLevel,
    StudioType,
)
from apps.competitions.models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal
from apps.competitions.services import innovation as services
from apps.modelworkers.choices import HonourCategory, Level, RecipientKind
from apps.modelworkers.models import HonourType, ModelWorker
from apps.modelworkers.services import record_award
from apps.modelworkers.services.registry import save_worker

D = datetime.date
FIRST17 = ["11010119900307451", "11010119850713631", "11010119800101003", "11010119750505001"]


def id_number(n):
    from apps.core.validators import id_check_char

    return FIRST17[n] + id_check_char(FIRST17[n])


@pytest.fixture(autouse=True)
def _fast(fast_passwords):
    """Personas hashed cheaply."""


@pytest.fixture(autouse=True)
def _english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def honour_type(name, category, level, kind=RecipientKind.PERSON):
    found, _ = HonourType.objects.get_or_create(
        name=name, defaults={"category": category, "level": level, "recipient_kind": kind}
    )
    return found


def make_worker(tree, name, n, *, employer=None, org=None):
    worker = ModelWorker(
        name=name,
        id_number=id_number(n),
        org=org or tree.union_a1,
        employer=employer or tree.employer_a1,
        person_category=ModelWorker._meta.get_field("person_category").choices[0][0],
    )
    return save_worker(worker=worker, actor=None)


@pytest.fixture
def leaders(tree):
    """qualified: a 县劳动模范 of township A; unqualified: holds only 县技术能手, which a
    劳模创新工作室 does not accept; other: a 县劳动模范 of township B."""
    return make_leaders(tree)


def make_leaders(tree):
    county_model = honour_type("县劳动模范", HonourCategory.MODEL_WORKER, Level.COUNTY)
    county_expert = honour_type("县技术能手", HonourCategory.SKILL_EXPERT, Level.COUNTY)
    qualified = make_worker(tree, "王建国", 0)
    record_award(
        honour_type=county_model,
        actor=None,
        year=2020,
        conferred_on=D(2020, 4, 28),
        model_worker=qualified,
    )
    unqualified = make_worker(tree, "李技能", 1)
    record_award(
        honour_type=county_expert,
        actor=None,
        year=2021,
        conferred_on=D(2021, 4, 28),
        model_worker=unqualified,
    )
    other = make_worker(tree, "赵新庄", 2, employer=tree.employer_b1, org=tree.union_b1)
    record_award(
        honour_type=county_model,
        actor=None,
        year=2019,
        conferred_on=D(2019, 4, 28),
        model_worker=other,
    )
    return {"qualified": qualified, "unqualified": unqualified, "other": other}


def make_proposal(tree, *, org=None, employer=None, actor=None, **fields):
    org = org or tree.union_a1
    employer = (
        employer if employer is not None else (tree.employer_a1 if org == tree.union_a1 else None)
    )
    values = {
        "title": "优化纺纱工序",
        "proposers": "张三、李四",
        "category": ProposalCategory.TECHNOLOGY,
        "submitted_on": D(2023, 3, 1),
        **fields,
    }
    return services.save_proposal(
        proposal=Proposal(org=org, employer=employer, **values), actor=actor
    )


def make_innovation(tree, *, org=None, **fields):
    values = {
        "title": "自动穿纱器",
        "kind": InnovationKind.INVENTION,
        "people": "王五",
        "year": 2023,
        "benefit": Decimal("50000"),
        **fields,
    }
    return services.record_innovation(
        innovation=Innovation(org=org or tree.union_a1, **values), actor=None
    )


def make_studio(tree, leader, *, org=None, employer=None, named_on=None, subsidy=0, **fields):
    values = {
        "name": f"{leader.name}劳模创新工作室",
        "studio_type": StudioType.MODEL_WORKER,
        "level": StudioLevel.COUNTY,
        **fields,
    }
    studio = services.save_studio(
        studio=InnovationStudio(
            org=org or tree.union_a1,
            host_employer=employer or tree.employer_a1,
            leader=leader,
            **values,
        ),
        actor=None,
    )
    if named_on:
        studio = services.name_studio(
            studio=studio,
            actor=None,
            named_on=named_on,
            doc_no="清工发〔2023〕1号",
            subsidy=Decimal(subsidy),
        )
    return studio


def make_entry(employer, year, workers=100, teams=5, **fields):
    return services.save_ankang_entry(
        entry=AnkangEntry(employer=employer, year=year, workers=workers, teams=teams, **fields),
        actor=None,
    )
