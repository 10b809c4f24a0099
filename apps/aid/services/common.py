"""What the aid services share: refusals with the rule named, dates, scope and the one step log
(of files and of 金秋助学 applications)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.scoping import OutOfScope
from apps.core.validators import validate_past_date

from ..models import FileStep, HardshipFile, SchoolAidApplication, SchoolAidStep


def refuse(errors):
    if errors:
        raise ValidationError(dict(errors))


def check_date(field, day, *, not_before=None, before_label=""):
    """An event date: given, not in the future nor before 1900, not before what it follows."""
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    try:
        validate_past_date(day)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if not_before is not None and day < not_before:
        raise ValidationError(
            {
                field: _("Cannot be before %(what)s (%(day)s).")
                % {"what": before_label, "day": not_before}
            }
        )


def in_scope(model, obj, actor, *, lock=False):
    """The record fresh from the database as the actor may see it, its own row locked for this
    transaction when `lock` (two staff acting at once), else OutOfScope (shown as 404)."""
    queryset = model.objects.all() if actor is None else model.objects.visible_to(actor)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.filter(pk=obj.pk).first()
    if found is None:
        raise OutOfScope("Not in your organisation's scope.")
    return found


def locked_file(file, actor):
    return in_scope(HardshipFile, file, actor, lock=True)


def require_status(file, allowed, action):
    if file.status not in allowed:
        raise ValidationError(
            _("Cannot %(action)s a file that is %(status)s.")
            % {"action": action, "status": file.get_status_display()}
        )


def acting_org(file, actor):
    return actor.org if actor is not None and actor.org_id else file.org


# The step log of each record that has one: (step model, its link to the record, the file).
STEP_LOGS = {
    HardshipFile: (FileStep, "file", lambda file: file),
    SchoolAidApplication: (SchoolAidStep, "application", lambda application: application.file),
}


def last_step_on(record):
    """The day of the record's last step (a file's or a 金秋助学 application's), else the day it
    was applied for: a later step may not be dated before it."""
    step = record.steps.order_by("-acted_on", "-pk").first()
    return step.acted_on if step else record.applied_on


def log_step(record, *, kind, actor, acted_on, from_status, opinion="", approved=None, **extra):
    """Write the step of a file (`FileStep`) or of a 金秋助学 application (`SchoolAidStep`):
    the acting organisation (the actor's, else the file's union), the actor, the day, the move
    from `from_status` to the record's status now, the opinion; a refusal without an opinion is
    refused (also by the database)."""
    if approved is False and not (opinion or "").strip():
        raise ValidationError({"opinion": _("A refusal states its opinion.")})
    model, link, file_of = STEP_LOGS[type(record)]
    return model.objects.create(
        **{link: record},
        kind=kind,
        actor=actor,
        acting_org=acting_org(file_of(record), actor),
        acted_on=acted_on,
        from_status=from_status,
        to_status=record.status,
        opinion=(opinion or "").strip(),
        approved=approved,
        **extra,
    )
