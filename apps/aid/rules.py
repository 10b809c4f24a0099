"""The rules a hardship file must meet, shared by the form, the API, the import and the services
(which check them again inside their transaction). Each `*_errors` function returns
{field: [messages]}; empty means the file passes.

The category (中华全国总工会《关于做好困难职工帮扶工作的意见》 and the provinces' 认定办法):

- 家庭月人均收入 = (家庭年度总收入 − 年度刚性支出) ÷ 12 ÷ 家庭共同生活人口 (never below zero);
- 深度困难 when it is below the local 低保标准, 相对困难 when it is below twice the standard
  (so exactly the standard is 相对困难, exactly twice is neither);
- 意外致困 follows from a sudden event, not from income: it is what a household above twice
  the standard may be filed as;
- staff confirm the suggestion or choose otherwise with a reason.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .choices import Category, HouseholdType, StandardArea

CENT = Decimal("0.01")


class Errors(dict):
    def add(self, field, message):
        self.setdefault(field, []).append(str(message))


def net_annual_income(annual_income, rigid_expenses):
    """The household's income after rigid expenses, never below zero."""
    return max(Decimal(annual_income or 0) - Decimal(rigid_expenses or 0), Decimal(0))


def per_capita_monthly(annual_income, rigid_expenses, household_size):
    """家庭月人均收入 in yuan, to the fen (shown and stored; the category compares exactly)."""
    net = net_annual_income(annual_income, rigid_expenses)
    return (net / 12 / household_size).quantize(CENT, rounding=ROUND_HALF_UP)


def suggested_category(annual_income, rigid_expenses, household_size, standard):
    """深度困难 below the standard, 相对困难 below twice it, else None (no income category).

    Compared on the year's totals (net < standard × 12 × people), so no rounding of the
    per-capita figure can move a household across a boundary."""
    if standard is None:
        return None
    net = net_annual_income(annual_income, rigid_expenses)
    line = Decimal(standard) * 12 * household_size
    if net < line:
        return Category.DEEP
    if net < 2 * line:
        return Category.RELATIVE
    return None


def contradicts(category, suggestion):
    """Whether a chosen category goes against the income's suggestion (then a reason is due)."""
    if category == suggestion:
        return False
    # Above twice the standard only a sudden event makes hardship: 意外致困 is the expected one.
    return not (category == Category.ACCIDENT and suggestion is None)


def standard_area(household_type):
    """Agricultural households are measured against the rural standard."""
    if household_type == HouseholdType.AGRICULTURAL:
        return StandardArea.RURAL
    return StandardArea.URBAN


def category_errors(category, suggestion, reason):
    errors = Errors()
    if category not in Category.values:
        errors.add("category", _("Choose the hardship category."))
    elif contradicts(category, suggestion) and not (reason or "").strip():
        suggested = (
            Category(suggestion).label if suggestion else _("none (above twice the standard)")
        )
        errors.add(
            "category_reason",
            _("The income suggests %(suggested)s: give the reason for choosing %(chosen)s.")
            % {"suggested": suggested, "chosen": Category(category).label},
        )
    return errors


def file_errors(file, family):
    """The household's own fields and its members (any status)."""
    errors = Errors()
    if not file.household_size or file.household_size < 1:
        errors.add("household_size", _("A household has at least one member."))
    elif len(family) + 1 > file.household_size:
        errors.add(
            "household_size",
            _("More people are listed (%(listed)d) than live in the household (%(size)d).")
            % {"listed": len(family) + 1, "size": file.household_size},
        )
    for field in (
        "monthly_income",
        "other_annual_income",
        "household_annual_income",
        "rigid_expenses",
    ):
        if getattr(file, field) is None or Decimal(getattr(file, field)) < 0:
            errors.add(field, _("Enter an amount of zero or more."))
    for member in family:
        if member.monthly_income is None or Decimal(member.monthly_income) < 0:
            errors.add("family", _("Enter an amount of zero or more."))
    secondary = list(file.secondary_causes or [])
    if len(secondary) > 3:
        errors.add("secondary_causes", _("At most three secondary causes."))
    if len(set(secondary)) != len(secondary):
        errors.add("secondary_causes", _("A secondary cause is listed twice."))
    if file.main_cause and file.main_cause in secondary:
        errors.add("secondary_causes", _("The main cause cannot also be a secondary cause."))
    if bool(file.disability_type) != bool(file.disability_grade):
        errors.add("disability_grade", _("Give both the disability type and its grade."))
    if Decimal(file.rigid_expenses or 0) > 0 and not file.household_annual_income:
        errors.add("household_annual_income", _("Enter the household's annual income."))
    numbers = [file.id_number, *(m.id_number for m in family)]
    if len(set(numbers)) != len(numbers):
        errors.add("family", _("The same ID number is listed twice in the household."))
    for member in family:
        if bool(member.disability_type) != bool(member.disability_grade):
            errors.add("family", _("Give both the disability type and its grade."))
    return errors
