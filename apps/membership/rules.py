"""The checks a member's record must pass, shared by the web form, the API and the roster
import, so a row of a ledger is held to exactly the rules of the form.

`clean_member(data)` takes model field values already typed (dates as dates, codes as codes)
and returns (cleaned values, {field: [messages]}). It fills birth date and sex from a resident
ID number; where the sheet or form gives them too, they must agree with the number.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.validators import (
    EARLIEST_DATE,
    id_birth_date,
    id_sex,
    normalize_id_number,
    normalize_text,
    validate_id_number,
    validate_mobile,
)

from .choices import IdType, Sex

MIN_AGE = 16  # the legal minimum working age
ID_NUMBER_MAX = 18  # Member.id_number's column: a longer number must fail here, not in the database


def _years_between(born, on):
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def clean_member(data, *, today=None):
    today = today or timezone.localdate()
    cleaned = {k: normalize_text(v) if isinstance(v, str) else v for k, v in data.items()}
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(str(message))

    if not cleaned.get("name"):
        add("name", _("This field is required."))

    id_type = cleaned.get("id_type") or IdType.RESIDENT_ID
    cleaned["id_type"] = id_type
    raw_id = cleaned.get("id_number") or ""
    if not raw_id:
        add("id_number", _("This field is required."))
    elif id_type == IdType.RESIDENT_ID:
        try:
            number = validate_id_number(raw_id, today=today)
        except ValidationError as error:
            for message in error.messages:
                add("id_number", message)
        else:
            cleaned["id_number"] = number
            born, sex = id_birth_date(number), id_sex(number)
            sex_code = Sex.MALE if sex == "M" else Sex.FEMALE
            if cleaned.get("birth_date") and cleaned["birth_date"] != born:
                add("birth_date", _("Does not match the ID number (%(date)s).") % {"date": born})
            if cleaned.get("sex") and cleaned["sex"] != sex_code:
                add("sex", _("Does not match the ID number (%(sex)s).") % {"sex": sex_code.label})
            cleaned["birth_date"], cleaned["sex"] = born, sex_code
    else:
        number = normalize_id_number(raw_id)
        cleaned["id_number"] = number
        if len(number) > ID_NUMBER_MAX or not number.isascii() or not number.isalnum():
            add(
                "id_number",
                _("Enter the document number: at most %(n)d letters and digits.")
                % {"n": ID_NUMBER_MAX},
            )
        if not cleaned.get("sex"):
            add("sex", _("This field is required."))

    too_early = _("The date cannot be before %(day)s.") % {"day": EARLIEST_DATE.isoformat()}
    born = cleaned.get("birth_date")
    if born and born < EARLIEST_DATE:
        add("birth_date", too_early)
    elif born and _years_between(born, today) < MIN_AGE:
        add("birth_date", _("A member must be at least %(age)d years old.") % {"age": MIN_AGE})

    joined = cleaned.get("joined_on")
    if not joined:
        add("joined_on", _("This field is required."))
    elif joined > today:
        add("joined_on", _("The date is in the future."))
    elif joined < EARLIEST_DATE:
        add("joined_on", too_early)
    elif born and joined < _add_years(born, MIN_AGE):
        add("joined_on", _("Before the member's 16th birthday."))

    if cleaned.get("phone"):
        try:
            cleaned["phone"] = validate_mobile(cleaned["phone"])
        except ValidationError as error:
            for message in error.messages:
                add("phone", message)

    union = cleaned.get("union")
    if union is None:
        add("union", _("This field is required."))
    elif union.is_closed:
        add("union", _("The union is closed."))
    return cleaned, errors


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


__all__ = ["MIN_AGE", "clean_member"]
