"""Collective contracts: list, export, detail with history and renewal chain, add, edit, the
moves, performance checks, quality assessments, the rubric and the attention page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.filters import visible_townships
from apps.core.forms import PortalForm, apply_errors
from apps.core.history import history_for
from apps.core.listing import export_list, paginate
from apps.core.models import Employer
from apps.core.permissions import require_county_admin, require_edit
from apps.core.widgets import SearchSelect

from . import queries, services
from .actions import ACTIONS, offered, why_not
from .choices import Flag
from .filters import ContractFilter
from .forms import AssessmentForm, CheckForm, ContractForm, RubricItemForm
from .models import (
    CollectiveContract,
    PerformanceCheck,
    RubricItem,
)
from .spreadsheets import CONTRACT_EXPORTER, contract_queryset


def _contract(request, pk):
    return get_object_or_404(contract_queryset(request.user), pk=pk)


def contract_list(request):
    filterset = ContractFilter(
        request.GET, queryset=contract_queryset(request.user), request=request
    )
    page = paginate(request, filterset.qs)
    return render(request, "contracts/contract_list.html", {"filter": filterset, "page": page})


def contract_export(request):
    return export_list(request, CONTRACT_EXPORTER)


def renewal_chain(contract, user):
    """The contracts this one renews and is renewed by, oldest first (a few links at most)."""
    visible = CollectiveContract.objects.visible_to(user)
    earlier, current = [], contract
    while current.renewed_from_id and len(earlier) < 20:
        current = visible.filter(pk=current.renewed_from_id).first()
        if current is None:
            break
        earlier.append(current)
    later, current = [], contract
    while len(later) < 20:
        current = visible.filter(renewed_from=current).first()
        if current is None:
            break
        later.append(current)
    return [*reversed(earlier), contract, *later]


def contract_detail(request, pk):
    contract = _contract(request, pk)
    chain = renewal_chain(contract, request.user)
    context = {
        "contract": contract,
        "coverage": contract.coverage.select_related("employer", "employer__township"),
        "chain": chain if len(chain) > 1 else [],
        "checks": contract.checks.all(),
        "assessments": contract.assessments.prefetch_related("scores__item"),
        "actions": offered(contract) if request.user.can_edit else [],
        "today": timezone.localdate(),
        "history": history_for(contract) if request.user.can_see_history else None,
    }
    return render(request, "contracts/contract_detail.html", context)


def contract_edit(request, pk=None):
    require_edit(request.user)
    contract = _contract(request, pk) if pk else CollectiveContract()
    form = ContractForm(request.POST or None, instance=contract, user=request.user)
    if request.method == "POST" and form.is_valid():
        save = services.update_contract if pk else services.start_negotiation
        try:
            contract = save(
                contract=form.save(commit=False), actor=request.user, covered=form.covered
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": contract})
            return redirect(contract)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": contract})


def _warn_if_late(request, contract):
    """The regulation expects a reply within 20 days and filing within 10: recorded, flagged."""
    if contract.reply_on and contract.reply_late:
        messages.warning(
            request,
            _("The reply came after the 20 days allowed (due %(day)s).")
            % {"day": contract.reply_due},
        )
    if contract.submitted_on and contract.submission_late:
        messages.warning(
            request,
            _("Submitted after the 10 days allowed (due %(day)s).")
            % {"day": contract.submission_due},
        )


def contract_action(request, pk, action):
    require_edit(request.user)
    move = ACTIONS.get(action)
    if move is None:
        raise Http404
    contract = _contract(request, pk)
    reason = why_not(move, contract)
    if reason and request.method != "POST":
        # Not offered on the page (a typed or stale link): say why on the contract's page. A
        # POST still goes to the service, which refuses it with its own message.
        messages.error(request, reason)
        return redirect(contract)
    form = move.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = move.run(contract, request.user, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": move.title})
            _warn_if_late(request, result)
            return redirect(result)
    context = {"form": form, "contract": contract, "title": move.title, "action": move}
    return render(request, "contracts/action_form.html", context)


def check_add(request, pk):
    require_edit(request.user)
    contract = _contract(request, pk)
    form = CheckForm(
        request.POST or None, instance=PerformanceCheck(contract=contract), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check(check=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Performance check recorded."))
            return redirect(contract)
    context = {"form": form, "contract": contract, "title": _("Record a performance check")}
    return render(request, "contracts/action_form.html", context)


def assessment_add(request, pk):
    require_edit(request.user)
    contract = _contract(request, pk)
    items = RubricItem.objects.visible_to(request.user).filter(active=True)
    form = AssessmentForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        assessment = form.assessment(contract)
        try:
            services.record_assessment(
                assessment=assessment, scores=form.scores, actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Quality assessment recorded."))
            return redirect(contract)
    context = {"form": form, "contract": contract, "title": _("Record a quality assessment")}
    return render(request, "contracts/action_form.html", context)


# The county's rubric ----------------------------------------------------------------------------


def rubric_list(request):
    items = RubricItem.objects.visible_to(request.user)
    return render(request, "contracts/rubric_list.html", {"items": items})


def rubric_edit(request, pk=None):
    require_county_admin(request.user)
    items = RubricItem.objects.visible_to(request.user)
    item = get_object_or_404(items, pk=pk) if pk else RubricItem()
    form = RubricItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rubric_item(item=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": item.name})
            return redirect("contracts:rubric_list")
    title = _("Edit rubric item") if pk else _("Add rubric item")
    return render(request, "contracts/action_form.html", {"form": form, "title": title})


# What needs attention -------------------------------------------------------------------------


class AttentionFilter(PortalForm):
    township = forms.ModelChoiceField(
        label=gettext_lazy("Township"),
        queryset=None,
        required=False,
        widget=SearchSelect(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = visible_townships(request)


TABS = [Flag.EXPIRING, Flag.SUBMISSION_OVERDUE, Flag.REPLY_OVERDUE]
NO_CONTRACT = "no_contract"
ORDERING = {
    Flag.EXPIRING: ["term_end", "pk"],
    Flag.SUBMISSION_OVERDUE: ["signed_on", "pk"],
    Flag.REPLY_OVERDUE: ["offer_on", "pk"],
    NO_CONTRACT: ["township_id", "name", "pk"],
}


def attention(request):
    """Contracts expiring within 3 months, filings and replies overdue, and organised employers
    with no contract in force: the same queries as the dashboard's counts, as of today."""
    today = timezone.localdate()
    form = AttentionFilter(request.GET or None, request=request)
    township = form.cleaned_data.get("township") if form.is_valid() else None
    contracts = contract_queryset(request.user)
    employers = Employer.objects.visible_to(request.user).select_related("township", "union")
    if township is not None:
        contracts = contracts.filter(union__township=township)
        employers = employers.filter(township=township)
    without_contract = queries.organised_without_contract(employers, today)
    counts = {
        **queries.flag_counts(contracts.order_by(), today),
        NO_CONTRACT: without_contract.count(),
    }
    tab = request.GET.get("tab")
    if tab not in counts:
        tab = Flag.EXPIRING.value
    rows = without_contract if tab == NO_CONTRACT else queries.FLAG_QUERIES[tab](contracts, today)
    page = paginate(request, rows.order_by(*ORDERING[tab]))
    labels = {**{flag.value: flag.label for flag in TABS}, NO_CONTRACT: _("No contract in force")}
    context = {
        "form": form,
        "tabs": [(key, labels[key], count) for key, count in counts.items()],
        "tab": tab,
        "page": page,
        "today": today,
        "township": township,
        "Flag": Flag,
        "NO_CONTRACT": NO_CONTRACT,
    }
    return render(request, "contracts/attention.html", context)
