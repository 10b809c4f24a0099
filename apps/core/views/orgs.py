"""Union organisations: list, detail with history, add, edit, close, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules, services
from ..choices import OrgStatus
from ..filters import OrgFilter
from ..forms import CloseOrgForm, OrgForm
from ..history import history_for
from ..listing import export_list, paginate
from ..masking import can_reveal, shown_phone
from ..models import Employer, UnionOrg
from ..overview import counts_of, with_counts
from ..permissions import require_edit
from ..spreadsheets import ORG_EXPORTER


def _visible_orgs(user):
    return UnionOrg.objects.visible_to(user)


def org_list(request):
    queryset = _visible_orgs(request.user).select_related("parent", "township")
    filterset = OrgFilter(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(request, "core/org_list.html", {"filter": filterset, "page": page})


def org_export(request):
    return export_list(request, ORG_EXPORTER)


def _counts(request, org):
    """The tree's counts (members, contracts in force …) of `org`'s subtree, with their lists."""
    day = timezone.localdate()
    counted = with_counts(_visible_orgs(request.user).filter(pk=org.pk), request.user, day).get()
    return counts_of(counted, day)


def org_detail(request, pk):
    org = get_object_or_404(_visible_orgs(request.user).select_related("parent", "township"), pk=pk)
    children = _visible_orgs(request.user).filter(parent=org).order_by("code")
    employers = Employer.objects.visible_to(request.user).filter(union=org)
    context = {
        "org": org,
        "counts": _counts(request, org),
        "children": children[:50],
        "children_count": children.count(),
        "employers": employers[:50],
        "employers_count": employers.count(),
        "ancestors": _visible_orgs(request.user)
        .filter(pk__in=[int(p) for p in org.path.strip("/").split("/")])
        .exclude(pk=org.pk)
        .order_by("depth"),
        "history": history_for(org, viewer=request.user) if request.user.can_see_history else None,
        "chair_phone": shown_phone(org.chair_phone, can_reveal(request.user)),
        # Closing changes the status: not for the organisation that is the user's own scope.
        "may_close": "status" not in rules.locked_fields(org, request.user),
    }
    return render(request, "core/org_detail.html", context)


def org_edit(request, pk=None):
    require_edit(request.user)
    org = get_object_or_404(_visible_orgs(request.user), pk=pk) if pk else UnionOrg()
    if pk is None and request.GET.get("parent"):
        org.parent = _visible_orgs(request.user).filter(pk=request.GET["parent"]).first()
    form = OrgForm(request.POST or None, instance=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.save_org(org=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": org.name})
            return redirect(org)
    return render(request, "core/org_form.html", {"form": form, "org": org})


def org_close(request, pk):
    require_edit(request.user)
    org = get_object_or_404(_visible_orgs(request.user), pk=pk)
    form = CloseOrgForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_org(
                org=org,
                actor=request.user,
                status=OrgStatus(form.cleaned_data["status"]),
                closed_on=form.cleaned_data["closed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is closed.") % {"name": org.name})
            return redirect(org)
    return render(request, "core/org_close.html", {"form": form, "org": org})


def org_summary_pdf(request, pk):
    """An organisation's summary sheet (组织概况表) as a printable PDF."""
    from django.http import HttpResponse
    from django.utils.translation import override

    from ..pdf import render_pdf

    org = get_object_or_404(_visible_orgs(request.user).select_related("parent", "township"), pk=pk)
    with override("zh-hans"):
        content = render_pdf(
            "pdf/org_summary.html",
            {
                "org": org,
                "counts": _counts(request, org),
                "chair_phone": shown_phone(org.chair_phone, can_reveal(request.user)),
                "children": list(_visible_orgs(request.user).filter(parent=org).order_by("code")),
                "employers": list(Employer.objects.visible_to(request.user).filter(union=org)),
                "today": timezone.localdate(),
            },
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="org-{org.code}.pdf"'
    return response
