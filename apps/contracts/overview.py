"""Contracts on the overview pages (`apps.core.overview`): contracts in force beside each
organisation of the tree, and on the home page the contracts expiring or overdue (the
attention page's counts, `queries.flag_counts`, in one query)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apps.core.overview import Todo, TreeCount

from . import queries
from .choices import Flag
from .models import CollectiveContract


def _in_force(user, day):
    return CollectiveContract.objects.visible_to(user).filter(queries.in_force_q(day))


def _contract_list(org, day):
    query = {"subtree": org.pk, "in_force_on": day.isoformat()}
    return reverse("contracts:contract_list") + "?" + urlencode(query)


TREE_COUNTS = [
    TreeCount(
        key="contracts",
        label=_("Contracts in force"),
        records=_in_force,
        path="union__path",
        url=_contract_list,
        order=20,
    )
]

# (order on the home page, what to do), per attention flag.
TODO = {
    Flag.EXPIRING: (20, _("Contracts expiring within 3 months, no renewal offered")),
    Flag.SUBMISSION_OVERDUE: (
        21,
        _("Signed contracts not filed with the labour bureau in 10 days"),
    ),
    Flag.REPLY_OVERDUE: (22, _("Offers to negotiate with no reply after 20 days")),
}


def todos(user, day):
    counts = queries.flag_counts(CollectiveContract.objects.visible_to(user).order_by(), day)
    return [
        Todo(
            order=TODO[flag][0],
            label=TODO[flag][1],
            count=counts[flag.value],
            url=reverse("contracts:attention") + "?" + urlencode({"tab": flag.value}),
            urgent=flag != Flag.EXPIRING,
        )
        for flag in TODO
    ]
