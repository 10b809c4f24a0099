"""The care ledger's pages: the list with its filters and export, an entry recorded, an entry's
page (with the person's hardship file in the aid app, when there is one) and its reversal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.listing import export_list, paginate
from apps.core.permissions import require_edit

from ..filters_care import CareFilter
from ..forms.care import CareForm, CareReversalForm
from ..models import ModelWorker
from ..models.care import CareEntry, CareRecord
from ..services import care as services


def care_queryset(user):
    return (
        CareRecord.objects.visible_to(user)
        .select_related("model_worker", "org", "reversal", "reverses")
        .order_by("-given_on", "-pk")
    )


def care_list(request):
    filterset = CareFilter(request.GET, queryset=care_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "modelworkers/care_list.html",
        {"filter": filterset, "page": page, "CareEntry": CareEntry},
    )


def care_export(request):
    from ..ledgers_care import CARE_EXPORTER

    return export_list(request, CARE_EXPORTER)


def care_add(request):
    """Record an entry (`services.care.record_care`); the page can start from a person
    (?model_worker=…)."""
    require_edit(request.user)
    initial = {"given_on": timezone.localdate()}
    value = request.GET.get("model_worker", "")
    if value.isdigit():
        initial["model_worker"] = get_object_or_404(
            ModelWorker.objects.visible_to(request.user), pk=int(value)
        ).pk
    form = CareForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_care(actor=request.user, **form.service_args())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Recorded %(kind)s for %(name)s.")
                % {"kind": record.get_kind_display(), "name": record.model_worker.name},
            )
            return redirect("modelworkers:care_detail", pk=record.pk)
    context = {
        "form": form,
        "title": _("Record care for a model worker"),
        "what_happens": _(
            "The entry is written in the care ledger and cannot be changed afterwards: a mistake "
            "is corrected by reversing it. A Spring Festival or May Day visit is recorded once "
            "per person and year."
        ),
    }
    return render(request, "modelworkers/care_form.html", context)


def care_detail(request, pk):
    record = get_object_or_404(care_queryset(request.user), pk=pk)
    context = {
        "record": record,
        "hardship_file": services.hardship_file_for(record.model_worker, request.user),
        "others": care_queryset(request.user)
        .filter(model_worker_id=record.model_worker_id)
        .exclude(pk=record.pk)[:20],
        "can_reverse": request.user.can_edit
        and record.entry == CareEntry.RECORD
        and not hasattr(record, "reversal"),
    }
    return render(request, "modelworkers/care_detail.html", context)


def care_reverse(request, pk):
    require_edit(request.user)
    record = get_object_or_404(care_queryset(request.user), pk=pk)
    if record.entry != CareEntry.RECORD or hasattr(record, "reversal"):
        messages.error(request, _("This entry has already been reversed."))
        return redirect("modelworkers:care_detail", pk=record.pk)
    form = CareReversalForm(request.POST or None, initial={"reversed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.reverse_care(record=record, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The entry has been reversed."))
            return redirect("modelworkers:care_detail", pk=record.pk)
    context = {
        "form": form,
        "title": _("Reverse a care entry"),
        "record": record,
        "what_happens": _(
            "A reversing entry of −%(amount)s yuan for %(name)s (%(kind)s, %(year)s) is added to "
            "the ledger, with the reason; the entry itself stays as it was and stops counting."
        )
        % {
            "amount": record.amount,
            "name": record.model_worker.name,
            "kind": record.get_kind_display(),
            "year": record.year,
        },
    }
    return render(request, "modelworkers/care_form.html", context)
