"""Aid fixtures on the shared small tree (tests/conftest.py): the county's 低保标准 for 2025
(urban 800 元, rural 600 元 a month), households, and a 送温暖 programme. Helpers that build
files through the services are in helpers.py."""

from decimal import Decimal

import pytest

from apps.aid import services
from apps.aid.choices import FundSource, ProgrammeKind, StandardArea
from apps.aid.models import AidProgramme, LowIncomeStandard


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
def standards(tree):
    made = {}
    for year in (2025, 2026):
        for area, amount in ((StandardArea.URBAN, "800"), (StandardArea.RURAL, "600")):
            made[(year, area)] = services.save_standard(
                standard=LowIncomeStandard(
                    org=tree.county, year=year, area=area, monthly_amount=Decimal(amount)
                ),
                actor=None,
            )
    return made


@pytest.fixture
def programme(tree):
    return services.save_programme(
        programme=AidProgramme(
            org=tree.county,
            year=2025,
            kind=ProgrammeKind.WINTER_WARMTH,
            name="2025年元旦春节送温暖",
            budget=Decimal("100000"),
            standard_amount=Decimal("2500"),
            fund_sources=[FundSource.CENTRAL, FundSource.UNION_OWN],
        ),
        actor=None,
    )
