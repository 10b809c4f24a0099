"""The registry's pages: model workers, collectives, awards (to persons, collectives and union
organisations) and the county's honour types. Thin views: the access helper first, then the
form and the service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.history import history_for
from apps.core.listing import export_list, paginate
from apps.core.masking import can_reveal
from apps.core.models import UnionOrg
from apps.core.permissions import require_county_admin, require_edit

from .. import services
from ..filters import AwardFilter, CollectiveFilter, ModelWorkerFilter
from ..forms.registry import (
    AwardForm,
    CollectiveForm,
    CollectiveStatusForm,
    HonourTypeForm,
    ModelWorkerForm,
    RevokeForm,
    WorkerStatusForm,
)
from ..models import Collective, HonourAward, HonourType, ModelWorker
from ..spreadsheets import (
    AWARD_EXPORTER,
    COLLECTIVE_EXPORTER,
    WORKER_EXPORTER,
    award_queryset,
    collective_queryset,
    worker_queryset,
)


def _awards_of(queryset):
    return queryset.select_related("honour_type").order_by("-conferred_on", "-pk")


def _history(request, obj):
    if not request.user.can_see_history:
        return None
    return history_for(obj, viewer=request.user)


# Model workers --------------------------------------------------------------------------------


def worker_list(request):
    filterset = ModelWorkerFilter(
        request.GET, queryset=worker_queryset(request.user), request=request
    )
    page = paginate(request, filterset.qs)
    return render(request, "modelworkers/worker_list.html", {"filter": filterset, "page": page})


def worker_export(request):
    return export_list(request, WORKER_EXPORTER)


def _worker(request, pk):
    return get_object_or_404(worker_queryset(request.user), pk=pk)


def worker_detail(request, pk):
    worker = _worker(request, pk)
    context = {
        "worker": worker,
        "awards": _awards_of(worker.awards.all()),
        "reveal": can_reveal(request.user),
        "history": _history(request, worker),
    }
    return render(request, "modelworkers/worker_detail.html", context)


def worker_edit(request, pk=None):
    require_edit(request.user)
    worker = _worker(request, pk) if pk else ModelWorker()
    form = ModelWorkerForm(request.POST or None, instance=worker, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.save_worker(worker=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": worker.name})
            return redirect(worker)
    title = _("Edit %(name)s") % {"name": worker.name} if pk else _("Add a model worker")
    context = {"form": form, "title": title, "back": worker if pk else None}
    return render(request, "modelworkers/registry_form.html", context)


def worker_status(request, pk):
    require_edit(request.user)
    worker = _worker(request, pk)
    form = WorkerStatusForm(request.POST or None, initial={"status": worker.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_worker_status(
                worker=worker,
                actor=request.user,
                status=data["status"],
                on=data["on"],
                reason=data["reason"],
                transferred_to=data["transferred_to"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Status recorded."))
            return redirect(worker)
    context = {"form": form, "title": _("Change of status"), "back": worker}
    return render(request, "modelworkers/registry_form.html", context)


# Collectives ----------------------------------------------------------------------------------


def collective_list(request):
    filterset = CollectiveFilter(
        request.GET, queryset=collective_queryset(request.user), request=request
    )
    page = paginate(request, filterset.qs)
    return render(request, "modelworkers/collective_list.html", {"filter": filterset, "page": page})


def collective_export(request):
    return export_list(request, COLLECTIVE_EXPORTER)


def _collective(request, pk):
    return get_object_or_404(collective_queryset(request.user), pk=pk)


def collective_detail(request, pk):
    collective = _collective(request, pk)
    context = {
        "collective": collective,
        "awards": _awards_of(collective.awards.all()),
        "history": _history(request, collective),
    }
    return render(request, "modelworkers/collective_detail.html", context)


def collective_edit(request, pk=None):
    require_edit(request.user)
    collective = _collective(request, pk) if pk else Collective()
    form = CollectiveForm(request.POST or None, instance=collective, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            collective = services.save_collective(
                collective=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": collective.name})
            return redirect(collective)
    title = _("Edit %(name)s") % {"name": collective.name} if pk else _("Add a collective")
    context = {"form": form, "title": title, "back": collective if pk else None}
    return render(request, "modelworkers/registry_form.html", context)


def collective_status(request, pk):
    require_edit(request.user)
    collective = _collective(request, pk)
    form = CollectiveStatusForm(request.POST or None, initial={"status": collective.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_collective_status(
                collective=collective,
                actor=request.user,
                status=data["status"],
                on=data["on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Status recorded."))
            return redirect(collective)
    context = {"form": form, "title": _("Change of status"), "back": collective}
    return render(request, "modelworkers/registry_form.html", context)


# Awards ---------------------------------------------------------------------------------------


def award_list(request):
    filterset = AwardFilter(request.GET, queryset=award_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    return render(request, "modelworkers/award_list.html", {"filter": filterset, "page": page})


def award_export(request):
    return export_list(request, AWARD_EXPORTER)


def _award(request, pk):
    return get_object_or_404(award_queryset(request.user).select_related("entered_by"), pk=pk)


def award_detail(request, pk):
    award = _award(request, pk)
    context = {"award": award, "history": _history(request, award)}
    return render(request, "modelworkers/award_detail.html", context)


PRESET = {
    "model_worker": ModelWorker,
    "collective": Collective,
    "union_org": UnionOrg,
}


def award_add(request):
    """Record an award; `?model_worker=`, `?collective=` or `?union_org=` names the recipient
    (only one in the user's scope is accepted)."""
    require_edit(request.user)
    initial, back = {}, None
    for name, model in PRESET.items():
        value = request.GET.get(name)
        if value and value.isdigit():
            back = get_object_or_404(model.objects.visible_to(request.user), pk=int(value))
            initial[name] = back.pk
    form = AwardForm(
        request.POST or None, instance=HonourAward(), user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            award = services.record_award(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Award recorded: %(award)s.") % {"award": award})
            return redirect(award.recipient if back is not None else award)
    context = {"form": form, "title": _("Record an award"), "back": back}
    return render(request, "modelworkers/registry_form.html", context)


def award_revoke(request, pk):
    require_edit(request.user)
    award = _award(request, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_award(
                award=award,
                actor=request.user,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Award revoked."))
            return redirect(award)
    context = {"form": form, "title": _("Revoke the award"), "back": award}
    return render(request, "modelworkers/registry_form.html", context)


# Honour types ---------------------------------------------------------------------------------


def honour_type_list(request):
    types = HonourType.objects.all()
    return render(request, "modelworkers/honour_type_list.html", {"types": types})


def honour_type_edit(request, pk=None):
    require_county_admin(request.user)
    honour_type = get_object_or_404(HonourType, pk=pk) if pk else HonourType()
    form = HonourTypeForm(request.POST or None, instance=honour_type, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_honour_type(honour_type=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": honour_type.name})
            return redirect("modelworkers:honour_type_list")
    title = _("Edit honour type") if pk else _("Add an honour type")
    return render(request, "modelworkers/registry_form.html", {"form": form, "title": title})
