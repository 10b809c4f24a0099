"""Who sees members' full ID and phone numbers, and the log of each time one is revealed.

The rule, the same in every response (HTML lists and pages, .xlsx exports, the API):

- Users who may reveal (`can_reveal`: the county administrator always; anyone else only with the
  Django permission `membership.reveal_identity`, granted by the operators) get full numbers in
  lists, exports and the API.
- Everyone else gets masked numbers (110105********002X, 138****5678), and the member's edit
  form shows them masked too: a masked value sent back unchanged keeps the stored number.
- A member's own page always opens masked; a user who may reveal presses "Reveal", which shows
  that one number and writes an `IdentityReveal` row (who, whom, when, which number).
- Transfer pages always mask: the receiving union sees the member before the member is theirs.
- The change history on a member's page is masked for everyone, like the rest of that page:
  old numbers are as sensitive as the current one, and only the current one can be revealed
  (`Member.history_masks`). Each reveal is a row of that history, and of the audit page.

Lists mask for everyone, the county administrator included: a list is read over shoulders and
printed, and 40 000 full numbers on screen are a disclosure nobody chose. The member's page is
one logged reveal away. The default roster export masks too; an export *with* full numbers is a
separate choice (a POST, confirmed on the page) for users who may reveal, and each one is logged
as an `IdentityExport` row (who, when, which organisation's members, the filter, how many rows):
one row per export rather than per member, shown in that organisation's history and on the
audit page. API reads by a user who may reveal still give full numbers (integrations need
them); who may is controlled by who holds the permission.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.history import Change, register_access_log
from apps.core.masking import (  # noqa: F401
    can_reveal,
    logged_export,
    logged_reveal,
    shown_id_number,
    shown_phone,
)

from .models import IdentityExport, IdentityReveal, Member

REVEALABLE = ("id_number", "phone")


def reveal(*, member, actor, what):
    """The full `what` ("id_number" or "phone") of a member the actor can see, logged."""
    if what not in REVEALABLE:
        raise ValueError(what)
    logged_reveal(IdentityReveal, actor=actor, member=member, what=what)
    return getattr(member, what)


def record_full_export(*, org, actor, query, rows):
    """Log an export of `rows` members of `org` with full numbers; refused to users who may
    not reveal. Called before the workbook is built, so a failed export is still on record."""
    return logged_export(IdentityExport, actor=actor, org=org, query=query, rows=rows)


def _revealed(row):
    """A reveal as a history row: which number was shown (never the number itself)."""
    label = (
        capfirst(Member._meta.get_field(row.what).verbose_name)
        if row.what in REVEALABLE
        else row.what
    )
    return [Change(field=str(label), old="", new="")]


register_access_log(
    IdentityReveal, record="member", user="user", at="at", label="reveal", describe=_revealed
)


def _exported(row):
    """A full-number export as a history row of the organisation: what went out, how many."""
    label = _("Members' full ID and phone numbers exported")
    return [Change(field=str(label), old="", new=str(row.rows))]


register_access_log(
    IdentityExport, record="org", user="user", at="at", label="reveal", describe=_exported
)
