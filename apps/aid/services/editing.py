"""Correcting an open file: the household's fields and its members, with the category checked
again and the registry of its people kept in step (a member added who is in another open file
is refused, also by the database). The status, the dates its steps set and the keeping union
change only through the steps (a transfer is a review outcome)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from .. import rules
from ..choices import OPEN_STATUSES
from ..models import FamilyMember, FilePerson
from .common import check_date, locked_file, refuse, require_status
from .files import ALREADY_IN_A_FILE, PERSON_CONSTRAINT, _assess, _identity, _member_record

# Set by the steps, never by editing the file.
STEP_FIELDS = [
    "org_id",
    "file_no",
    "status",
    "filed_on",
    "publicity_starts_on",
    "publicity_ends_on",
    "last_reviewed_on",
    "closed_on",
    "entered_by_id",
    "applied_on",
]


def _sync_people(file, family):
    """The registry rebuilt as the household now is: the worker's row and one per member
    (written afresh, so two members whose numbers were swapped do not collide)."""
    wanted = [(None, file.id_number, file.name), *((m.pk, m.id_number, m.name) for m in family)]
    others = set(
        FilePerson.objects.filter(open=True, id_number__in=[w[1] for w in wanted])
        .exclude(file=file)
        .values_list("id_number", flat=True)
    )
    for _pk, number, name in wanted:
        if number in others:
            raise ValidationError({"id_number": ALREADY_IN_A_FILE % {"name": name}})
    file.people.all().delete()
    try:
        with transaction.atomic():
            FilePerson.objects.bulk_create(
                FilePerson(file=file, family_member_id=pk, id_number=number, name=name)
                for pk, number, name in wanted
            )
    except IntegrityError as error:
        if PERSON_CONSTRAINT not in str(error):
            raise
        names = "、".join(w[2] for w in wanted)
        raise ValidationError({"id_number": ALREADY_IN_A_FILE % {"name": names}}) from error


@transaction.atomic
def update_file(*, file, family, actor, category_reason=""):
    """Correct an open file and its members (`family`: the household as it now is; members
    left out are removed from it). The category is checked again against the standard of the
    year of the file's last assessment (application or latest review)."""
    stored = locked_file(file, actor)
    require_status(stored, OPEN_STATUSES, _("edit"))
    for field in STEP_FIELDS:
        setattr(file, field, getattr(stored, field))
    file.org = stored.org
    family = list(family)
    current = {m.pk: m for m in stored.family.all()}
    for member in family:
        if member.pk and member.pk not in current:
            raise ValidationError({"family": _("A member listed belongs to another file.")})
    removed = [pk for pk in current if pk not in {m.pk for m in family}]
    check_date("applied_on", file.applied_on)
    _identity(file, "id_number")
    for member in family:
        _identity(member, "family")
    refuse(rules.file_errors(file, family))
    year = (stored.last_reviewed_on or stored.applied_on).year
    _assess(file, year, file.category, category_reason or file.category_reason)
    with history_context(actor, action="update_file"):
        if file.member_id is None:
            file.member = _member_record(file.id_number)
        file.save()
        for member in family:
            member.file = file
            if member.member_id is None:
                member.member = _member_record(member.id_number)
            member.save()
        _sync_people(file, family)
        if removed:
            FamilyMember.objects.filter(pk__in=removed).delete()
        ensure_visible(file, actor)
    return file
