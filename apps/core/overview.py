"""What each app adds to the portal's overview pages, found in its `overview.py` (as
`apps.core.discovery` finds every other module), so core names no app:

- `TREE_COUNTS = [TreeCount(...)]`: a count shown beside every node of the organisation tree
  and on an organisation's page (members, contracts in force …). Each is computed in the
  database for a whole level at once: one correlated subquery per count in the query that reads
  the level, never a query per node.
- `todos(user, day) -> [Todo]`: the home page's to-do items (transfers waiting for the user's
  decision, contracts expiring …), each a count and the link to the records, scoped to the user
  (`visible_to`), each in a fixed number of queries whatever the number of records.

Core's own items (imports waiting for confirmation, unions due for 换届) are below.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .choices import JobKind, JobStatus
from .discovery import app_modules
from .models import Job, UnionOrg

# A union whose term ends within this many days (or has ended) is due for 换届.
TERM_DUE_DAYS = 90


@dataclass(frozen=True)
class TreeCount:
    """A count beside each organisation: `records(user, day)` (a queryset starting from
    `visible_to(user)`) counted over the organisation's subtree through the `path` lookup (e.g.
    "union__path"); `url(org, day)` is the list of exactly those records."""

    key: str
    label: str
    records: Callable
    path: str
    url: Callable
    order: int = 50


@dataclass(frozen=True)
class Todo:
    """One line of the home page's to-do list: `count` records need doing, `url` lists them;
    `note` says more (how long the oldest has waited) and `urgent` flags it; `rows` are the
    first records themselves as (text, url, note, urgent)."""

    order: int
    label: str
    count: int
    url: str
    note: str = ""
    urgent: bool = False
    rows: tuple = ()
    counted: bool = True  # False: a single thing to do, its count not shown


# Core's own: no count beside the tree (its to-do items are `todos` below).
TREE_COUNTS = []


def tree_counts():
    """Every app's tree counts, in their order."""
    found = [count for _config, module in app_modules("overview") for count in module.TREE_COUNTS]
    return sorted(found, key=lambda count: count.order)


def with_counts(orgs, user, day):
    """`orgs` annotated with `count_<key>` for every tree count (over each one's subtree)."""
    annotations = {}
    for count in tree_counts():
        per_org = (
            count.records(user, day)
            .filter(**{f"{count.path}__startswith": OuterRef("path")})
            .order_by()
            .annotate(one=Value(1))
            .values("one")
            .annotate(n=Count("pk"))
            .values("n")
        )
        annotations[f"count_{count.key}"] = Coalesce(
            Subquery(per_org, output_field=IntegerField()), 0
        )
    return orgs.annotate(**annotations)


def counts_of(org, day):
    """[(label, number, url)] of an organisation already read `with_counts`."""
    return [
        (count.label, getattr(org, f"count_{count.key}"), count.url(org, day))
        for count in tree_counts()
    ]


def todo_list(user, day):
    """The user's to-do list: core's items and every app's, in their order; empty ones are
    left out."""
    items = [
        item for _config, module in app_modules("overview") for item in module.todos(user, day)
    ]
    return sorted((item for item in items if item.count), key=lambda item: item.order)


def term_due_q(day):
    """Due for 换届: the term has ended or ends within `TERM_DUE_DAYS` of `day`."""
    return Q(term_end__lte=day + datetime.timedelta(days=TERM_DUE_DAYS))


def todos(user, day):
    """Core's items: the user's checked imports not yet confirmed, unions due for 换届."""
    checks = (
        Job.objects.visible_to(user)
        .filter(kind=JobKind.IMPORT_CHECK, status=JobStatus.DONE)
        .exclude(params__has_key="confirmed_job")
        .filter(params__outcome__error_rows=0)
    )
    waiting = checks.count()
    if waiting:
        first = checks.order_by("created_at").first()
        yield Todo(
            order=40,
            label=_("Imports checked and waiting for your confirmation"),
            count=waiting,
            url=first.get_absolute_url(),
        )
    due = UnionOrg.objects.visible_to(user).open().filter(term_due_q(day))
    overdue = due.filter(term_end__lt=day).count()
    due_count = due.count()
    yield Todo(
        order=50,
        label=_("Unions due for re-election (换届)"),
        count=due_count,
        url=reverse("core:org_list") + "?term_due=true",
        note=ngettext("%(n)d past its term", "%(n)d past their term", overdue) % {"n": overdue}
        if overdue
        else "",
        urgent=bool(overdue),
    )
