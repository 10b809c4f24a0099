"""Which parts of a hardship file are sensitive personal information, and how they are shown to
someone who may not reveal them: the one declaration every response type reads.

Under PIPL a household's health, disabilities, incomes, bank account and ID numbers are
敏感个人信息, and the 困难职工档案 rules keep files "一般只用于工会系统工作查阅". So:

- lists and exports mask them for every role, the county administrator included (HTML lists,
  the API's lists, the default .xlsx exports): ID numbers and phones as 110105********002X /
  138****5678, a bank card as its last four digits, incomes as no value, health, disability
  and illness as "***";
- a file's page and the API's detail mask them too, for anyone without the reveal right
  (`apps.core.masking.can_reveal`: the county administrator, or the
  `membership.reveal_identity` permission); a user with it sees them in full by a logged
  reveal (`reveals.py`: the "Reveal" button on the page; a read of one file through the API);
- an export with the sensitive columns in full is a separate, logged choice for users with the
  reveal right (`reveals.record_full_export`);
- the change history masks them for everyone (`history_masks`, read by `apps.core.history`),
  as the member's history does: old values are as sensitive as the current ones.

This module imports no model, so the models can read their `history_masks` from here.
"""

from apps.core.masking import can_reveal
from apps.core.validators import mask_id_number, mask_phone

HIDDEN = "***"


def mask_bank_account(value):
    """A bank card number as its last four digits: ************1234."""
    value = str(value or "").replace(" ", "")
    if not value:
        return ""
    return "*" * max(len(value) - 4, 4) + value[-4:]


def hide(value):
    return HIDDEN if value not in (None, "") else ""


# Text shown masked, by field: how each is masked.
TEXT_MASKS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "bank_account": mask_bank_account,
    "health": hide,
    "disability_type": hide,
    "disability_grade": hide,
    "student_id_number": mask_id_number,
    "illness": hide,
}
# Amounts shown as no value at all (a masked number would still be a number).
AMOUNTS = (
    "monthly_income",
    "other_annual_income",
    "household_annual_income",
    "rigid_expenses",
    "per_capita_monthly",
)

# A household's file: its own text fields (the student's number and the illness are other
# records' fields) and its amounts.
FILE_SENSITIVE = (
    "id_number",
    "phone",
    "bank_account",
    "health",
    "disability_type",
    "disability_grade",
    *AMOUNTS,
)
MEMBER_SENSITIVE = ("id_number", "health", "disability_type", "disability_grade", "monthly_income")
SCHOOL_AID_SENSITIVE = ("student_id_number",)  # a 金秋助学 application's student
CLAIM_SENSITIVE = ("id_number", "illness")  # a 医疗互助 claim's member and illness

# For the change history (`history_masks`): every value is a display string there.
FILE_HISTORY_MASKS = {
    **TEXT_MASKS,
    **{name: hide for name in AMOUNTS},
}
MEMBER_HISTORY_MASKS = {name: FILE_HISTORY_MASKS[name] for name in MEMBER_SENSITIVE}
SCHOOL_AID_HISTORY_MASKS = {name: FILE_HISTORY_MASKS[name] for name in SCHOOL_AID_SENSITIVE}
CLAIM_HISTORY_MASKS = {name: FILE_HISTORY_MASKS[name] for name in CLAIM_SENSITIVE}


def mask_values(data, fields, *, reveal, amount=None):
    """`data` ({field: value}, e.g. a serializer's output or an export row) with the
    sensitive `fields` masked unless `reveal`; amounts become `amount` (None in the API, empty
    in a sheet)."""
    if reveal:
        return data
    for name in fields:
        if name not in data:
            continue
        if name in AMOUNTS:
            data[name] = amount
        else:
            data[name] = TEXT_MASKS[name](data[name])
    return data


__all__ = [
    "CLAIM_SENSITIVE",
    "FILE_SENSITIVE",
    "MEMBER_SENSITIVE",
    "SCHOOL_AID_SENSITIVE",
    "can_reveal",
    "mask_bank_account",
    "mask_values",
]
