"""What the aid pages share: the scoped record or 404, and who sees sensitive fields.

Health, disability, income, bank and ID numbers are sensitive personal information. What is
sensitive and how it is masked is declared once, in `apps.aid.masking` (read here when it is
there), else the portal's rule (`apps.core.masking`) masks the ID number and phone."""

import importlib

from django.shortcuts import get_object_or_404

from apps.core import masking as core_masking

HIDDEN = "***"


def _masking():
    try:
        return importlib.import_module("apps.aid.masking")
    except ModuleNotFoundError:
        return None


def can_reveal(user):
    module = _masking()
    return (module or core_masking).can_reveal(user)


DISPLAYED = (
    "id_number",
    "phone",
    "bank_account",
    "health",
    "disability_type",
    "disability_grade",
    "monthly_income",
    "other_annual_income",
    "household_annual_income",
    "rigid_expenses",
    "per_capita_monthly",
)


def shown(record, user, *, revealed=False):
    """{field: value as shown} for the sensitive fields of a file or a family member: choices
    by their label, masked unless `revealed` (a logged reveal, `reveals.reveal_file`) by a
    user with the reveal right; a page opens masked for every role."""
    data = {}
    for name in DISPLAYED:
        if not hasattr(record, name):
            continue
        display = getattr(record, f"get_{name}_display", None)
        data[name] = display() if display else getattr(record, name)
    reveal = revealed and can_reveal(user)
    module = _masking()
    if module is not None:
        return module.mask_values(data, list(data), reveal=reveal, amount=HIDDEN)
    if not reveal:
        data["id_number"] = core_masking.shown_id_number(record.id_number, False)
        if "phone" in data:
            data["phone"] = core_masking.shown_phone(record.phone, False)
    return data


def scoped(model, request, pk, queryset=None):
    """The record the user may see, else 404 (another township's record does not exist)."""
    if queryset is None:
        queryset = model.objects.visible_to(request.user)
    return get_object_or_404(queryset, pk=pk)
