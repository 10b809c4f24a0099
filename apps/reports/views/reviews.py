"""Annual work reviews: list, create, edit, preview with live figures, issue, download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.choices import JobKind, JobStatus
from apps.core.history import history_for
from apps.core.jobs import start_job
from apps.core.models import Job
from apps.core.permissions import require_edit

from .. import services
from ..forms import NewReviewForm, ReviewForm, SectionFormSet
from ..models import AnnualReview, IssuedReview
from ..placeholders import problems, section_problems
from ..queries import drilldown_url
from ..registry import REGISTRY
from ..render import review_context, section_dicts
from ..store import cached_figures, review_charts


def _reviews(user):
    return AnnualReview.objects.visible_to(user).select_related("org", "updated_by")


def _review(request, pk):
    return get_object_or_404(_reviews(request.user), pk=pk)


def review_list(request):
    reviews = _reviews(request.user).annotate(
        versions=Count("issues"), last_issued=Max("issues__issued_at")
    )
    form = NewReviewForm(user=request.user) if request.user.can_edit else None
    return render(request, "reports/review_list.html", {"reviews": reviews, "form": form})


@require_POST
def review_new(request):
    require_edit(request.user)
    form = NewReviewForm(request.POST, user=request.user)
    if not form.is_valid():
        reviews = _reviews(request.user).annotate(
            versions=Count("issues"), last_issued=Max("issues__issued_at")
        )
        return render(request, "reports/review_list.html", {"reviews": reviews, "form": form})
    review, created = services.get_or_create_review(
        org=form.cleaned_data["org"], period=form.cleaned_data["period"], actor=request.user
    )
    if not created:
        messages.info(request, _("This review already exists."))
    return redirect(review)


def review_detail(request, pk):
    """The review as it would be issued now: live figures, each linking to its drill-down."""
    review = _review(request, pk)
    scope, period = review.org, review.period
    data, computed_at, stale = cached_figures(scope, period, refresh="refresh" in request.GET)
    sections = section_dicts(review)
    context = review_context(
        title=review.title,
        org=scope,
        period=period,
        sections=sections,
        entries=data["entries"],
        charts=review_charts(data, scope, period),
        issued_on=timezone.localdate(),
        link=lambda code: drilldown_url(code, scope, period),
    )
    issued = list(review.issues.select_related("issued_by").defer("html", "values", "charts"))
    context.update(
        computed_at=computed_at,
        stale=stale,
        review=review,
        issued=issued,
        missing=services.missing_sections(review, data["entries"]),
        problems=problems(review.title) + section_problems(sections),
        can_edit=request.user.can_edit,
        # The issue button asks first: what issuing does, and whether the period is still
        # running (its figures would then be frozen part-way).
        next_version=max((version.version for version in issued), default=0) + 1,
        period_running=period.end >= timezone.localdate(),
        history=_history(review) if request.user.can_see_history else None,
    )
    return render(request, "reports/review_detail.html", context)


def _history(review):
    """Who changed the review's title and each section's text, and when, newest first."""
    entries = history_for(review, limit=50)
    for section in review.sections.all():
        for entry in history_for(section, limit=20):
            entry.action = f"{entry.action} · {section.heading or section.kind_label}"
            entries.append(entry)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:100]


def review_edit(request, pk):
    require_edit(request.user)
    review = _review(request, pk)
    form = ReviewForm(request.POST or None, instance=review)
    formset = SectionFormSet(request.POST or None, instance=review)
    status = 200
    if request.method == "POST":
        status = 400  # unless saved below
        if form.is_valid() and formset.is_valid():
            try:
                services.save_review(
                    review=form.save(commit=False), formset=formset, actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(review)
    context = {
        "review": review,
        "form": form,
        "formset": formset,
        "indicators": sorted(REGISTRY.values(), key=lambda item: item.order),
    }
    return render(request, "reports/review_edit.html", context, status=status)


@require_POST
def review_add_sections(request, pk):
    require_edit(request.user)
    review = _review(request, pk)
    added = services.add_missing_sections(review=review, actor=request.user)
    messages.success(request, _("%(n)d sections added.") % {"n": len(added)})
    return redirect("reports:review_edit", review.pk)


@require_POST
def review_issue(request, pk):
    """Issue a new version as a background job; its page shows progress."""
    require_edit(request.user)
    review = _review(request, pk)
    found = problems(review.title) + section_problems(section_dicts(review))
    if found:
        messages.error(request, " ".join(found))
        return redirect(review)
    job = start_job(
        kind=JobKind.ISSUE_REVIEW,
        title=_("Issue %(title)s") % {"title": review.title},
        user=request.user,
        params={"review": review.pk},
    )
    return redirect("reports:issue_progress", job.pk)


def issue_progress(request, job_pk):
    """Progress of an issue job (polled by htmx); when done, on to the review's page."""
    jobs = Job.objects.visible_to(request.user)
    job = get_object_or_404(jobs, pk=job_pk, kind=JobKind.ISSUE_REVIEW)
    review = _review(request, job.params["review"])
    if job.status == JobStatus.DONE:
        messages.success(request, _("Version %(v)s issued.") % {"v": job.params.get("version", "")})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = review.get_absolute_url()
            return response
        return redirect(review)
    template = "reports/issue_progress.html"
    if request.headers.get("HX-Request"):
        template = "reports/_issue_progress.html"
    return render(request, template, {"job": job, "review": review})


def issued_download(request, pk):
    """The stored PDF of an issued version, byte for byte."""
    issued = get_object_or_404(IssuedReview.objects.visible_to(request.user), pk=pk)
    if not issued.pdf:
        raise Http404
    return FileResponse(issued.pdf.open("rb"), as_attachment=True, filename=issued.filename)
