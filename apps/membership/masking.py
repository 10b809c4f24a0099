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

Exports and API reads by a user who may reveal are bulk disclosures that are *not* logged row by
row: `IdentityReveal` names one member, and a row per exported member would turn a 40 000-row
export into 40 000 log lines. Who may see full numbers in bulk is controlled instead by who holds
the permission; the export itself is recorded as a `Job` only when it runs in the background.
"""

from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst

from apps.core.history import Change, register_access_log
from apps.core.masking import can_reveal, shown_id_number, shown_phone  # noqa: F401

from .models import IdentityReveal, Member

REVEALABLE = ("id_number", "phone")


def reveal(*, member, actor, what):
    """The full `what` ("id_number" or "phone") of a member the actor can see, logged."""
    if what not in REVEALABLE:
        raise ValueError(what)
    if not can_reveal(actor):
        raise PermissionDenied
    IdentityReveal.objects.create(member=member, user=actor, what=what)
    return getattr(member, what)


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
