"""A job's page: progress while it runs (polled with htmx), then its result: an import's preview
and errors with the confirm button, or the file to download."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..jobs import AlreadyConfirmed, confirm_import
from ..ledgers import IMPORTERS
from ..models import Job
from ..permissions import require_edit
from ..xlsx.columns import BOOL, CHOICE


def _job(request, pk):
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


def job_detail(request, pk):
    job = _job(request, pk)
    columns, rows = _preview_table(job)
    return render(
        request,
        "core/job_detail.html",
        {"job": job, "preview_columns": columns, "preview_rows": rows},
    )


def _preview_table(job):
    """An import preview as headers and rows in the sheet's column order, with choice codes shown
    as their labels. The outcome is kept in a jsonb field, which does not keep the order of a
    dict's keys, so the order comes from the importer's sheet spec."""
    preview = job.outcome.get("preview") or []
    importer = IMPORTERS.get(job.params.get("importer"))
    if not preview or importer is None:
        return [], []
    shown = {column.label: column for column in importer.sheet.columns}
    labels = [label for label in shown if any(label in row for row in preview)]
    labels += sorted({key for row in preview for key in row} - set(labels))

    def cell(label, value):
        column = shown.get(label)
        if column is not None and column.kind == CHOICE:
            return dict(column.choices).get(value, value)
        if column is not None and column.kind == BOOL and value in ("True", "False"):
            return "是" if value == "True" else "否"
        return value

    return labels, [[cell(label, row.get(label, "")) for label in labels] for row in preview]


def job_progress(request, pk):
    return render(request, "core/job_progress.html", {"job": _job(request, pk)})


@require_POST
def job_confirm(request, pk):
    """Save a checked import, once (`confirm_import`); confirming it again shows that save."""
    require_edit(request.user)
    check = _job(request, pk)
    try:
        commit = confirm_import(check=check, actor=request.user)
    except AlreadyConfirmed as already:
        messages.info(request, str(already))
        return redirect(already.commit)
    return redirect(commit)


def job_download(request, pk):
    job = _job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
