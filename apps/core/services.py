"""Writes to the organisation registry. Each service is one transaction, keyword-only, with the
acting user; the web views, the API and the importer call these and nothing else."""

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from . import rules
from .choices import OrgLevel, OrgStatus
from .models import UnionOrg
from .scoping import ensure_visible
from .validators import validate_past_date

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


def lock_code_series(prefix):
    """Serialise the numbering of one series of codes ("QH-01-", "QH-01-001-2025-") until the
    transaction ends, so two staff adding under the same parent at the same moment take
    different numbers. A transaction-scoped advisory lock rather than a lock on the parent's
    row: it also covers the top of the tree and a contract's union-and-year series, and it does
    not conflict with the key-share lock every child's insert takes on its parent."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"code:{prefix}"])


def _prefixed(parent):
    """The parent whose code starts its children's codes (QH-01 → QH-01-001): one at county
    level or below. Above the county, a county federation carries its own national code."""
    if parent is None or LEVEL_RANK[parent.level] < LEVEL_RANK[OrgLevel.COUNTY]:
        return None
    return parent


def _stored_place(org):
    """(parent id, code) as stored, or None for a new organisation."""
    if org.pk is None:
        return None
    return UnionOrg.objects.filter(pk=org.pk).values_list("parent_id", "code").first()


def _renumbered_on_move(org, stored):
    """True when a moved organisation still carries the code of its old place, which the move
    replaces by the next number under its new parent."""
    return (
        stored is not None
        and _prefixed(org.parent) is not None
        and stored[0] != org.parent_id
        and stored[1] == org.code
        and not org.code.startswith(f"{org.parent.code}-")
    )


def check_placement(org):
    """The tree's shape rules, shared by the form, the importer and the API: a level that the
    kind allows (`rules.kind_level_error`: a 机关工会 is grassroots); a parent one level up at
    least, open, not below the organisation itself; a code that starts with the parent's code
    and "-" (a blank code on a new organisation is given one)."""
    contradiction = rules.kind_level_error(org.kind, org.level)
    if contradiction:
        raise ValidationError({"level": contradiction})
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
    prefixed = _prefixed(parent)
    prefix = f"{prefixed.code}-" if prefixed else ""
    if not prefix or not org.code or (org.code.startswith(prefix) and org.code != prefix):
        return
    stored = _stored_place(org)
    # A record kept where it is with the code it has is not refused for an older numbering.
    if stored != (org.parent_id, org.code) and not _renumbered_on_move(org, stored):
        raise ValidationError(
            {
                "code": _("The code must start with the parent's code %(prefix)s.")
                % {"prefix": prefix}
            }
        )


@transaction.atomic
def save_org(*, org, actor):
    """Create or update an organisation; moving it re-roots its whole subtree in one statement.

    Rules: the placement rules above; only the level above changes what places the
    organisation that is the actor's own scope root (`rules.locked_changes`); a code is never
    blank — a new organisation without one takes the next number under its parent (race-free,
    `lock_code_series`), an existing one keeps its code unless given another; a moved one
    still carrying its old place's code is renumbered under its new parent, and its
    descendants' codes follow its code; the result must stay within the actor's scope.
    """
    check_placement(org)
    with history_context(actor):
        if org.pk is None:
            if not org.code:
                org.code = _next_child_code(org.parent)
            org.pk = _next_org_id()
            _place(org)
            _save_or_refuse(org, force_insert=True)
        else:
            old = UnionOrg.objects.select_for_update().get(pk=org.pk)
            errors = rules.locked_changes(old, org, actor)
            if errors:
                raise ValidationError(errors)
            if not org.code:
                raise ValidationError({"code": _("Enter the code.")})
            if _renumbered_on_move(org, (old.parent_id, old.code)):
                org.code = _next_child_code(org.parent)
            _place(org)
            _save_or_refuse(org)
            if old.path != org.path:
                _move_subtree(old.path, org)
            if old.code != org.code:
                _recode_subtree(old.code, org)
        ensure_visible(org, actor)
    return org


def _save_or_refuse(org, **kwargs):
    """Save; a code taken meanwhile by someone else's save is a refusal, not a server error."""
    try:
        with transaction.atomic():
            org.save(**kwargs)
    except IntegrityError as error:
        if not UnionOrg.objects.filter(code=org.code).exclude(pk=org.pk).exists():
            raise
        raise ValidationError(
            {"code": _("This code has just been taken by another organisation; try again.")}
        ) from error


def _recode_subtree(old_code, org):
    """Descendants numbered from the old code ("QH-01-…") take the new one ("QH-03-…")."""
    prefix = f"{old_code}-"
    UnionOrg.objects.filter(path__startswith=org.path, code__startswith=prefix).exclude(
        pk=org.pk
    ).update(code=Concat(Value(f"{org.code}-"), Substr("code", len(prefix) + 1)))


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
    """The next free number under `parent`, taken under `lock_code_series` so that parallel
    saves under one parent number one after another."""
    prefix = f"{parent.code}-" if parent else "C"
    lock_code_series(prefix)
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
    if "status" in rules.locked_fields(org, actor):
        raise ValidationError(_("Only the organisation above can close this one."))
    try:
        validate_past_date(closed_on)
    except ValidationError as error:
        raise ValidationError({"closed_on": error.messages}) from error
    if closed_on is not None and org.founded_on and closed_on < org.founded_on:
        raise ValidationError({"closed_on": _("Cannot be before the founding date.")})
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
