"""The registry's rules, shared by the web forms, the API, the ledger import and the services:
each returns {field: [message]} naming the rule, empty when the record may be saved."""

from django.utils.translation import gettext as _

from .choices import COLLECTIVE_KINDS_FOR, RecipientKind, WorkerStatus, level_rank

RECIPIENT_FIELDS = ("model_worker", "collective", "union_org")
FIELD_FOR_KIND = {
    RecipientKind.PERSON: "model_worker",
    RecipientKind.UNIT: "collective",
    RecipientKind.TEAM: "collective",
    RecipientKind.UNION_ORG: "union_org",
}


def award_errors(*, honour_type, model_worker=None, collective=None, union_org=None, level=None):
    """Why an award of `honour_type` to the recipient given may not be recorded:

    - exactly one recipient;
    - the recipient is of the kind the type is conferred on (a 五一劳动奖章 goes to a person,
      a 五一劳动奖状 to a unit, a 工人先锋号 to a department, workshop or team, a 职工之家 to a
      union organisation);
    - a person whose title was withdrawn (取消称号) receives no further honour, nor does a
      collective whose title was withdrawn;
    - the level, when one is given (an import row, the API), is the type's own: a 县五一劳动奖章
      is a county honour and nothing else.
    """
    errors = {}
    given = {
        name: value
        for name, value in zip(RECIPIENT_FIELDS, (model_worker, collective, union_org), strict=True)
        if value is not None
    }
    if honour_type is None:
        return {"honour_type": [_("Choose the honour.")]}
    if level not in (None, "") and str(level) != honour_type.level:
        errors["level"] = [
            _("%(type)s is a %(level)s honour; a level the honour does not have is refused.")
            % {"type": honour_type.name, "level": honour_type.get_level_display()}
        ]
    expected = FIELD_FOR_KIND[honour_type.recipient_kind]
    if len(given) != 1:
        errors[expected] = [
            _("An award goes to exactly one model worker, collective or union organisation.")
        ]
        return errors
    ((field, recipient),) = given.items()
    if field != expected:
        errors[field] = [
            _("%(type)s is conferred on: %(kind)s; this recipient is not one.")
            % {"type": honour_type.name, "kind": honour_type.get_recipient_kind_display()}
        ]
        return errors
    if field == "collective":
        kinds = COLLECTIVE_KINDS_FOR[honour_type.recipient_kind]
        if recipient.kind not in kinds:
            errors[field] = [
                _("%(type)s is conferred on: %(kind)s; %(name)s is a %(its)s.")
                % {
                    "type": honour_type.name,
                    "kind": honour_type.get_recipient_kind_display(),
                    "name": recipient.name,
                    "its": recipient.get_kind_display(),
                }
            ]
    if field in ("model_worker", "collective") and recipient.status == WorkerStatus.WITHDRAWN:
        errors[field] = [
            _("The title of %(name)s was withdrawn (取消称号): no further honour can be recorded.")
            % {"name": recipient.name}
        ]
    return errors


def treatment_of(awards):
    """The treatment level (享受待遇级别) a person's standing awards give: the best any of their
    types carries ("" for none). A national 五一劳动奖章 carries provincial treatment, so a
    person holding only that is a provincial-treatment model worker."""
    levels = [a.honour_type.treatment_level for a in awards if not a.revoked]
    levels = [lv for lv in levels if lv]
    return min(levels, key=level_rank) if levels else ""


def top_award_of(awards):
    """The highest honour among standing awards: the highest level, then the best treatment,
    then the earliest conferred (the first time the person reached that level)."""
    standing = [a for a in awards if not a.revoked]
    if not standing:
        return None
    return min(
        standing,
        key=lambda a: (
            level_rank(a.level),
            level_rank(a.honour_type.treatment_level),
            a.conferred_on,
            a.pk or 0,
        ),
    )
