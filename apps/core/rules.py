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

from .choices import OrgKind, OrgLevel

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


# The level an organisation's kind fixes (组织类别 → 组织层级): a grassroots kind is a grassroots
# union wherever it sits. Industry (system) unions and regional / sectoral federations sit at
# the level below their parent (a county's 教育系统工会 is a second-tier union, a township's
# regional federation a grassroots one), so their kind fixes nothing.
KIND_LEVELS = {
    OrgKind.COUNTY_FEDERATION: OrgLevel.COUNTY,
    OrgKind.TOWNSHIP_FEDERATION: OrgLevel.TOWNSHIP,
    OrgKind.ENTERPRISE: OrgLevel.GRASSROOTS,
    OrgKind.GOVERNMENT: OrgLevel.GRASSROOTS,
    OrgKind.INSTITUTION: OrgLevel.GRASSROOTS,
    OrgKind.SOCIAL_ORG: OrgLevel.GRASSROOTS,
    OrgKind.VILLAGE: OrgLevel.GRASSROOTS,
}
LEVEL_BELOW = {
    OrgLevel.PROVINCE: OrgLevel.CITY,
    OrgLevel.CITY: OrgLevel.COUNTY,
    OrgLevel.COUNTY: OrgLevel.TOWNSHIP,
    OrgLevel.TOWNSHIP: OrgLevel.GRASSROOTS,
}


def derived_level(kind, parent):
    """The level of an organisation of `kind` under `parent` when none is given: the kind's
    own, or the level below the parent's."""
    if kind in KIND_LEVELS:
        return KIND_LEVELS[kind]
    return LEVEL_BELOW.get(parent.level if parent else None, OrgLevel.GRASSROOTS)


def kind_level_error(kind, level):
    """A message when `level` contradicts what `kind` fixes, else None."""
    expected = KIND_LEVELS.get(kind)
    if expected is None or not level or level == expected:
        return None
    return _("A %(kind)s is at the %(level)s level, not the %(given)s level.") % {
        "kind": OrgKind(kind).label,
        "level": OrgLevel(expected).label,
        "given": OrgLevel(level).label,
    }
