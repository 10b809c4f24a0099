"""Building blocks for the membership tests: valid ID numbers and members saved through the
services (so the ledger and the status are as the portal writes them)."""

import datetime

import pytest

from apps.core.validators import id_check_char
from apps.membership import services
from apps.membership.choices import IdType
from apps.membership.models import Member

FULL_ID = r"\d{17}[\dX]"  # any full 18-character ID number
FULL_PHONE = r"(?<!\d)1[3-9]\d{9}(?!\d)"  # any full 11-digit mobile number


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords hashed cheaply: the default hasher costs half a second each.
    Import this into a test module to use it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def id_number(serial=1, *, born=datetime.date(1985, 6, 1), male=True, region="110105"):
    """A valid resident ID number (GB 11643), different for each serial below 500."""
    sequence = (serial % 500) * 2 + (1 if male else 0)
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def wrong_check_digit(number):
    right = number[-1]
    return number[:-1] + ("1" if right != "1" else "2")


def phone(serial=1):
    return f"139{serial:08d}"


def make_member(union, name="张三", serial=1, *, actor=None, **fields):
    """A member added through `services.add_member` (入会 in the ledger)."""
    born = fields.pop("born", datetime.date(1985, 6, 1))
    male = fields.pop("male", True)
    values = {
        "id_type": IdType.RESIDENT_ID,
        "id_number": id_number(serial, born=born, male=male),
        "birth_date": born,
        "sex": "1" if male else "2",
        "joined_on": datetime.date(2015, 3, 1),
        "phone": phone(serial),
    }
    values.update(fields)
    member = Member(union=union, name=name, **values)
    return services.add_member(member=member, actor=actor)


def member_post(union, **overrides):
    """The add form as a browser sends it."""
    data = {
        "union": union.pk,
        "name": "王小红",
        "id_type": "1",
        "id_number": id_number(7, male=False),
        "sex": "",
        "birth_date": "",
        "ethnicity": "01",
        "political_status": "13",
        "education": "60",
        "phone": "13912345678",
        "employer": "",
        "work_unit": "宏达纺织有限公司",
        "employment": "10",
        "skill_level": "0",
        "household_type": "2",
        "is_migrant": "on",
        "new_form_group": "",
        "joined_on": "2020-05-01",
        "card_no": "HY2020001",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
