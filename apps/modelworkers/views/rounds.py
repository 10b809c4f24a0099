"""The nomination rounds' pages: the list, a round opened or corrected, the round's page (its
list with the notice's ratios, the 联审 checks, the public notice and its objections, the step
log), a candidate recommended (the ratios shown live, as if they were added) and each step of
the round, every one on a page that says what will happen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.listing import paginate
from apps.core.models import UnionOrg
from apps.core.permissions import require_edit
from apps.core.validators import id_sex, validate_id_number
from apps.membership.choices import Sex

from ..choices import PersonCategory
from ..filters_care import RoundFilter
from ..forms import rounds as forms
from ..models import ModelWorker
from ..models.rounds import (
    FRONTLINE_CATEGORIES,
    STANDING,
    Candidate,
    CandidateStatus,
    NominationRound,
    RoundObjection,
    RoundStatus,
)
from ..services import rounds as services


def round_queryset(user):
    return (
        NominationRound.objects.visible_to(user)
        .select_related("org", "honour_type")
        .annotate(standing=Count("candidates", filter=_standing_q()))
        .order_by("-year", "-pk")
    )


def _standing_q():
    from django.db.models import Q

    return Q(candidates__status__in=STANDING)


def _runs(round_, user):
    return user.can_edit and UnionOrg.objects.visible_to(user).filter(pk=round_.org_id).exists()


def round_list(request):
    filterset = RoundFilter(request.GET, queryset=round_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    return render(request, "modelworkers/round_list.html", {"filter": filterset, "page": page})


def round_edit(request, pk=None):
    require_edit(request.user)
    if pk:
        round_ = get_object_or_404(NominationRound.objects.visible_to(request.user), pk=pk)
        if not _runs(round_, request.user):
            raise PermissionDenied
        if round_.status != RoundStatus.DRAFTING:
            messages.error(request, _("A round is corrected only while units are recommending."))
            return redirect("modelworkers:round_detail", pk=round_.pk)
    else:
        round_ = NominationRound(year=timezone.localdate().year, org=request.user.org)
    form = forms.RoundForm(request.POST or None, instance=round_, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_round(round_=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            if not pk:
                round_.pk = None
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect("modelworkers:round_detail", pk=saved.pk)
    title = _("Edit the nomination round") if pk else _("Open a nomination round")
    return render(request, "modelworkers/round_form.html", {"form": form, "title": title})


def _round_context(request, round_):
    counts = services.list_counts(round_)
    candidates = (
        Candidate.objects.visible_to(request.user)
        .filter(round=round_)
        .select_related("recommended_by", "model_worker", "award")
        .order_by("pk")
    )
    return {
        "round": round_,
        "counts": counts,
        "ratios": services.ratios(round_, counts),
        "problems": services.list_problems(round_, counts),
        "candidates": candidates,
        "checks": round_.joint_checks.select_related("candidate").order_by("checked_on", "pk"),
        "objections": round_.objections.select_related("candidate").order_by("raised_on", "pk"),
        "steps": round_.steps.select_related("actor").order_by("acted_on", "pk"),
        "runs": _runs(round_, request.user),
        "can_edit": request.user.can_edit,
        "RoundStatus": RoundStatus,
        "CandidateStatus": CandidateStatus,
    }


def round_detail(request, pk):
    round_ = get_object_or_404(round_queryset(request.user), pk=pk)
    return render(request, "modelworkers/round_detail.html", _round_context(request, round_))


def round_ratios(request, pk):
    """The htmx partial of the list's ratios, as they would be with the person on the
    candidate form added (its category and sex from the file, or from the form)."""
    round_ = get_object_or_404(NominationRound.objects.visible_to(request.user), pk=pk)
    counts = services.list_counts(round_)
    category, sex = _prospective(request)
    adding = category is not None and round_.status == RoundStatus.DRAFTING
    if adding:
        counts = dict(counts)
        counts["total"] += 1
        counts["min_frontline"] += category in FRONTLINE_CATEGORIES
        counts["min_migrant"] += category == PersonCategory.MIGRANT
        counts["max_manager"] += category == PersonCategory.MANAGER
        counts["min_women"] += sex == Sex.FEMALE
    context = {
        "round": round_,
        "counts": counts,
        "ratios": services.ratios(round_, counts),
        "problems": services.list_problems(round_, counts),
        "adding": adding,
    }
    return render(request, "modelworkers/_round_ratios.html", context)


def _prospective(request):
    """(category, sex) of the person on the candidate form, or (None, None)."""
    worker_id = request.GET.get("model_worker", "")
    if worker_id.isdigit():
        worker = (
            ModelWorker.objects.visible_to(request.user)
            .filter(pk=int(worker_id))
            .only("person_category", "sex")
            .first()
        )
        if worker is not None:
            return worker.person_category, worker.sex
    category = request.GET.get("person_category", "")
    if category not in PersonCategory.values:
        return None, None
    sex = ""
    try:
        id_number = validate_id_number(request.GET.get("id_number", ""))
    except ValidationError:
        id_number = ""
    if id_number:
        sex = Sex.MALE if id_sex(id_number) == "M" else Sex.FEMALE
    return category, sex


def candidate_add(request, pk):
    require_edit(request.user)
    round_ = get_object_or_404(NominationRound.objects.visible_to(request.user), pk=pk)
    if round_.status != RoundStatus.DRAFTING:
        messages.error(request, _("The round no longer takes recommendations."))
        return redirect("modelworkers:round_detail", pk=round_.pk)
    initial = {}
    if request.user.org_id:
        initial["recommended_by"] = request.user.org_id
    form = forms.CandidateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.add_candidate(
                round_=round_, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            problems = services.list_problems(round_)
            messages.success(request, _("%(name)s is on the list.") % {"name": candidate.name})
            for problem in problems:
                messages.warning(request, problem)
            return redirect("modelworkers:round_detail", pk=round_.pk)
    context = {
        "form": form,
        "round": round_,
        "title": _("Recommend a candidate"),
        "what_happens": _(
            "The person is added to the round's list. The notice's ratios below show the list "
            "with them added: a list that breaks them may be drafted but not submitted."
        ),
        "ratios_url": True,
    }
    return render(request, "modelworkers/round_action.html", context)


def candidate_withdraw(request, pk, candidate_pk):
    require_edit(request.user)
    round_ = get_object_or_404(NominationRound.objects.visible_to(request.user), pk=pk)
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user).filter(round=round_), pk=candidate_pk
    )
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_candidate(
                candidate=candidate, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The recommendation has been withdrawn."))
            return redirect("modelworkers:round_detail", pk=round_.pk)
    context = {
        "form": form,
        "round": round_,
        "title": _("Withdraw a recommendation"),
        "what_happens": _("%(name)s is taken off the list of %(round)s, with the reason.")
        % {"name": candidate.name, "round": round_.name},
    }
    return render(request, "modelworkers/round_action.html", context)


ACTIONS = {
    "submit": (forms.SubmitForm, services.submit_round, {"submitted_on"}),
    "check": (forms.JointCheckForm, services.record_joint_check, {"checked_on"}),
    "publicity": (forms.PublicityForm, services.start_publicity, {"publicity_from"}),
    "objection": (forms.ObjectionForm, services.raise_objection, {"raised_on"}),
    "approve": (forms.ApproveForm, services.approve_round, {"approved_on"}),
    "cancel": (forms.CancelForm, services.cancel_round, {"cancelled_on"}),
}


def _what_happens(action, round_, counts):
    names = {
        "submit": _(
            "The list of %(total)s goes to the other departments for their checks (联审) and can "
            "no longer be changed by the units. It is refused if it breaks the quota or the "
            "notice's ratios."
        ),
        "check": _(
            "The department's opinion is recorded in the round's log and cannot be changed. An "
            "objection to a candidate strikes them off the list."
        ),
        "publicity": _(
            "The %(total)s candidates still on the list go on public notice for the period given; "
            "objections can be recorded until approval."
        ),
        "objection": _(
            "The objection is recorded against the candidate and must be decided before approval."
        ),
        "approve": _(
            "Each of the %(total)s candidates still on the list receives %(honour)s %(year)s with "
            "this document number; a person without a file gets one. This cannot be undone here "
            "(an award is revoked on its own page)."
        ),
        "cancel": _("The round is called off with the reason; its list stays as it was."),
    }
    return names[action] % {
        "total": counts["total"],
        "honour": round_.honour_type.name,
        "year": round_.year,
    }


def round_action(request, pk, action):
    if action not in ACTIONS:
        raise PermissionDenied
    require_edit(request.user)
    round_ = get_object_or_404(
        NominationRound.objects.visible_to(request.user).select_related("honour_type"), pk=pk
    )
    if action != "objection" and not _runs(round_, request.user):
        raise PermissionDenied
    form_class, service, date_fields = ACTIONS[action]
    extra = {"round_": round_} if action in ("check", "objection") else {}
    initial = {name: timezone.localdate() for name in date_fields}
    form = form_class(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            service(round_=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Done."))
            return redirect("modelworkers:round_detail", pk=round_.pk)
    counts = services.list_counts(round_)
    context = {
        "form": form,
        "round": round_,
        "title": _("%(round)s: %(action)s")
        % {"round": round_.name, "action": _action_label(action)},
        "what_happens": _what_happens(action, round_, counts),
        "ratios_url": action == "submit",
    }
    return render(request, "modelworkers/round_action.html", context)


def _action_label(action):
    return {
        "submit": _("Submit the list"),
        "check": _("Record a joint review check"),
        "publicity": _("Start the public notice"),
        "objection": _("Record an objection"),
        "approve": _("Approve and confer the honours"),
        "cancel": _("Cancel the round"),
    }[action]


def objection_decide(request, pk, objection_pk):
    require_edit(request.user)
    round_ = get_object_or_404(NominationRound.objects.visible_to(request.user), pk=pk)
    if not _runs(round_, request.user):
        raise PermissionDenied
    objection = get_object_or_404(
        RoundObjection.objects.filter(round=round_).select_related("candidate"), pk=objection_pk
    )
    form = forms.ObjectionDecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_objection(objection=objection, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The objection has been decided."))
            return redirect("modelworkers:round_detail", pk=round_.pk)
    context = {
        "form": form,
        "round": round_,
        "title": _("Decide an objection"),
        "objection": objection,
        "what_happens": _(
            "Upheld: %(name)s is struck off the list and will not receive the honour. "
            "Dismissed: they stay on it. The finding is recorded."
        )
        % {"name": objection.candidate.name},
    }
    return render(request, "modelworkers/round_action.html", context)
