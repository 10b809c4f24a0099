"""金秋助学 pages: the applications list (and its export), an application made on the parent's
file, its page with the step log, and each step (公示 posted, 公示 closed — an objection upheld
refuses —, 审批) as a small form posting to its service. The applications of a file are listed
on the file's page (`aid/_school_aid.html`, through the `aid_school` tags)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.forms import apply_errors
from apps.core.history import history_for
from apps.core.ledgers import EXPORTERS
from apps.core.listing import export_list, paginate
from apps.core.permissions import require_edit

from .. import masking, services
from ..choices import FileStatus, SchoolAidStatus
from ..filters import SchoolAidFilter
from ..forms import (
    SchoolAidDecisionForm,
    SchoolAidForm,
    SchoolAidPublicityCloseForm,
    SchoolAidPublicityStartForm,
)
from ..models import HardshipFile, SchoolAidApplication, SchoolAidStep
from .common import scoped

SCHOOL_AID_EXPORTER = "aid_school_aid"


def school_aid_queryset(user):
    return SchoolAidApplication.objects.visible_to(user).select_related(
        "programme", "file__org__township"
    )


def shown_student_id(application):
    """The student's ID number as the pages show it: masked for every role, as a file's page
    opens (`masking.py`); it is read in full through the family's logged reveal on the file."""
    data = {"student_id_number": application.student_id_number}
    return masking.mask_values(data, masking.SCHOOL_AID_SENSITIVE, reveal=False)[
        "student_id_number"
    ]


def school_aid_list(request):
    filterset = SchoolAidFilter(
        request.GET, queryset=school_aid_queryset(request.user), request=request
    )
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "can_export": SCHOOL_AID_EXPORTER in EXPORTERS,
    }
    return render(request, "aid/school_list.html", context)


def school_aid_export(request):
    """The filtered list as the 金秋助学 ledger (its exporter, masked as the list is)."""
    exporter = EXPORTERS.get(SCHOOL_AID_EXPORTER)
    if exporter is None:
        raise Http404
    return export_list(request, exporter)


def school_aid_add(request, file_pk):
    """申请 on the parent's file: a student of the household (a family member)."""
    require_edit(request.user)
    file = scoped(HardshipFile, request, file_pk)
    if file.status != FileStatus.ACTIVE:
        messages.error(
            request,
            _("Only a household on file applies (this file is %(status)s).")
            % {"status": file.get_status_display()},
        )
        return redirect("aid:file_detail", pk=file.pk)
    application = SchoolAidApplication(file=file, applied_on=timezone.localdate())
    form = SchoolAidForm(request.POST or None, instance=application, file=file, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.apply_for_school_aid(
                application=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            application.pk = None
            application._state.adding = True
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect("aid:school_aid_detail", pk=saved.pk)
    context = {"form": form, "file": file, "title": _("Apply for golden autumn school aid")}
    return render(request, "aid/school_form.html", context)


@dataclass(frozen=True)
class Step:
    name: str
    title: object
    form_class: type
    service: object
    status: str
    what_happens: object
    approver_only: bool = False
    style: str = "primary"


STEPS = {
    step.name: step
    for step in (
        Step(
            "start_publicity",
            gettext_lazy("Post the public notice"),
            SchoolAidPublicityStartForm,
            services.start_school_aid_publicity,
            SchoolAidStatus.APPLIED,
            gettext_lazy(
                "The student is listed in the public notice of the students to be aided, for "
                "the days given; objections raised meanwhile are answered when it closes."
            ),
        ),
        Step(
            "close_publicity",
            gettext_lazy("Close the public notice"),
            SchoolAidPublicityCloseForm,
            services.close_school_aid_publicity,
            SchoolAidStatus.PUBLICITY,
            gettext_lazy(
                "With no objection upheld the application passes to approval. An objection "
                "upheld refuses it; the opinion records the objection and what was found."
            ),
        ),
        Step(
            "approve",
            gettext_lazy("Approve the school aid"),
            SchoolAidDecisionForm,
            services.approve_school_aid,
            SchoolAidStatus.PUBLICIZED,
            gettext_lazy(
                "Approving aids the student for the school year. It is refused when another "
                "programme already aids the student in that school year. Refusing needs the "
                "opinion."
            ),
            approver_only=True,
            style="success",
        ),
    )
}


def may_approve(application, user):
    """The county administrator or the staff of the union that runs the programme."""
    return user.can_edit and (user.is_county_admin or user.org_id == application.programme.org_id)


def offered(application, user):
    if not user.can_edit:
        return []
    return [
        s
        for s in STEPS.values()
        if s.status == application.status
        and (not s.approver_only or may_approve(application, user))
    ]


def school_aid_detail(request, pk):
    application = scoped(
        SchoolAidApplication,
        request,
        pk,
        school_aid_queryset(request.user).select_related("student", "entered_by"),
    )
    user = request.user
    steps = (
        SchoolAidStep.objects.visible_to(user)
        .filter(application=application)
        .select_related("acting_org", "actor")
    )
    context = {
        "application": application,
        "student_id": shown_student_id(application),
        "steps": steps,
        "actions": offered(application, user),
        "history": history_for(application, viewer=user) if user.can_see_history else None,
    }
    return render(request, "aid/school_detail.html", context)


def _form(step, data):
    today = timezone.localdate()
    first_date = next(
        name
        for name, field in step.form_class.base_fields.items()
        if "Date" in type(field).__name__
    )
    return step.form_class(data, initial={first_date: today})


def school_aid_step(request, pk, action):
    require_edit(request.user)
    step = STEPS.get(action)
    if step is None:
        raise Http404
    application = scoped(SchoolAidApplication, request, pk, school_aid_queryset(request.user))
    if step.approver_only and not may_approve(application, request.user):
        raise PermissionDenied(
            _("Only the county or the union that runs the programme approves its applications.")
        )
    if application.status != step.status and request.method != "POST":
        messages.error(
            request,
            _("Not possible for an application that is %(status)s.")
            % {"status": application.get_status_display()},
        )
        return redirect("aid:school_aid_detail", pk=application.pk)
    form = _form(step, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step.service(application=application, actor=request.user, **form.service_args())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": step.title})
            return redirect("aid:school_aid_detail", pk=application.pk)
    context = {"form": form, "application": application, "step": step, "title": step.title}
    return render(request, "aid/school_step.html", context)


__all__ = [
    "school_aid_add",
    "school_aid_detail",
    "school_aid_export",
    "school_aid_list",
    "school_aid_step",
]
