"""Rules of the organisation registry shared by the form, the API, the ledger import and the
services (which check them again inside their transaction).

Who may change what of an organisation
--------------------------------------
The fields that place an organisation in the tree and in the statistics (its parent, level,
kind, code, status …) and the ones that say which organisation it is (name, credit code,
founding) are set by the level above it: the county administrator, or a user whose scope lies
above that organisation. The organisation that is a user's own scope root is theirs to keep in
touch with, not to redefine: left to them are its contact details, `ROOT_CONTACT_FIELDS` — the
chair, the chair's phone and the committee's term, which change at every election (换届) and
which the township or union reports itself. (The record has no address field; when one is
added it belongs in that list.) Otherwise a township clerk could turn their own federation into
a grassroots union and take it out of every township breakdown, or close it.
"""

from django.utils.translation import gettext_lazy as _

ROOT_CONTACT_FIELDS = frozenset({"chair_name", "chair_phone", "term_start", "term_end"})

ABOVE_ONLY = _("Only the organisation above can change this.")


def may_redefine(org, user):
    """True when `user` may change every field of `org`: the system itself (no user), a county
    administrator, anyone creating a new organisation (its parent is checked to be in their
    scope), or a user whose scope lies strictly above `org`."""
    if user is None or user.is_county_admin or org.pk is None:
        return True
    scope = getattr(user, "org", None)
    if scope is None or org.pk == scope.pk:
        return False
    return bool(org.path) and org.path.startswith(scope.path)


def locked_fields(org, user):
    """The names of the fields of `org` that `user` may not change (empty when they may)."""
    if may_redefine(org, user):
        return frozenset()
    return frozenset(
        field.name
        for field in type(org)._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in ROOT_CONTACT_FIELDS
    )


def locked_changes(stored, org, user):
    """{field: [message]} for each locked field whose value in `org` differs from `stored`."""
    errors = {}
    for name in sorted(locked_fields(stored, user)):
        attname = type(org)._meta.get_field(name).attname
        if getattr(org, attname) != getattr(stored, attname):
            errors[name] = [ABOVE_ONLY]
    return errors
