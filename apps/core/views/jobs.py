"""A job's page: progress while it runs (polled with htmx), then its result: an import's preview
and errors with the confirm button, or the file to download."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..choices import JobStatus
from ..jobs import start_job
from ..models import Job
from ..permissions import require_edit


def _job(request, pk):
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


def job_detail(request, pk):
    return render(request, "core/job_detail.html", {"job": _job(request, pk)})


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
    if commit.finished and commit.params.get("committed"):
        messages.success(request, _("%(n)d rows imported.") % {"n": commit.outcome.get("saved", 0)})
    return redirect(commit)


def job_download(request, pk):
    job = _job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
