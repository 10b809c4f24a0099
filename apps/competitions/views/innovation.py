"""Pages of proposals (合理化建议), innovations, innovation studios and 安康杯 entries: lists with
filters and export, detail with history, forms, and the moves (review, implement, name,
re-check, revoke, yearly report). Thin: the services hold the rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.history import history_for
from apps.core.listing import export_list, paginate
from apps.core.permissions import require_edit

from .. import spreadsheets_innovation as sheets
from ..choices_innovation import ADOPTED_RESULTS, StudioStatus
from ..filters_innovation import AnkangFilter, InnovationFilter, ProposalFilter, StudioFilter
from ..forms.innovation import (
    AnkangForm,
    ImplementProposalForm,
    InnovationForm,
    NameStudioForm,
    ProposalForm,
    RecheckStudioForm,
    ReviewProposalForm,
    RevokeStudioForm,
    StudioForm,
    StudioReportForm,
)
from ..models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal, StudioReport
from ..services import innovation as services


def _list(request, filter_class, queryset, template):
    filterset = filter_class(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(request, template, {"filter": filterset, "page": page})


def _history(request, record):
    return history_for(record) if request.user.can_see_history else None


def _action(request, record, form, run, *, title, what_happens=""):
    """A move's page: the form, then the service; its refusal shown on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": title})
            return redirect(result)
    context = {"form": form, "record": record, "title": title, "what_happens": what_happens}
    return render(request, "competitions/innovation_action.html", context)


def _edit(request, record, form_class, save, *, template, title, **save_kwargs):
    require_edit(request.user)
    form = form_class(request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        is_new = record.pk is None
        try:
            saved = save(form)
        except ValidationError as error:
            if is_new:
                record.pk = None
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect(saved)
    return render(request, template, {"form": form, "record": record, "title": title})


# Proposals ---------------------------------------------------------------------------------


def proposal_list(request):
    return _list(
        request,
        ProposalFilter,
        sheets.proposal_queryset(request.user),
        "competitions/proposal_list.html",
    )


def proposal_export(request):
    return export_list(request, sheets.PROPOSAL_EXPORTER)


def _proposal(request, pk):
    return get_object_or_404(sheets.proposal_queryset(request.user), pk=pk)


def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    context = {
        "proposal": proposal,
        "members": proposal.proposer_members.select_related("union"),
        "can_review": request.user.can_edit and not proposal.implemented_on,
        "can_implement": request.user.can_edit
        and proposal.review_result in ADOPTED_RESULTS
        and not proposal.implemented_on,
        "history": _history(request, proposal),
    }
    return render(request, "competitions/proposal_detail.html", context)


def proposal_edit(request, pk=None):
    proposal = _proposal(request, pk) if pk else Proposal(submitted_on=timezone.localdate())

    def save(form):
        return services.save_proposal(
            proposal=form.save(commit=False),
            actor=request.user,
            members=form.cleaned_data.get("proposer_members"),
        )

    title = _("Edit proposal") if pk else _("Record a proposal")
    return _edit(
        request,
        proposal,
        ProposalForm,
        save,
        template="competitions/proposal_form.html",
        title=title,
    )


def proposal_review(request, pk):
    require_edit(request.user)
    proposal = _proposal(request, pk)
    initial = {"reviewed_on": timezone.localdate(), "result": proposal.review_result or None}
    form = ReviewProposalForm(request.POST or None, initial=initial)
    return _action(
        request,
        proposal,
        form,
        lambda data: services.review_proposal(proposal=proposal, actor=request.user, **data),
        title=_("Review the proposal"),
        what_happens=_(
            "A proposal not adopted states the reason; an adopted one may then be "
            "implemented and its benefit recorded."
        ),
    )


def proposal_implement(request, pk):
    require_edit(request.user)
    proposal = _proposal(request, pk)
    form = ImplementProposalForm(
        request.POST or None, initial={"implemented_on": timezone.localdate()}
    )
    return _action(
        request,
        proposal,
        form,
        lambda data: services.implement_proposal(proposal=proposal, actor=request.user, **data),
        title=_("Record the implementation"),
    )


# Innovations -------------------------------------------------------------------------------


def innovation_list(request):
    return _list(
        request,
        InnovationFilter,
        sheets.innovation_queryset(request.user),
        "competitions/innovation_list.html",
    )


def innovation_export(request):
    return export_list(request, sheets.INNOVATION_EXPORTER)


def innovation_detail(request, pk):
    innovation = get_object_or_404(sheets.innovation_queryset(request.user), pk=pk)
    context = {"innovation": innovation, "history": _history(request, innovation)}
    return render(request, "competitions/innovation_detail.html", context)


def innovation_edit(request, pk=None):
    if pk:
        innovation = get_object_or_404(sheets.innovation_queryset(request.user), pk=pk)
    else:
        innovation = Innovation(year=timezone.localdate().year)
    return _edit(
        request,
        innovation,
        InnovationForm,
        lambda form: services.record_innovation(
            innovation=form.save(commit=False), actor=request.user
        ),
        template="competitions/innovation_form.html",
        title=_("Edit innovation") if pk else _("Record an innovation"),
    )


# Studios -----------------------------------------------------------------------------------


def studio_list(request):
    return _list(
        request, StudioFilter, sheets.studio_queryset(request.user), "competitions/studio_list.html"
    )


def studio_export(request):
    return export_list(request, sheets.STUDIO_EXPORTER)


def _studio(request, pk):
    return get_object_or_404(sheets.studio_queryset(request.user), pk=pk)


def studio_detail(request, pk):
    studio = _studio(request, pk)
    edit = request.user.can_edit
    context = {
        "studio": studio,
        "reports": StudioReport.objects.visible_to(request.user).filter(studio=studio),
        "awards": studio.leader.awards.select_related("honour_type").order_by("-year"),
        "can_name": edit and studio.status == StudioStatus.APPLIED,
        "can_recheck": edit and studio.is_standing,
        "can_revoke": edit and studio.status != StudioStatus.REVOKED,
        "can_report": edit and studio.named_on is not None,
        "history": _history(request, studio),
    }
    return render(request, "competitions/studio_detail.html", context)


def studio_edit(request, pk=None):
    studio = _studio(request, pk) if pk else InnovationStudio()
    return _edit(
        request,
        studio,
        StudioForm,
        lambda form: services.save_studio(studio=form.save(commit=False), actor=request.user),
        template="competitions/studio_form.html",
        title=_("Edit studio") if pk else _("Record a studio application"),
    )


def studio_name(request, pk):
    require_edit(request.user)
    studio = _studio(request, pk)
    form = NameStudioForm(request.POST or None, initial={"named_on": timezone.localdate()})
    return _action(
        request,
        studio,
        form,
        lambda data: services.name_studio(studio=studio, actor=request.user, **data),
        title=_("Name the studio"),
        what_happens=_(
            "The leader must hold a qualifying honour in the model-worker registry "
            "for the studio's type, at its level or above; this is checked now."
        ),
    )


def studio_recheck(request, pk):
    require_edit(request.user)
    studio = _studio(request, pk)
    form = RecheckStudioForm(request.POST or None, initial={"rechecked_on": timezone.localdate()})
    return _action(
        request,
        studio,
        form,
        lambda data: services.recheck_studio(studio=studio, actor=request.user, **data),
        title=_("Record a passed re-check"),
    )


def studio_revoke(request, pk):
    require_edit(request.user)
    studio = _studio(request, pk)
    form = RevokeStudioForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    return _action(
        request,
        studio,
        form,
        lambda data: services.revoke_studio(studio=studio, actor=request.user, **data),
        title=_("Revoke the studio"),
    )


def studio_report_add(request, pk):
    require_edit(request.user)
    studio = _studio(request, pk)
    report = StudioReport(studio=studio, year=timezone.localdate().year)
    form = StudioReportForm(request.POST or None, instance=report, user=request.user)

    def run(data):
        services.add_studio_report(report=form.save(commit=False), actor=request.user)
        return studio

    return _action(request, studio, form, run, title=_("Add a yearly outcome report"))


# 安康杯 --------------------------------------------------------------------------------------


def ankang_list(request):
    return _list(
        request, AnkangFilter, sheets.ankang_queryset(request.user), "competitions/ankang_list.html"
    )


def ankang_export(request):
    return export_list(request, sheets.ANKANG_EXPORTER)


def ankang_detail(request, pk):
    entry = get_object_or_404(sheets.ankang_queryset(request.user), pk=pk)
    return render(
        request,
        "competitions/ankang_detail.html",
        {"entry": entry, "history": _history(request, entry)},
    )


def ankang_edit(request, pk=None):
    if pk:
        entry = get_object_or_404(sheets.ankang_queryset(request.user), pk=pk)
    else:
        entry = AnkangEntry(year=timezone.localdate().year)
    return _edit(
        request,
        entry,
        AnkangForm,
        lambda form: services.save_ankang_entry(entry=form.save(commit=False), actor=request.user),
        template="competitions/ankang_form.html",
        title=_("Edit Ankang Cup entry") if pk else _("Record an Ankang Cup entry"),
    )
