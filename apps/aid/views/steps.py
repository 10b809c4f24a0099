"""The steps of a file's life, each a small form posting to its service with the acting user:
基层初审, 入户调查, 公示 (posted, objections recorded and decided, closed), 县总审批, and the
reviews of a file on record. Each page says what the step will do before it is confirmed."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.forms import apply_errors
from apps.core.permissions import require_edit

from .. import services
from ..choices import RELAPSABLE_STATUSES, FileStatus, ObjectionDecision, ReviewOutcome
from ..forms import (
    DecisionForm,
    ObjectionDecisionForm,
    ObjectionForm,
    PublicityCloseForm,
    PublicityStartForm,
    ReviewForm,
)
from ..models import FileObjection, HardshipFile
from .common import scoped


@dataclass(frozen=True)
class Step:
    name: str
    title: object
    form_class: type
    service: object
    statuses: tuple
    what_happens: object
    county_only: bool = False
    style: str = "primary"


def _objection(file, actor, raised_on, raised_by, content):
    objection = FileObjection(file=file, raised_on=raised_on, raised_by=raised_by, content=content)
    return services.record_objection(objection=objection, actor=actor)


def _review(file, actor, **data):
    data["to_org"] = data.get("to_org") or None
    return services.review_file(file=file, actor=actor, **data)


STEPS = {
    step.name: step
    for step in (
        Step(
            "unit_review",
            gettext_lazy("Grassroots review"),
            DecisionForm,
            services.unit_review,
            (FileStatus.APPLIED,),
            gettext_lazy(
                "Approving passes the application on to the home visit. Refusing closes it as "
                "not approved and frees its people for another file; the opinion says why."
            ),
        ),
        Step(
            "home_visit",
            gettext_lazy("Home visit"),
            DecisionForm,
            services.home_visit,
            (FileStatus.UNIT_REVIEWED,),
            gettext_lazy(
                "Approving records that the visit confirmed the application; the public notice "
                "comes next. Refusing closes the application; the opinion says what was found."
            ),
        ),
        Step(
            "start_publicity",
            gettext_lazy("Post the public notice"),
            PublicityStartForm,
            services.start_publicity,
            (FileStatus.VISITED,),
            gettext_lazy(
                "The file goes under public notice for the days given. Objections raised in "
                "that time are recorded on it and must be decided before the notice closes."
            ),
        ),
        Step(
            "record_objection",
            gettext_lazy("Record an objection"),
            ObjectionForm,
            _objection,
            (FileStatus.PUBLICITY,),
            gettext_lazy(
                "The objection is recorded on the file, undecided. The notice cannot close "
                "until it is upheld or dismissed; upheld, it refuses the application."
            ),
            style="outline-warning",
        ),
        Step(
            "close_publicity",
            gettext_lazy("Close the public notice"),
            PublicityCloseForm,
            services.close_publicity,
            (FileStatus.PUBLICITY,),
            gettext_lazy(
                "With no objection upheld the file passes to the county for approval. An "
                "upheld objection refuses it, its finding the opinion."
            ),
        ),
        Step(
            "county_approval",
            gettext_lazy("County approval"),
            DecisionForm,
            services.county_approval,
            (FileStatus.PUBLICIZED,),
            gettext_lazy(
                "Approving puts the household on file (在档) from that day: it may then be paid. "
                "Refusing closes the application; the opinion says why."
            ),
            county_only=True,
            style="success",
        ),
        Step(
            "review",
            gettext_lazy("Review the file"),
            ReviewForm,
            _review,
            (FileStatus.ACTIVE, *RELAPSABLE_STATUSES),
            gettext_lazy(
                "维持 keeps the file; 调整类别 changes its category; 脱困, 死亡 and 退档 close it "
                "and free its people; 调出移交 moves it to another union (or out of the county); "
                "返困重建 reopens a closed file, which then applies again."
            ),
            style="outline-primary",
        ),
    )
}


def _allowed(step, user):
    return not step.county_only or user.is_county_admin


def offered(file, user):
    """The steps offered on the file's page for its status and the user's role."""
    return [s for s in STEPS.values() if file.status in s.statuses and _allowed(s, user)]


def _form(step, file, user, data):
    today = timezone.localdate()
    if step.form_class is ReviewForm:
        outcomes = (
            [ReviewOutcome.RELAPSE]
            if file.status in RELAPSABLE_STATUSES
            else [o for o in ReviewOutcome if o != ReviewOutcome.RELAPSE]
        )
        return ReviewForm(data, user=user, outcomes=outcomes, initial={"reviewed_on": today})
    dates = [n for n, f in step.form_class.base_fields.items() if isinstance(f, forms.DateField)]
    return step.form_class(data, initial={name: today for name in dates[:1]})


def _run(step, file, user, form):
    args = form.service_args() if hasattr(form, "service_args") else dict(form.cleaned_data)
    return step.service(file=file, actor=user, **args)


def file_step(request, pk, action):
    require_edit(request.user)
    step = STEPS.get(action)
    if step is None:
        raise Http404
    file = scoped(HardshipFile, request, pk)
    if not _allowed(step, request.user):
        raise PermissionDenied(_("Only the county federation approves a hardship file."))
    if file.status not in step.statuses and request.method != "POST":
        messages.error(
            request,
            _("Not possible for a file that is %(status)s.")
            % {"status": file.get_status_display()},
        )
        return redirect("aid:file_detail", pk=file.pk)
    form = _form(step, file, request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _run(step, file, request.user, form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": step.title})
            return redirect("aid:file_detail", pk=file.pk)
    context = {"form": form, "file": file, "step": step, "title": step.title}
    return render(request, "aid/step_form.html", context)


def objection_decide(request, pk, objection_pk):
    require_edit(request.user)
    file = scoped(HardshipFile, request, pk)
    objection = get_object_or_404(file.objections.all(), pk=objection_pk)
    form = ObjectionDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_objection(objection=objection, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The objection has been decided."))
            return redirect("aid:file_detail", pk=file.pk)
    step = Step(
        "decide_objection",
        _("Decide the objection"),
        ObjectionDecisionForm,
        None,
        (FileStatus.PUBLICITY,),
        _(
            "Upheld, the objection will refuse the application when the notice closes; "
            "dismissed, the notice may close and the file pass on. The finding is kept."
        ),
    )
    context = {
        "form": form,
        "file": file,
        "step": step,
        "title": step.title,
        "objection": objection,
        "decisions": ObjectionDecision,
    }
    return render(request, "aid/step_form.html", context)
