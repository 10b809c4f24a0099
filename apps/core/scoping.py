"""Scope: what a person may see is one node of the organisation tree and everything below it.

Every query that serves a person starts from `Model.objects.visible_to(user)`. It fails closed:
anonymous, inactive and unassigned users see nothing.
"""

from django.db import models
from django.http import Http404


class OutOfScope(Http404):
    """A record outside the actor's scope: shown to them exactly like a record that is not there."""


def user_scope_path(user):
    """The materialised path of the user's scope node, or None when they have no scope."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    org = getattr(user, "org", None)
    if org is None or not org.path:
        return None
    return org.path


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which organisation path(s) place each row in the tree.

    `scope_paths` names lookups to a UnionOrg `path`; a row is visible when any of them lies in
    the user's subtree (an employer is visible to its township and to its covering union).
    """

    scope_paths: tuple[str, ...] = ()

    def visible_to(self, user):
        path = user_scope_path(user)
        if path is None:
            return self.none()
        condition = models.Q()
        for lookup in self.scope_paths:
            condition |= models.Q(**{f"{lookup}__startswith": path})
        return self.filter(condition)

    def within(self, org):
        """Rows placed in `org`'s subtree (a filter, not a permission)."""
        condition = models.Q()
        for lookup in self.scope_paths:
            condition |= models.Q(**{f"{lookup}__startswith": org.path})
        return self.filter(condition)


def ensure_visible(obj, user):
    """Re-check after a write, inside its transaction, that the record is still in the actor's
    scope (a township clerk cannot move a union into another township). Raises OutOfScope,
    which rolls the transaction back. `user=None` is the system itself (seeding, set-up)."""
    if user is None:
        return
    model = type(obj)
    if not model.objects.visible_to(user).filter(pk=obj.pk).exists():
        raise OutOfScope("The record would leave your organisation's scope.")
