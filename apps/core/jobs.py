"""Background jobs: large imports and exports (and later, issuing the annual review).

A `Job` row carries the work's parameters, progress and result file; the PostgreSQL-backed task
queue (django-tasks' database backend, run by `manage.py db_worker`) only carries the job id.
Small work runs inline in the request through the same runner, so there is one code path.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django_tasks import task

from .choices import JobKind, JobStatus
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
    job = _new_job(kind=kind, title=title, user=user, params=params, input_name=input_name)
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=True)
    return _launch(job, inline=inline)


def _new_job(*, kind, title, user, params, input_name=""):
    params = {**params, "language": get_language()}
    return Job.objects.create(
        kind=kind, title=title, created_by=user, params=params, input_file=input_name
    )


def _launch(job, *, inline):
    if inline:
        execute(job.pk)
        job.refresh_from_db()
    else:
        run_job.enqueue(job.pk)
    return job


class AlreadyConfirmed(Exception):
    """A checked import was confirmed before: `commit` is the job that saves it."""

    def __init__(self, commit):
        super().__init__(_("This file was already confirmed; it is imported only once."))
        self.commit = commit


def confirm_import(*, check, actor):
    """Save a checked import: start the job that imports the checked file again, committed.

    One check starts at most one save, however often and however fast it is confirmed (a
    double click, two tabs): the check is marked confirmed by a conditional UPDATE that only
    one caller can win, since PostgreSQL makes a second UPDATE of the row wait for the first
    to commit and then re-reads the condition. The save's job is created in the same
    transaction, so it exists exactly when the mark does. A loser raises `AlreadyConfirmed`
    with the winner's job. Only a check that passed, of the actor's own, can be confirmed.
    """
    outcome = check.outcome
    if (
        check.kind != JobKind.IMPORT_CHECK
        or check.status != JobStatus.DONE
        or check.created_by_id != actor.pk
        or outcome.get("error_rows")
    ):
        raise PermissionDenied
    with transaction.atomic():
        commit = _new_job(
            kind=JobKind.IMPORT_COMMIT,
            title=check.title,
            user=actor,
            params={k: v for k, v in check.params.items() if k in ("importer", "org")},
            input_name=check.input_file.name,
        )
        marked = (
            Job.objects.filter(pk=check.pk, kind=JobKind.IMPORT_CHECK, status=JobStatus.DONE)
            .exclude(params__has_key="confirmed_job")
            .update(params=RawSQL("params || jsonb_build_object('confirmed_job', %s)", [commit.pk]))
        )
        if not marked:
            transaction.set_rollback(True)
    if not marked:
        check.refresh_from_db(fields=["params"])
        raise AlreadyConfirmed(Job.objects.get(pk=check.params["confirmed_job"]))
    return _launch(commit, inline=outcome.get("total", 0) <= settings.BACKGROUND_JOB_ROWS)


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


@runner(JobKind.EXPORT)
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


@runner(JobKind.IMPORT_CHECK)
def run_import_check(job, progress):
    _run_import(job, progress, commit=False)


@runner(JobKind.IMPORT_COMMIT)
def run_import_commit(job, progress):
    _run_import(job, progress, commit=True)
