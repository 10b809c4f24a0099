"""A job's page: progress while it runs (polled with htmx), then its result: an import's preview
and errors with the confirm button, or the file to download."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..choices import JobStatus
from ..jobs import start_job
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
    """Save a checked import: the whole file again, in one transaction, only if every row passes."""
    require_edit(request.user)
    job = _job(request, pk)
    outcome = job.outcome
    if job.kind != "import-check" or job.status != JobStatus.DONE or outcome.get("error_rows"):
        raise PermissionDenied
    if job.params.get("confirmed_job"):
        return redirect("core:job_detail", job.params["confirmed_job"])
    commit = start_job(
        kind="import-commit",
        title=job.title,
        user=request.user,
        params={k: v for k, v in job.params.items() if k in ("importer", "org")},
        input_name=job.input_file.name,
        inline=outcome.get("total", 0) <= settings.BACKGROUND_JOB_ROWS,
    )
    job.params = {**job.params, "confirmed_job": commit.pk}
    job.save(update_fields=["params"])
    return redirect(commit)


def job_download(request, pk):
    job = _job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
