"""The audit page: every change and reveal across records in the reader's scope, for the audit
committee (经审) and the county administrator."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .. import audit
from ..choices import Role
from ..listing import paginate

AUDIT_ROLES = (Role.AUDITOR, Role.COUNTY_ADMIN)


def audit_log(request):
    if request.user.role not in AUDIT_ROLES:
        raise PermissionDenied
    form = audit.AuditFilterForm(request.GET)
    valid = form.is_valid()
    page = paginate(request, audit.audit_rows(request.user, form.cleaned_data) if valid else [])
    context = {
        "filter": SimpleNamespace(form=form),  # what includes/filter_form.html reads
        "form": form,
        "page": page,
        "entries": audit.describe_page(request.user, list(page)),
    }
    # A filter that is not a date, or a range the wrong way round, is the reader's mistake.
    return render(request, "core/audit.html", context, status=200 if valid else 400)
