"""Employers (用人单位): list, detail with history, add, edit, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..filters import EmployerFilter
from ..forms import EmployerForm
from ..history import history_for
from ..listing import export_list, paginate
from ..models import Employer
from ..permissions import require_edit
from ..spreadsheets import EMPLOYER_EXPORTER


def _visible(user):
    return Employer.objects.visible_to(user).select_related("township", "union")


def employer_list(request):
    filterset = EmployerFilter(request.GET, queryset=_visible(request.user), request=request)
    page = paginate(request, filterset.qs)
    return render(request, "core/employer_list.html", {"filter": filterset, "page": page})


def employer_export(request):
    return export_list(request, EMPLOYER_EXPORTER)


def employer_detail(request, pk):
    employer = get_object_or_404(_visible(request.user), pk=pk)
    history = history_for(employer) if request.user.can_see_history else None
    return render(request, "core/employer_detail.html", {"employer": employer, "history": history})


def employer_edit(request, pk=None):
    require_edit(request.user)
    employer = get_object_or_404(_visible(request.user), pk=pk) if pk else Employer()
    form = EmployerForm(request.POST or None, instance=employer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.save_employer(employer=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": employer.name})
            return redirect(employer)
    return render(request, "core/employer_form.html", {"form": form, "employer": employer})
