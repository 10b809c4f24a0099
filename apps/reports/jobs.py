"""Issuing a review from the web runs as a background job (rendering a long PDF takes seconds),
through the foundation's job machinery, so the page shows progress and the user can leave."""

from apps.core.choices import JobKind
from apps.core.jobs import runner

from .models import AnnualReview
from .services import issue_review


@runner(JobKind.ISSUE_REVIEW)
def run_issue_review(job, progress):
    review = AnnualReview.objects.visible_to(job.created_by).get(pk=job.params["review"])
    issued = issue_review(review=review, actor=job.created_by, progress=progress)
    job.params = {**job.params, "issued": issued.pk, "version": issued.version}
    job.total = job.done = 3
    job.result_name = issued.filename
