"""The organisation tree: the county staff's way in. The top of the user's scope with its
children; a node opens (htmx) to its own children, each with the counts the apps declare
(`apps.core.overview.TREE_COUNTS`: members, contracts in force …), computed in the database for
a whole level in one query. Beside the tree, the chosen organisation's units as a list."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import UnionOrg
from ..overview import counts_of, tree_counts, with_counts

# A level with more units than this shows the first ones and a link to the full list.
LEVEL_LIMIT = 300


def _nodes(user, day, **filters):
    visible = UnionOrg.objects.visible_to(user)
    orgs = visible.filter(**filters).annotate(
        has_children=Exists(visible.filter(parent=OuterRef("pk")))
    )
    orgs = with_counts(orgs, user, day).order_by("code")
    nodes = list(orgs[: LEVEL_LIMIT + 1])
    for node in nodes:
        node.counts = counts_of(node, day)
    return nodes[:LEVEL_LIMIT], len(nodes) > LEVEL_LIMIT


def _chosen(request, day):
    visible = UnionOrg.objects.visible_to(request.user)
    pk = request.GET.get("org")
    if pk is not None:
        org = get_object_or_404(visible, pk=pk if str(pk).isdigit() else 0)
    elif request.user.org_id:
        org = get_object_or_404(visible, pk=request.user.org_id)
    else:
        return None
    return with_counts(visible.filter(pk=org.pk), request.user, day).get()


def org_tree(request):
    day = timezone.localdate()
    chosen = _chosen(request, day)
    root = None
    if request.user.org_id:
        root = get_object_or_404(
            with_counts(UnionOrg.objects.visible_to(request.user), request.user, day),
            pk=request.user.org_id,
        )
        root.counts = counts_of(root, day)
    context = {"root": root, "columns": tree_counts(), "today": day}
    if root is not None:
        context["nodes"], context["more"] = _nodes(request.user, day, parent=root)
    context.update(_list_context(request.user, chosen, day))
    return render(request, "core/org_tree.html", context)


def tree_children(request, pk):
    """One node's children, as the tree's nested list (htmx)."""
    day = timezone.localdate()
    parent = get_object_or_404(UnionOrg.objects.visible_to(request.user), pk=pk)
    nodes, more = _nodes(request.user, day, parent=parent)
    context = {"nodes": nodes, "more": more, "parent": parent}
    return render(request, "core/_tree_nodes.html", context)


def _list_context(user, chosen, day):
    if chosen is None:
        return {"chosen": None}
    chosen.counts = counts_of(chosen, day)
    units, more = _nodes(user, day, parent=chosen)
    return {"chosen": chosen, "units": units, "units_more": more}


def tree_list(request, pk):
    """The list beside the tree: the chosen organisation's units with their counts (htmx)."""
    day = timezone.localdate()
    chosen = get_object_or_404(
        with_counts(UnionOrg.objects.visible_to(request.user), request.user, day), pk=pk
    )
    context = {"columns": tree_counts(), **_list_context(request.user, chosen, day)}
    return render(request, "core/_tree_list.html", context)
