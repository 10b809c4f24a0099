"""The category the income suggests (< 低保 → 深度困难, < 2 × 低保 → 相对困难), exactly at the
boundaries, and a category against the suggestion refused without a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.aid import rules, services
from apps.aid.choices import Category, HouseholdType, StandardArea
from apps.aid.models import FileStep, HardshipFile, LowIncomeStandard
from tests.aid.helpers import apply, household

STANDARD = Decimal("800")


@pytest.mark.parametrize(
    ("income", "size", "expected"),
    [
        ("19199.99", 2, Category.DEEP),  # just below 低保 (800 × 12 × 2 = 19 200)
        ("19200", 2, Category.RELATIVE),  # = 低保: not below it
        ("38399.99", 2, Category.RELATIVE),  # just below 2 × 低保
        ("38400", 2, None),  # = 2 × 低保: neither
        ("0", 1, Category.DEEP),
    ],
)
def test_suggested_category_at_the_boundaries(income, size, expected):
    assert rules.suggested_category(Decimal(income), 0, size, STANDARD) == expected


def test_rigid_expenses_are_deducted_before_comparing():
    # 30 000 − 10 800 = 19 200 for two people: exactly the standard.
    assert rules.suggested_category(30000, 10800, 2, STANDARD) == Category.RELATIVE
    assert rules.suggested_category(30000, 10800.01, 2, STANDARD) == Category.DEEP
    # Expenses above the income count as no income, not as a negative one.
    assert rules.per_capita_monthly(1000, 5000, 1) == Decimal("0.00")


def test_rounding_of_the_per_capita_figure_cannot_cross_a_boundary():
    # 28 799.99 ÷ 12 ÷ 3 = 799.9997…, shown as 800.00, but below the standard.
    assert rules.per_capita_monthly(Decimal("28799.99"), 0, 3) == Decimal("800.00")
    assert rules.suggested_category(Decimal("28799.99"), 0, 3, STANDARD) == Category.DEEP


def test_accident_above_twice_the_standard_needs_no_reason():
    assert not rules.contradicts(Category.ACCIDENT, None)
    assert rules.contradicts(Category.ACCIDENT, Category.DEEP)
    assert rules.contradicts(Category.RELATIVE, None)


@pytest.mark.parametrize(("income", "expected"), [("28800", Category.RELATIVE), ("57600", None)])
def test_a_file_at_a_boundary_is_suggested_the_category_above_it(tree, standards, income, expected):
    """Three people at exactly 低保 (28 800 a year) and exactly 2 × 低保, through the service."""
    file = apply(
        tree.union_a1, 1, income=income, category=Category.ACCIDENT, category_reason="火灾"
    )
    assert file.suggested_category == (expected or "")
    assert file.low_income_standard == STANDARD
    assert file.per_capita_monthly == Decimal(income) / 36


def test_a_category_against_the_income_is_refused_without_a_reason(tree, standards):
    with pytest.raises(ValidationError) as refused:
        apply(tree.union_a1, 1, income="28800", category=Category.DEEP)
    assert "category_reason" in refused.value.message_dict
    assert "Relative hardship" in refused.value.message_dict["category_reason"][0]
    assert not HardshipFile.objects.exists() and not FileStep.objects.exists()

    file = apply(
        tree.union_a1, 1, income="28800", category=Category.DEEP, category_reason="患尿毒症长期透析"
    )
    assert (file.category, file.suggested_category) == (Category.DEEP, Category.RELATIVE)
    assert file.category_reason == "患尿毒症长期透析"


def test_the_suggested_category_is_kept_without_a_reason(tree, standards):
    file = apply(tree.union_a1, 1, income="12000", category=Category.DEEP, category_reason="x")
    assert file.category_reason == ""  # nothing to explain


def test_no_standard_for_the_year_refuses_the_application(tree):
    with pytest.raises(ValidationError) as refused:
        apply(tree.union_a1, 1)
    assert "2025" in refused.value.message_dict["category"][0]


def test_an_agricultural_household_is_measured_against_the_rural_standard(tree, standards):
    # 600 × 12 × 3 = 21 600: below the urban line (28 800), at the rural one.
    file = apply(
        tree.union_a1,
        1,
        income="21600",
        category=Category.RELATIVE,
        household_type=HouseholdType.AGRICULTURAL,
    )
    assert (file.low_income_standard, file.suggested_category) == (
        Decimal("600"),
        Category.RELATIVE,
    )


def test_a_township_standard_takes_precedence_over_the_county(tree, standards):
    services.save_standard(
        standard=LowIncomeStandard(
            org=tree.township_a, year=2025, area=StandardArea.URBAN, monthly_amount=900
        ),
        actor=None,
    )
    a = apply(tree.union_a1, 1, income="28800", category=Category.DEEP)  # 28 800 < 32 400
    b = apply(tree.union_b1, 2, income="28800", category=Category.RELATIVE)
    assert (a.low_income_standard, a.suggested_category) == (Decimal("900"), Category.DEEP)
    assert (b.low_income_standard, b.suggested_category) == (Decimal("800"), Category.RELATIVE)


def test_only_the_county_admin_sets_the_standard(tree, personas, standards):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_standard(
            standard=LowIncomeStandard(
                org=tree.township_a, year=2025, area=StandardArea.URBAN, monthly_amount=900
            ),
            actor=personas["township_staff"],
        )
    with pytest.raises(ValidationError) as twice:
        services.save_standard(
            standard=LowIncomeStandard(
                org=tree.county, year=2025, area=StandardArea.URBAN, monthly_amount=900
            ),
            actor=personas["county_admin"],
        )
    assert "year" in twice.value.message_dict


def test_household_checks(tree, standards):
    file = household(tree.union_a1, 1, size=1)
    from tests.aid.helpers import relative

    errors = rules.file_errors(file, [relative(2)])
    assert "household_size" in errors
    file = household(tree.union_a1, 1, main_cause="3", secondary_causes=["3", "6"])
    assert "secondary_causes" in rules.file_errors(file, [])


def test_bad_values_are_refused_with_the_field_named(tree, standards):
    with pytest.raises(ValidationError) as unknown:
        apply(tree.union_a1, 1, category="poor")
    assert "category" in unknown.value.message_dict
    with pytest.raises(ValidationError) as negative:
        apply(tree.union_a1, 1, rigid_expenses=Decimal("-1"))
    assert "rigid_expenses" in negative.value.message_dict
    first = apply(tree.union_a1, 1)
    with pytest.raises(ValidationError) as taken:
        apply(tree.union_a1, 2, file_no=first.file_no)
    assert "file_no" in taken.value.message_dict
    assert HardshipFile.objects.count() == 1
