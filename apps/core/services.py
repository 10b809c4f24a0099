"""Writes to the organisation registry. Each service is one transaction, keyword-only, with the
acting user; the web views, the API and the importer call these and nothing else."""

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from .choices import OrgLevel, OrgStatus
from .models import UnionOrg
from .scoping import ensure_visible

LEVEL_ORDER = [
    OrgLevel.PROVINCE,
    OrgLevel.CITY,
    OrgLevel.COUNTY,
    OrgLevel.TOWNSHIP,
    OrgLevel.GRASSROOTS,
]

# Deeper levels come later; a child must sit strictly below its parent.
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}


def history_context(actor, **extra):
    """Attach the actor to every history event written inside the block."""
    return pghistory.context(user=actor.pk if actor else None, **extra)


def _next_org_id():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('core_unionorg', 'id'))")
        return cursor.fetchone()[0]


def _place(org):
    """Set path, depth and township from the parent."""
    parent = org.parent
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = parent.depth + 1 if parent else 0
    if org.level == OrgLevel.TOWNSHIP:
        org.township = org
        org.township_id = org.pk
    else:
        org.township_id = parent.township_id if parent else None


def check_placement(org):
    """The tree's shape rules, shared by the form, the importer and the API."""
    parent = org.parent
    if parent is None:
        if org.level != OrgLevel.COUNTY and UnionOrg.objects.exists():
            raise ValidationError({"parent": _("Choose the parent organisation.")})
        return
    if LEVEL_RANK[org.level] <= LEVEL_RANK[parent.level]:
        raise ValidationError(
            {"level": _("An organisation must sit at a lower level than its parent.")}
        )
    if org.pk and parent.path.startswith(org.path or "\0"):
        raise ValidationError({"parent": _("An organisation cannot be placed below itself.")})
    if parent.is_closed:
        raise ValidationError({"parent": _("The parent organisation is closed.")})


@transaction.atomic
def save_org(*, org, actor):
    """Create or update an organisation; moving it re-roots its whole subtree in one statement.

    Rules: the placement rules above; the result must stay within the actor's scope.
    """
    check_placement(org)
    with history_context(actor):
        if org.pk is None:
            org.pk = _next_org_id()
            if not org.code:
                org.code = _next_child_code(org.parent)
            _place(org)
            org.save(force_insert=True)
        else:
            old = UnionOrg.objects.select_for_update().get(pk=org.pk)
            _place(org)
            org.save()
            if old.path != org.path:
                _move_subtree(old.path, org)
        ensure_visible(org, actor)
    return org


def _move_subtree(old_path, org):
    """Re-root the descendants of a moved organisation under its new path; below a township
    (or a township itself) they all take the moved organisation's township."""
    descendants = UnionOrg.objects.filter(path__startswith=old_path).exclude(pk=org.pk)
    depth_shift = org.depth - (old_path.count("/") - 2)
    descendants.update(
        path=Concat(Value(org.path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_shift,
    )
    if LEVEL_RANK[org.level] >= LEVEL_RANK[OrgLevel.TOWNSHIP]:
        UnionOrg.objects.filter(path__startswith=org.path).exclude(pk=org.pk).update(
            township_id=org.township_id
        )


def _next_child_code(parent):
    prefix = f"{parent.code}-" if parent else "C"
    taken = set(UnionOrg.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    # Only the parent's own numbered children count: "QH-01-001" also starts with "QH-".
    n = sum(1 for code in taken if code[len(prefix) :].isdigit()) + 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def close_org(*, org, actor, status, closed_on, note=""):
    """Dissolve or merge an organisation. Nothing is deleted: the record stays with its history.

    A union with open organisations below it cannot be closed until they are closed or moved.
    """
    if status not in OrgStatus.CLOSED:
        raise ValidationError({"status": _("Choose dissolved or merged.")})
    open_children = UnionOrg.objects.filter(parent=org).open().count()
    if open_children:
        raise ValidationError(
            _("%(n)d organisations below this one are still open; close or move them first.")
            % {"n": open_children}
        )
    with history_context(actor):
        org.status = status
        org.closed_on = closed_on
        org.closing_note = note
        org.save(update_fields=["status", "closed_on", "closing_note", "updated_at"])
    return org


@transaction.atomic
def save_employer(*, employer, actor):
    """Create or update an employer; it must stay within the actor's scope."""
    if employer.union_id and employer.union.is_closed:
        raise ValidationError({"union": _("The covering union is closed.")})
    with history_context(actor):
        employer.save()
        ensure_visible(employer, actor)
    return employer
