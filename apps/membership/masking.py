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
  old numbers are as sensitive as the current one, and only the current one can be revealed.

Exports and API reads by a user who may reveal are bulk disclosures that are *not* logged row by
row: `IdentityReveal` names one member, and a row per exported member would turn a 40 000-row
export into 40 000 log lines. Who may see full numbers in bulk is controlled instead by who holds
the permission; the export itself is recorded as a `Job` only when it runs in the background.
"""

from django.core.exceptions import PermissionDenied

from apps.core.validators import mask_id_number, mask_phone

from .models import IdentityReveal, Member

REVEALABLE = ("id_number", "phone")


def can_reveal(user):
    """The county administrator always; others only with `membership.reveal_identity`."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_county_admin or user.has_perm("membership.reveal_identity")


def shown_id_number(value, reveal):
    return value if reveal else mask_id_number(value)


def shown_phone(value, reveal):
    if not value:
        return ""
    return value if reveal else mask_phone(value)


def reveal(*, member, actor, what):
    """The full `what` ("id_number" or "phone") of a member the actor can see, logged."""
    if what not in REVEALABLE:
        raise ValueError(what)
    if not can_reveal(actor):
        raise PermissionDenied
    IdentityReveal.objects.create(member=member, user=actor, what=what)
    return getattr(member, what)


def mask_history(entries):
    """Mask ID and phone values in a member's change history (see `history.history_for`)."""
    # History rows name fields by their (translated) label, capitalised or not.
    maskers = {
        str(Member._meta.get_field("id_number").verbose_name).casefold(): mask_id_number,
        str(Member._meta.get_field("phone").verbose_name).casefold(): mask_phone,
    }
    for entry in entries:
        for change in entry.changes:
            masker = maskers.get(str(change.field).casefold())
            if masker is not None:
                change.old = masker(change.old) if change.old != "—" else change.old
                change.new = masker(change.new) if change.new != "—" else change.new
    return entries
