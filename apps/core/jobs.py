"""Background jobs: large imports and exports (and later, issuing the annual review).

A `Job` row carries the work's parameters, progress and result file; the PostgreSQL-backed task
queue (django-tasks' database backend, run by `manage.py db_worker`) only carries the job id.
Small work runs inline in the request through the same runner, so there is one code path.
"""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django_tasks import task

from .choices import JobStatus
from .ledgers import EXPORTERS, IMPORTERS
from .models import Job, UnionOrg
from .xlsx import SpreadsheetError

log = logging.getLogger(__name__)
RUNNERS = {}


def runner(kind):
    def decorate(function):
        RUNNERS[kind] = function
        return function

    return decorate


def start_job(*, kind, title, user, params, input_file=None, input_name="", inline=False):
    """Record a job and run it: inline (small work, the same runner) or on the queue.

    `input_file` is a new upload to store; `input_name` reuses a file an earlier job stored.
    """
    params = {**params, "language": get_language()}
    job = Job.objects.create(
        kind=kind, title=title, created_by=user, params=params, input_file=input_name
    )
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=True)
    if inline:
        execute(job.pk)
        job.refresh_from_db()
    else:
        run_job.enqueue(job.pk)
    return job


@task()
def run_job(job_id: int):
    execute(job_id)


def execute(job_id):
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    def progress(done, total):
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        with override(job.params.get("language")):
            RUNNERS[job.kind](job, progress)
    except SpreadsheetError as error:
        job.status, job.message = JobStatus.FAILED, str(error)
    except Exception:
        log.exception("job %s failed", job.pk)
        job.status, job.message = JobStatus.FAILED, _("The job failed; nothing was saved.")
    else:
        job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "message",
            "params",
            "result_file",
            "result_name",
            "done",
            "total",
            "finished_at",
        ]
    )


@runner("export")
def run_export(job, progress):
    exporter = EXPORTERS[job.params["exporter"]]
    queryset = exporter.filtered(job.created_by, job.params.get("query", ""))
    job.total = queryset.count()
    content = exporter.render(queryset, progress=progress)
    job.done = job.total
    job.result_name = f"{exporter.title}-{timezone.localdate():%Y%m%d}.xlsx"
    job.result_file.save(job.result_name, ContentFile(content), save=False)


def _run_import(job, progress, *, commit):
    importer = IMPORTERS[job.params["importer"]]
    org = None
    if job.params.get("org"):
        org = UnionOrg.objects.visible_to(job.created_by).get(pk=job.params["org"])
    job.input_file.open("rb")
    data = job.input_file.read()
    job.input_file.close()
    outcome = importer.run(data, user=job.created_by, org=org, commit=commit, progress=progress)
    job.params = {**job.params, "outcome": outcome.summary(), "committed": commit and outcome.ok}
    job.total = job.done = outcome.total
    if not outcome.ok:
        job.result_name = f"{importer.title}-错误原因.xlsx"
        job.result_file.save(
            job.result_name, ContentFile(importer.error_workbook(data, outcome)), save=False
        )


@runner("import-check")
def run_import_check(job, progress):
    _run_import(job, progress, commit=False)


@runner("import-commit")
def run_import_commit(job, progress):
    _run_import(job, progress, commit=True)
