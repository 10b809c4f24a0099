"""What every step of a nomination round shares: the round's row locked and in the actor's
scope, the status a step needs, its dates in order, and the step written to the round's
history (`RoundStep`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from apps.core.models import UnionOrg
from apps.core.scoping import OutOfScope
from apps.core.validators import validate_past_date

from ..models.rounds import (
    NominationRound,
    RoundStep,
)


def _round(round_, actor, *, lock=True):
    queryset = (
        NominationRound.objects.all()
        if actor is None
        else NominationRound.objects.visible_to(actor)
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.filter(pk=getattr(round_, "pk", round_)).first()
    if found is None:
        raise OutOfScope("Not in your organisation's scope.")
    return found


def _require_runs(round_, actor):
    """Only the union running the round (or one above it) moves it on; a township's staff
    recommend to the county's round but do not submit or approve it."""
    if actor is None:
        return
    if (
        not actor.can_edit
        or not UnionOrg.objects.visible_to(actor).filter(pk=round_.org_id).exists()
    ):
        raise PermissionDenied(_("Only the union running the round can do this."))


def _require_status(round_, *allowed):
    if round_.status not in allowed:
        raise ValidationError(
            _("Not possible while the round is %(status)s.")
            % {"status": round_.get_status_display()}
        )


def _date(field, day, *, not_before=None, what=""):
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    try:
        validate_past_date(day)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: _("Cannot be before %(what)s (%(day)s).") % {"what": what, "day": not_before}}
        )


def _last_step_on(round_):
    step = round_.steps.order_by("-acted_on", "-pk").first()
    return step.acted_on if step else None


def _step(round_, *, kind, actor, acted_on, from_status, opinion=""):
    return RoundStep.objects.create(
        round=round_,
        kind=kind,
        actor=actor,
        acted_on=acted_on,
        from_status=from_status,
        to_status=round_.status,
        opinion=(opinion or "").strip(),
    )
