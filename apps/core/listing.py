"""The list pattern every app reuses: scoped queryset → FilterSet → page, and the same
FilterSet's rows as an .xlsx download (inline when small, as a background job when large)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from .choices import JobKind

PAGE_SIZES = (20, 50, 100)


def paginate(request, queryset, default=50):
    try:
        size = int(request.GET.get("size", default))
    except ValueError:
        size = default
    size = size if size in PAGE_SIZES else default
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def xlsx_response(content, filename):
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_filename(title):
    return f"{title}-{timezone.localdate():%Y%m%d}.xlsx"


def export_list(request, exporter):
    """Download exactly the rows the list shows for the same query string. Past
    `BACKGROUND_JOB_ROWS` rows the export runs as a background job with a progress page."""
    from .jobs import start_job

    queryset = exporter.filtered(request.user, request.GET)
    if queryset.count() > settings.BACKGROUND_JOB_ROWS:
        job = start_job(
            kind=JobKind.EXPORT,
            title=exporter.title,
            user=request.user,
            params={"exporter": exporter.kind, "query": request.GET.urlencode()},
        )
        return redirect(job)
    return xlsx_response(exporter.render(queryset), export_filename(exporter.title))
