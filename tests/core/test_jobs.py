"""Background jobs: large exports and imports run through a Job with a progress page; the result
belongs to the person who started it."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.choices import JobStatus, OrgKind
from apps.core.jobs import execute
from apps.core.ledgers import zh_choices
from apps.core.models import Job, UnionOrg

pytestmark = pytest.mark.usefixtures("fast_passwords", "media_root")


@pytest.fixture
def small_threshold(settings):
    """Anything over one row goes to the queue (run at once here: TASKS_IMMEDIATE)."""
    settings.BACKGROUND_JOB_ROWS = 1


def job_from(response):
    assert response.status_code == 302, response
    match = re.fullmatch(r"/jobs/(\d+)/", response["Location"])
    assert match, response["Location"]
    return Job.objects.get(pk=int(match[1]))


def workbook_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headers = [c.value for c in sheet[1]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]


def test_a_large_export_runs_as_a_job_holding_exactly_the_filtered_rows(
    client_for, tree, small_threshold
):
    client = client_for("county_admin")

    response = client.get(reverse("core:org_export") + "?kind=enterprise")

    job = job_from(response)
    assert job.kind == "export"
    assert job.status == JobStatus.DONE
    assert job.total == job.done == 2
    assert job.created_by.username == "county_admin"
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="download"' in page
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert ".xlsx" in download["Content-Disposition"]
    rows = workbook_rows(download)
    assert sorted(r["组织代码"] for r in rows) == ["QH-01-001", "QH-02-001"]
    assert {r["组织全称"] for r in rows} == {"宏达纺织有限公司工会", "新庄机械厂工会"}
    assert {r["上级组织代码"] for r in rows} == {"QH-01", "QH-02"}


def test_an_export_job_keeps_the_scope_of_the_person_who_started_it(
    client_for, tree, small_threshold
):
    client = client_for("township_staff")

    job = job_from(client.get(reverse("core:org_export")))

    rows = workbook_rows(client.get(reverse("core:job_download", args=[job.pk])))
    assert sorted(r["组织代码"] for r in rows) == ["QH-01", "QH-01-001", "QH-01-002"]


def test_a_small_export_is_downloaded_at_once_without_a_job(client_for, tree):
    response = client_for("county_admin").get(reverse("core:org_export") + "?kind=enterprise")

    assert response.status_code == 200
    assert not Job.objects.exists()
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3  # header + 2 enterprise unions


@pytest.mark.parametrize("other", ["other_township_staff", "township_staff", "auditor"])
def test_another_user_cannot_see_or_download_a_job(client_for, tree, small_threshold, other):
    job = job_from(client_for("county_admin").get(reverse("core:org_export")))
    client = client_for(other)

    for name in ("core:job_detail", "core:job_progress", "core:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert client.post(reverse("core:job_confirm", args=[job.pk])).status_code in (403, 404)


def test_the_progress_partial_renders_for_a_finished_job(client_for, tree, small_threshold):
    client = client_for("county_admin")
    job = job_from(client.get(reverse("core:org_export")))

    response = client.get(reverse("core:job_progress", args=[job.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="job-progress"')  # a fragment, not a page
    assert "<html" not in html
    assert 'aria-valuenow="100"' in html
    assert f"{job.done} / {job.total}" in html
    assert "every 1s" not in html  # finished: no more polling


def test_the_progress_partial_keeps_polling_a_running_job(client_for, personas):
    job = Job.objects.create(
        kind="export",
        title="工会组织",
        status=JobStatus.RUNNING,
        done=1000,
        total=4000,
        created_by=personas["county_admin"],
    )

    html = client_for("county_admin").get(reverse("core:job_progress", args=[job.pk]))

    html = html.content.decode()
    assert 'aria-valuenow="25"' in html
    assert 'hx-trigger="every 1s"' in html
    assert "1000 / 4000" in html


def test_a_failing_job_is_marked_failed_with_a_message(client_for, personas):
    job = Job.objects.create(
        kind="export",
        title="坏任务",
        params={"exporter": "no-such-ledger"},
        created_by=personas["county_admin"],
    )

    execute(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message
    assert job.finished_at is not None
    page = client_for("county_admin").get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-failed"' in page


def test_a_large_import_is_checked_and_saved_through_queued_jobs(client_for, tree, small_threshold):
    enterprise = dict(zh_choices(OrgKind))[OrgKind.ENTERPRISE]
    workbook = openpyxl.Workbook()
    workbook.active.append(["组织全称", "组织代码", "上级组织代码", "组织类别"])
    for i in range(1, 4):
        workbook.active.append([f"城关镇测试{i}厂工会", f"QH-01-2{i:02d}", "QH-01", enterprise])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for("township_staff")

    check = job_from(
        client.post(
            reverse("core:import_upload", args=["orgs"]),
            {"file": SimpleUploadedFile("台账.xlsx", buffer.getvalue())},
        )
    )

    assert check.kind == "import-check" and check.status == JobStatus.DONE
    assert check.outcome["total"] == 3 and not check.outcome["errors"]
    assert not UnionOrg.objects.filter(code__startswith="QH-01-2").exists()

    commit = job_from(client.post(reverse("core:job_confirm", args=[check.pk])))

    assert commit.kind == "import-commit" and commit.status == JobStatus.DONE
    assert commit.params["committed"] is True
    assert UnionOrg.objects.filter(code__startswith="QH-01-2", parent=tree.township_a).count() == 3
    page = client.get(commit.get_absolute_url()).content.decode()
    assert 'data-testid="import-done"' in page
