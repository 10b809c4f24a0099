"""Building hardship files through the services, as staff would."""

import datetime
from decimal import Decimal

from apps.aid import services
from apps.aid.choices import Category, Cause, Relation, WorkStatus
from apps.aid.models import FamilyMember, HardshipFile
from tests.membership.helpers import id_number

APPLIED = datetime.date(2025, 3, 1)


def household(union, serial, *, name="王建国", income="12000", size=3, **fields):
    """An unsaved file: a worker of `union` whose household earns `income` a year."""
    values = {
        "org": union,
        "name": name,
        "id_number": id_number(serial),
        "work_status": WorkStatus.LAID_OFF,
        "household_annual_income": Decimal(income),
        "rigid_expenses": Decimal(0),
        "household_size": size,
        "main_cause": Cause.LAID_OFF,
        "category": Category.DEEP,
        "applied_on": APPLIED,
    }
    values.update(fields)
    return HardshipFile(**values)


def relative(serial, *, name="李秀英", relation=Relation.SPOUSE, **fields):
    return FamilyMember(
        name=name,
        relation=relation,
        id_number=id_number(serial, male=False, born=datetime.date(1987, 2, 3)),
        **fields,
    )


def apply(union, serial, *, actor=None, family=(), **fields):
    return services.apply_for_file(
        file=household(union, serial, **fields), family=list(family), actor=actor
    )


def to_publicity(file, actor=None, *, day=APPLIED):
    """Through 基层初审 and 入户调查 to the public notice (day+3 … day+10)."""
    step = datetime.timedelta(days=1)
    file = services.unit_review(
        file=file, actor=actor, approved=True, acted_on=day + step, opinion="情况属实"
    )
    file = services.home_visit(
        file=file, actor=actor, approved=True, acted_on=day + 2 * step, opinion="入户核实"
    )
    return services.start_publicity(
        file=file, actor=actor, starts_on=day + 3 * step, ends_on=day + 10 * step
    )


def on_file(file, actor=None, *, approver=None, day=APPLIED):
    """From 申请 to 在档 with no objection (approved by `approver`, the county's)."""
    file = to_publicity(file, actor, day=day)
    file = services.close_publicity(file=file, actor=actor, closed_on=day + datetime.timedelta(11))
    return services.county_approval(
        file=file,
        actor=approver,
        approved=True,
        acted_on=day + datetime.timedelta(12),
        opinion="同意",
    )
