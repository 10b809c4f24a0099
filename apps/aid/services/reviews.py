"""Reviews of a file on record (档案动态管理: 年度集中复核, 抽查, 随时调整) and their outcomes:
维持, 调整类别, 脱困撤档, 死亡撤档, 不符合条件退档, 调出移交 (to a union: moved, still on file;
else closed), 返困重建 (a closed file applies again). Each is a logged step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.scoping import ensure_visible
from apps.core.services import history_context

from ..choices import (
    RELAPSABLE_STATUSES,
    Category,
    FileOrigin,
    FileStatus,
    ReviewKind,
    ReviewOutcome,
    StepKind,
)
from .common import check_date, last_step_on, locked_file, log_step, require_status
from .files import _assess, _claim_people, _release_people

# Review outcomes that close a file, and the status each leaves it in.
CLOSING = {
    ReviewOutcome.RELIEVED: FileStatus.RELIEVED,
    ReviewOutcome.DECEASED: FileStatus.DECEASED,
    ReviewOutcome.NOT_ELIGIBLE: FileStatus.WITHDRAWN,
    ReviewOutcome.TRANSFER: FileStatus.TRANSFERRED,
}


def _reviewed(file, *, actor, outcome, review_kind, reviewed_on, opinion, before, approved=None):
    file.last_reviewed_on = reviewed_on
    file.save()
    log_step(
        file,
        kind=StepKind.ANNUAL_REVIEW,
        actor=actor,
        acted_on=reviewed_on,
        from_status=before,
        opinion=opinion,
        approved=approved,
        outcome=outcome,
        review_kind=review_kind,
    )
    ensure_visible(file, actor)
    return file


@transaction.atomic
def review_file(
    *,
    file,
    actor,
    outcome,
    reviewed_on,
    review_kind=ReviewKind.YEARLY,
    opinion="",
    category="",
    category_reason="",
    to_org=None,
):
    """A review of a file (年度集中复核, 抽查 or 随时调整) and its outcome.

    维持 keeps it; 调整类别 changes the category against the review year's standard (a reason
    when it goes against the income); 脱困撤档, 死亡撤档 and 不符合条件退档 close it and release
    its people (退档 is a refusal: opinion required); 调出移交 moves it to another union (still
    on file) or, with no union named, closes it as transferred out of the county (opinion says
    where); 返困重建 reopens a closed file as a relapse, which applies again from 申请.
    """
    file = locked_file(file, actor)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    outcome = ReviewOutcome(outcome)
    if outcome == ReviewOutcome.RELAPSE:
        require_status(file, RELAPSABLE_STATUSES, _("rebuild"))
    else:
        require_status(file, [FileStatus.ACTIVE], _("review"))
    check_date(
        "reviewed_on", reviewed_on, not_before=last_step_on(file), before_label=_("the last step")
    )
    opinion = (opinion or "").strip()
    needs_opinion = outcome in (ReviewOutcome.NOT_ELIGIBLE, ReviewOutcome.TRANSFER)
    if needs_opinion and not opinion:
        raise ValidationError({"opinion": _("State the opinion of the review.")})
    before = file.status
    with history_context(actor, action="review_file"):
        if outcome == ReviewOutcome.ADJUST_CATEGORY:
            if category not in Category.values or category == file.category:
                raise ValidationError({"category": _("Choose the new category.")})
            _assess(file, reviewed_on.year, Category(category), category_reason)
        elif outcome == ReviewOutcome.TRANSFER and to_org is not None:
            if to_org.pk == file.org_id:
                raise ValidationError({"to_org": _("The file is already kept by this union.")})
            if to_org.is_closed:
                raise ValidationError({"to_org": _("The union is closed.")})
            file.org = to_org
        elif outcome in CLOSING:
            file.status = CLOSING[outcome]
            file.closed_on = reviewed_on
            _release_people(file)
        elif outcome == ReviewOutcome.RELAPSE:
            file.status = FileStatus.APPLIED
            file.file_origin = FileOrigin.RELAPSED
            file.closed_on = file.filed_on = None
            file.publicity_starts_on = file.publicity_ends_on = None
            _claim_people(list(file.people.all()))
        approved = False if outcome == ReviewOutcome.NOT_ELIGIBLE else None
        return _reviewed(
            file,
            actor=actor,
            outcome=outcome,
            review_kind=review_kind,
            reviewed_on=reviewed_on,
            opinion=opinion,
            before=before,
            approved=approved,
        )
