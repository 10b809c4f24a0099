"""Hardship files: the list (and its export when the ledger is registered), a file's page, the
application and corrections with the household's members, and the files due for review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import apply_errors
from apps.core.history import history_for
from apps.core.ledgers import EXPORTERS
from apps.core.listing import export_list, paginate
from apps.core.masking import export_logged
from apps.core.permissions import require_edit

from .. import queries, reveals, services
from ..choices import OPEN_STATUSES, FileStatus, ObjectionDecision
from ..filters import FileFilter
from ..forms import FamilyFormSet, FileForm
from ..models import AidPayment, FileStep, HardshipFile, SensitiveExport
from .common import can_reveal, scoped, shown
from .steps import offered

FILE_EXPORTER = "aid_files"
FILE_FULL_EXPORTER = "aid_files_full"


def file_queryset(user):
    return HardshipFile.objects.visible_to(user).select_related("org", "org__township")


def file_list(request):
    """The files in scope; no sensitive value is shown in the list, for any role."""
    filterset = FileFilter(request.GET, queryset=file_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    can_export = FILE_EXPORTER in EXPORTERS
    context = {
        "filter": filterset,
        "page": page,
        "can_export": can_export,
        "can_export_full": can_export
        and FILE_FULL_EXPORTER in EXPORTERS
        and can_reveal(request.user),
    }
    return render(request, "aid/file_list.html", context)


def file_export(request):
    """The filtered list as the national template's workbook (the ledger's exporter), the
    sensitive columns masked for every role."""
    exporter = EXPORTERS.get(FILE_EXPORTER)
    if exporter is None:
        raise Http404
    return export_list(request, exporter)


@require_POST
def file_export_full(request):
    """The same workbook with the sensitive columns in full: for users with the reveal right,
    logged first (one `SensitiveExport` row naming the organisation, the filter, the count)."""
    exporter = EXPORTERS.get(FILE_FULL_EXPORTER)
    if exporter is None:
        raise Http404
    filterset = FileFilter(request.GET, queryset=file_queryset(request.user), request=request)
    within = filterset.form.cleaned_data.get("union") if filterset.is_valid() else None
    return export_logged(
        request, exporter, log=SensitiveExport, within=within, ledger=FILE_EXPORTER
    )


def with_reversal(payments):
    """Payments with whether each has been reversed (one query, not one per row)."""
    return payments.annotate(
        is_reversed=Exists(AidPayment.objects.filter(reverses=OuterRef("pk")))
    ).select_related("programme", "org")


def file_detail(request, pk, *, revealed=False):
    """A household's file; its sensitive values masked unless `revealed` (`file_reveal`)."""
    file = scoped(HardshipFile, request, pk, file_queryset(request.user).select_related("member"))
    user = request.user
    if revealed:
        reveals.reveal_file(file=file, actor=user)
    family = list(file.family.all())
    for member in family:
        member.shown = shown(member, user, revealed=revealed)
    steps = FileStep.objects.visible_to(user).filter(file=file)
    payments = with_reversal(AidPayment.objects.visible_to(user).filter(file=file))
    context = {
        "file": file,
        "shown": shown(file, user, revealed=revealed),
        "can_reveal": can_reveal(user),
        "revealed": revealed,
        "family": family,
        "steps": steps.select_related("acting_org", "actor"),
        "objections": file.objections.select_related("recorded_by", "decided_by"),
        "payments": payments,
        "actions": offered(file, user) if user.can_edit else [],
        "editable": user.can_edit and file.status in OPEN_STATUSES,
        "can_pay": user.can_edit and file.status == FileStatus.ACTIVE,
        "history": history_for(file, viewer=user) if user.can_see_history else None,
        "decisions": ObjectionDecision,
    }
    return render(request, "aid/file_detail.html", context)


@require_POST
def file_reveal(request, pk):
    """The file's page with the household's sensitive values in full, for a user with the reveal
    right, the reveal logged (`FileReveal`); another township's file is a 404, a user without
    the right a 403."""
    if not can_reveal(request.user):
        scoped(HardshipFile, request, pk, file_queryset(request.user))  # 404 before 403
        raise PermissionDenied
    return file_detail(request, pk, revealed=True)


def file_edit(request, pk=None):
    """申请 (a new file and its members) or a correction of an open file."""
    require_edit(request.user)
    if pk:
        file = scoped(HardshipFile, request, pk, file_queryset(request.user))
        if file.status not in OPEN_STATUSES:
            messages.error(request, _("A closed file is not edited; rebuild it by a review."))
            return redirect("aid:file_detail", pk=file.pk)
    else:
        file = HardshipFile(applied_on=timezone.localdate())
    data = request.POST or None
    form = FileForm(data, instance=file, user=request.user)
    formset = FamilyFormSet(
        data,
        instance=file,
        prefix="family",
        form_kwargs={"user": request.user},
        queryset=file.family.all() if pk else None,
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        family = [
            f.instance for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        new_members = [m for m in family if m.pk is None]
        reason = form.cleaned_data.get("category_reason", "")
        try:
            with transaction.atomic():
                if pk:
                    saved = services.update_file(
                        file=form.save(commit=False),
                        family=family,
                        actor=request.user,
                        category_reason=reason,
                    )
                else:
                    saved = services.apply_for_file(
                        file=form.save(commit=False),
                        family=family,
                        actor=request.user,
                        category_reason=reason,
                    )
        except ValidationError as error:
            # Rolled back: what the failed insert numbered is not in the database.
            for record in [*new_members, *([] if pk else [file])]:
                record.pk = None
                record._state.adding = True
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect("aid:file_detail", pk=saved.pk)
    context = {"form": form, "formset": formset, "file": file}
    return render(request, "aid/file_form.html", context)


def attention(request):
    """Files on record not reviewed this year (每年至少一次集中复核), oldest review first."""
    today = timezone.localdate()
    rows = queries.due_for_review(file_queryset(request.user), today).order_by(
        "last_reviewed_on", "filed_on", "pk"
    )
    page = paginate(request, rows)
    return render(request, "aid/attention.html", {"page": page, "today": today})


__all__ = [
    "attention",
    "file_detail",
    "file_edit",
    "file_export",
    "file_export_full",
    "file_list",
    "file_reveal",
]
