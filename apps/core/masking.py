"""Who sees personal numbers in full: members' ID and phone numbers, union chairs' phones.

The county administrator always; anyone else only with the Django permission
`membership.reveal_identity`, granted by the operators. Everyone else reads them masked
(110105********002X, 138****5678) in lists, pages, exports, the API and the change history.
The membership app adds the logged reveal of one member's number (`apps.membership.masking`).
"""

from .validators import mask_id_number, mask_phone

REVEAL_PERMISSION = "membership.reveal_identity"


def can_reveal(user):
    """The county administrator always; others only with `membership.reveal_identity`."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_county_admin or user.has_perm(REVEAL_PERMISSION)


def shown_id_number(value, reveal):
    return value if reveal else mask_id_number(value)


def shown_phone(value, reveal):
    if not value:
        return ""
    return value if reveal else mask_phone(value)
