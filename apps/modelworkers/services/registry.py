"""Writes to the registry: honour types, model-worker and collective files, awards.

`record_award` is the one way an award is made: the web form, the API, the ledger import, the
nomination rounds and the competitions (an award that is an honour, e.g. a 工人先锋号) call it.
A person's `treatment_level` and `top_award` are kept here (`refresh_worker`) after every change
of their awards or status, inside the same transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.scoping import OutOfScope, ensure_visible
from apps.core.services import history_context
from apps.core.validators import id_birth_date, id_sex, validate_id_number
from apps.membership.choices import HOLDING_STATUSES, Sex
from apps.membership.models import Member

from .. import rules
from ..choices import CollectiveStatus, WorkerStatus
from ..models import Collective, HonourAward, HonourType, ModelWorker

# Award fields a caller may give besides the named arguments.
EXTRA_AWARD_FIELDS = ("certificate_no", "recommended_by", "source", "level")


def _check_visible(obj, actor):
    """The record must be in the actor's scope (None is the system itself)."""
    if actor is None or obj is None:
        return
    if not type(obj).objects.visible_to(actor).filter(pk=obj.pk).exists():
        raise OutOfScope("The record is outside your organisation's scope.")


def member_links(id_numbers):
    """{ID number: pk of the member record a file with that number links to}: the earliest
    current (or retained) member holding it; numbers with none are left out. One query."""
    links = {}
    rows = (
        Member.objects.filter(id_number__in=list(id_numbers), status__in=HOLDING_STATUSES)
        .order_by("-pk")
        .values_list("id_number", "pk")
    )
    for number, pk in rows:
        links[number] = pk  # the lowest pk is read last
    return links


def worker_standing(status, awards):
    """(treatment level, highest award) a person's file shows, from their awards (each with
    its `honour_type`). A withdrawn title carries no treatment."""
    treatment = "" if status == WorkerStatus.WITHDRAWN else rules.treatment_of(awards)
    return treatment, rules.top_award_of(awards)


def refresh_worker(worker):
    """Recompute a person's treatment level and highest honour from their awards (and save
    them when they changed). A withdrawn title carries no treatment."""
    awards = list(worker.awards.select_related("honour_type").order_by("pk"))
    treatment, top = worker_standing(worker.status, awards)
    top_id = top.pk if top else None
    if worker.treatment_level != treatment or worker.top_award_id != top_id:
        worker.treatment_level = treatment
        worker.top_award_id = top_id
        worker.save(update_fields=["treatment_level", "top_award", "updated_at"])
    return worker


def award_date_errors(year, conferred_on):
    """{field: [message]} when an award's year and day of conferment are missing or do not
    fit together (a day more than a year away from the honour's year)."""
    if year is None or conferred_on is None:
        return {"year": [_("Give the year and the date of conferment.")]}
    if abs(conferred_on.year - int(year)) > 1:
        return {
            "conferred_on": [
                _("Conferred on %(day)s does not fit an honour of %(year)s.")
                % {"day": conferred_on.isoformat(), "year": year}
            ]
        }
    return {}


def already_held(recipient, honour_type, year):
    """{field: [message]}: `recipient` holds `honour_type` for `year` already (once per
    recipient and year, whether or not that award was revoked: the database's rule)."""
    return {
        rules.FIELD_FOR_KIND[honour_type.recipient_kind]: [
            _("%(recipient)s already holds %(type)s for %(year)s.")
            % {"recipient": recipient, "type": honour_type.name, "year": year}
        ]
    }


def new_award(*, honour_type, actor, year, conferred_on, document_no="", deeds="", **fields):
    """The award `record_award` saves, unsaved: the type's level copied, text trimmed, who
    entered it; `fields` are the recipient and the EXTRA_AWARD_FIELDS but `level`."""
    text = {k: (v or "").strip() for k, v in fields.items() if k in EXTRA_AWARD_FIELDS}
    return HonourAward(
        honour_type=honour_type,
        level=honour_type.level,
        year=year,
        conferred_on=conferred_on,
        document_no=(document_no or "").strip(),
        deeds=(deeds or "").strip(),
        entered_by=actor,
        **{k: v for k, v in fields.items() if k not in EXTRA_AWARD_FIELDS},
        **text,
    )


# The award's own checks (`full_clean`); the recipient and the type are checked by the rules.
AWARD_CLEAN_EXCLUDE = ["model_worker", "collective", "union_org", "honour_type"]


@transaction.atomic
def record_award(
    *,
    honour_type,
    actor,
    year,
    conferred_on,
    document_no="",
    model_worker=None,
    collective=None,
    union_org=None,
    deeds="",
    **extra,
):
    """Record one conferment of `honour_type` on exactly one recipient and return the award.

    Refused (ValidationError naming the rule): a recipient of another kind than the type is
    conferred on, a person or collective whose title was withdrawn, a `level` (in `extra`)
    the type does not have, the same honour to the same recipient for the same year twice.
    `extra` may carry certificate_no, recommended_by, source (e.g. "劳动竞赛: …") and level.
    The recipient must be in the actor's scope before, and the award after, the write.
    """
    unknown = set(extra) - set(EXTRA_AWARD_FIELDS)
    if unknown:
        raise TypeError(f"record_award() got unexpected arguments: {', '.join(sorted(unknown))}")
    level = extra.pop("level", None)
    if model_worker is not None:
        model_worker = ModelWorker.objects.select_for_update().get(pk=model_worker.pk)
    if collective is not None:
        collective = Collective.objects.select_for_update().get(pk=collective.pk)
    for recipient in (model_worker, collective, union_org):
        _check_visible(recipient, actor)
    errors = rules.award_errors(
        honour_type=honour_type,
        model_worker=model_worker,
        collective=collective,
        union_org=union_org,
        level=level,
    )
    if errors:
        raise ValidationError(errors)
    errors = award_date_errors(year, conferred_on)
    if errors:
        raise ValidationError(errors)
    award = new_award(
        honour_type=honour_type,
        actor=actor,
        year=year,
        conferred_on=conferred_on,
        document_no=document_no,
        deeds=deeds,
        model_worker=model_worker,
        collective=collective,
        union_org=union_org,
        **extra,
    )
    award.full_clean(exclude=AWARD_CLEAN_EXCLUDE)
    with history_context(actor, source="modelworkers.record_award"):
        try:
            with transaction.atomic():
                award.save()
        except IntegrityError as error:
            if "mw_award_once_per" in str(error):
                raise ValidationError(already_held(award.recipient, honour_type, year)) from error
            raise
        if model_worker is not None:
            refresh_worker(model_worker)
    ensure_visible(award, actor)
    return award


@transaction.atomic
def revoke_award(*, award, actor, on, reason):
    """Revoke an award (撤销): it stays on the record, marked, and stops counting for the
    person's treatment. A reason is required."""
    award = HonourAward.objects.select_for_update().get(pk=award.pk)
    ensure_visible(award, actor)
    if award.revoked:
        raise ValidationError({"reason": [_("This award is already revoked.")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the revocation.")]})
    award.revoked, award.revoked_on, award.revoked_reason = True, on, reason
    with history_context(actor, source="modelworkers.revoke_award"):
        award.save(update_fields=["revoked", "revoked_on", "revoked_reason"])
        if award.model_worker_id:
            refresh_worker(ModelWorker.objects.select_for_update().get(pk=award.model_worker_id))
    return award


def worker_identity(raw):
    """(ID number normalised, birth date, sex) of a file, all from the number as given;
    ValidationError({"id_number": …}) when it is no valid number."""
    try:
        number = validate_id_number(raw)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from error
    return number, id_birth_date(number), Sex.MALE if id_sex(number) == "M" else Sex.FEMALE


def _identity(worker):
    worker.id_number, worker.birth_date, worker.sex = worker_identity(worker.id_number)


@transaction.atomic
def save_worker(*, worker, actor):
    """Create or update a model worker's file: the ID number normalised (sex and birth date
    from it), the member record linked by ID number when there is one, one file per person
    (the database refuses a second), the scope re-checked."""
    if worker.pk:
        _check_visible(ModelWorker.objects.get(pk=worker.pk), actor)
    _identity(worker)
    if not worker.entered_by_id and actor is not None and not worker.pk:
        worker.entered_by = actor
    worker.member_id = member_links([worker.id_number]).get(worker.id_number)
    with history_context(actor, source="modelworkers.save_worker"):
        try:
            with transaction.atomic():
                worker.save()
        except IntegrityError as error:
            if "id_number" in str(error):
                raise ValidationError(
                    {"id_number": [_("A model worker with this ID number is already on file.")]}
                ) from error
            raise
        refresh_worker(worker)
    ensure_visible(worker, actor)
    return worker


@transaction.atomic
def change_worker_status(*, worker, actor, status, on, reason="", transferred_to=""):
    """Record a change of status (在册 → 取消称号 / 已故 / 调出, or back): the date always, a
    reason for a withdrawal, where to for a transfer. A withdrawn title takes the treatment
    away (撤销称号，取消待遇)."""
    worker = ModelWorker.objects.select_for_update().get(pk=worker.pk)
    ensure_visible(worker, actor)
    reason = (reason or "").strip()
    errors = {}
    if on is None:
        errors["status_on"] = [_("Give the date of the change.")]
    if status == WorkerStatus.WITHDRAWN and not reason:
        errors["status_reason"] = [_("Give the reason the title was withdrawn.")]
    if status == WorkerStatus.TRANSFERRED and not (transferred_to or "").strip():
        errors["transferred_to"] = [_("Say where the person was transferred to.")]
    if errors:
        raise ValidationError(errors)
    worker.status, worker.status_on, worker.status_reason = status, on, reason
    worker.transferred_to = (transferred_to or "").strip()
    if status == WorkerStatus.WITHDRAWN:
        worker.treatment_level = ""
    with history_context(actor, source="modelworkers.change_worker_status"):
        worker.save()
        refresh_worker(worker)
    return worker


@transaction.atomic
def save_collective(*, collective, actor):
    """Create or update a collective honouree's record, the scope re-checked."""
    if collective.pk:
        _check_visible(Collective.objects.get(pk=collective.pk), actor)
    if not collective.pk and actor is not None:
        collective.entered_by = actor
    with history_context(actor, source="modelworkers.save_collective"):
        try:
            with transaction.atomic():
                collective.save()
        except IntegrityError as error:
            if "mw_collective_unique_name" in str(error):
                raise ValidationError(
                    {"name": [_("This union already keeps a collective of that name.")]}
                ) from error
            raise
    ensure_visible(collective, actor)
    return collective


@transaction.atomic
def change_collective_status(*, collective, actor, status, on, reason=""):
    """Record a collective's change of status; a withdrawal needs a reason."""
    collective = Collective.objects.select_for_update().get(pk=collective.pk)
    ensure_visible(collective, actor)
    reason = (reason or "").strip()
    if status == CollectiveStatus.WITHDRAWN and not reason:
        raise ValidationError({"status_reason": [_("Give the reason the title was withdrawn.")]})
    collective.status, collective.status_on, collective.status_reason = status, on, reason
    with history_context(actor, source="modelworkers.change_collective_status"):
        collective.save()
    return collective


@transaction.atomic
def save_honour_type(*, honour_type, actor):
    """Create or update an honour type: county data, edited by the county administrator. A
    type conferred on anything but a person carries no treatment."""
    if actor is not None and not actor.is_county_admin:
        raise PermissionDenied
    if honour_type.recipient_kind != "person":
        honour_type.treatment_level = ""
    with history_context(actor, source="modelworkers.save_honour_type"):
        honour_type.save()
    return honour_type


__all__ = [
    "HonourType",
    "change_collective_status",
    "change_worker_status",
    "record_award",
    "refresh_worker",
    "revoke_award",
    "save_collective",
    "save_honour_type",
    "save_worker",
]
