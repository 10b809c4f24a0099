"""Members: list, export, the real-name record with its ledger and transfers, add, edit,
record a ledger line, request a transfer, reveal a number. Transfers: the list both sides see,
one transfer's page, its decision and its cancellation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.history import history_for
from apps.core.ledgers import IMPORTERS
from apps.core.listing import export_list, paginate
from apps.core.models import UnionOrg
from apps.core.permissions import require_edit
from apps.core.validators import mask_id_number, mask_phone

from . import masking, services
from .choices import HOLDING_STATUSES, TransferStatus
from .exports import MEMBER_EXPORTER, MEMBER_FULL_EXPORTER
from .filters import MemberFilter, TransferFilter
from .forms import ChangeForm, DecisionForm, MemberForm, TransferForm, add_service_error
from .models import Member
from .queries import transfers_for

# Members ---------------------------------------------------------------------------------------


def _visible(user):
    return Member.objects.visible_to(user)


def member_list(request):
    queryset = _visible(request.user).select_related("union")
    filterset = MemberFilter(request.GET, queryset=queryset, request=request)
    # An invalid filter shows nothing, as its export and the API do, rather than everything.
    page = paginate(request, filterset.qs if filterset.is_valid() else queryset.none())
    # Masked for every role (masking.py): the full number is a logged reveal on the member's
    # page, or a logged export with full numbers.
    for member in page:
        member.shown_id_number = masking.shown_id_number(member.id_number, False)
        member.shown_phone = masking.shown_phone(member.phone, False)
    context = {
        "filter": filterset,
        "page": page,
        "can_import": "members" in IMPORTERS,
        "can_export_full": masking.can_reveal(request.user),
    }
    return render(request, "membership/member_list.html", context)


def member_export(request):
    return export_list(request, MEMBER_EXPORTER)


@require_POST
def member_export_full(request):
    """The roster with full ID and phone numbers: for users who may reveal, logged first (one
    `IdentityExport` row naming the organisation, the filter and the count)."""
    if not masking.can_reveal(request.user) or request.user.org is None:
        raise PermissionDenied
    rows = MEMBER_FULL_EXPORTER.filtered(request.user, request.GET)
    filterset = MemberFilter(request.GET, queryset=_visible(request.user), request=request)
    within = filterset.form.cleaned_data.get("subtree") if filterset.is_valid() else None
    masking.record_full_export(
        org=within or request.user.org,
        actor=request.user,
        query=request.GET.urlencode(),
        rows=rows.count(),
    )
    return export_list(request, MEMBER_FULL_EXPORTER)


SEARCH_LIMIT = 20


def member_search(request):
    """What a member drop-down offers as one types (`SearchSelect(url=…)`): at most 20 members
    of the user's scope matched by the member list's own search (name, pinyin, initials, ID or
    phone digits, card number), optionally of one `status`, as JSON. The ID number is masked as
    in every list; the name and union tell two namesakes apart."""
    query = {"q": request.GET.get("q", "")[:50], "status": request.GET.get("status", "")}
    if not query["q"].strip():
        return JsonResponse({"results": []})
    filterset = MemberFilter(query, queryset=_visible(request.user), request=request)
    if not filterset.is_valid():
        return JsonResponse({"results": []})
    shown = ("pk", "name", "id_number", "union__name")
    members = filterset.qs.select_related("union").only(*shown)[:SEARCH_LIMIT]
    results = [
        {
            "value": member.pk,
            "text": member.name,
            "hint": f"{member.union.name} · {mask_id_number(member.id_number)}",
        }
        for member in members
    ]
    return JsonResponse({"results": results})


def _detail_context(request, member, *, change_form=None, transfer_form=None):
    user = request.user
    transfers = list(
        member.transfers.select_related("from_union", "to_union", "requested_by", "decided_by")
    )
    open_transfer = next((t for t in transfers if t.status == TransferStatus.REQUESTED), None)
    if user.can_edit:
        change_form = change_form or ChangeForm(member=member)
        if not change_form.fields["change_type"].choices:
            change_form = None
        if member.status in HOLDING_STATUSES and open_transfer is None:
            transfer_form = transfer_form or TransferForm(member=member)
    reveal = masking.can_reveal(user)
    # Masked for everyone (Member.history_masks): only the current number can be revealed.
    history = history_for(member, viewer=user) if user.can_see_history else None
    return {
        "member": member,
        "masked_id_number": mask_id_number(member.id_number),
        "masked_phone": mask_phone(member.phone) if member.phone else "",
        "can_reveal": reveal,
        "changes": member.changes.select_related("union", "other_union", "recorded_by"),
        "transfers": transfers,
        "open_transfer": open_transfer,
        "change_form": change_form,
        "transfer_form": transfer_form,
        "history": history,
    }


def _get_member(request, pk):
    return get_object_or_404(_visible(request.user).select_related("union", "employer"), pk=pk)


def member_detail(request, pk):
    member = _get_member(request, pk)
    return render(request, "membership/member_detail.html", _detail_context(request, member))


def member_edit(request, pk=None):
    require_edit(request.user)
    member = _get_member(request, pk) if pk else Member()
    if pk is None and request.GET.get("union"):
        member.union = (
            UnionOrg.objects.visible_to(request.user).filter(pk=request.GET["union"]).first()
        )
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        adding = member.pk is None
        service = services.add_member if adding else services.update_member
        try:
            member = service(member=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": member.name})
            return redirect(member)
    return render(request, "membership/member_form.html", {"form": form, "member": member})


@require_POST
def member_change(request, pk):
    """Record 保留, 除名, 退会 or 再入会 in the member's ledger."""
    require_edit(request.user)
    member = _get_member(request, pk)
    form = ChangeForm(request.POST, member=member)
    if form.is_valid():
        try:
            change = services.record_change(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Recorded: %(change)s on %(date)s.")
                % {"change": change.get_change_type_display(), "date": change.changed_on},
            )
            return redirect(member)
    context = _detail_context(request, member, change_form=form)
    return render(request, "membership/member_detail.html", context, status=400)


@require_POST
def transfer_request(request, pk):
    """The releasing union asks another union (anywhere in the county) to take the member."""
    require_edit(request.user)
    member = _get_member(request, pk)
    form = TransferForm(request.POST, member=member)
    if form.is_valid():
        try:
            transfer = services.request_transfer(
                member=member, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Transfer to %(union)s requested; it awaits the receiving union.")
                % {"union": transfer.to_union.name},
            )
            return redirect("membership:transfer_detail", pk=transfer.pk)
    context = _detail_context(request, member, transfer_form=form)
    return render(request, "membership/member_detail.html", context, status=400)


@require_POST
def member_reveal(request, pk):
    """Show one full number (htmx swaps it in) and log who revealed whose number."""
    member = _get_member(request, pk)
    what = request.POST.get("what", "")
    if what not in masking.REVEALABLE:
        return HttpResponseBadRequest()
    value = masking.reveal(member=member, actor=request.user, what=what)
    return render(request, "membership/_revealed.html", {"value": value, "what": what})


# Transfers -------------------------------------------------------------------------------------


def transfer_list(request):
    queryset = transfers_for(request.user)
    filterset = TransferFilter(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs if filterset.is_valid() else queryset.none())
    for transfer in page:
        transfer.masked_id_number = mask_id_number(transfer.member.id_number)
        transfer.awaits_me = transfer.status == TransferStatus.REQUESTED and services.can_decide(
            transfer, request.user
        )
    return render(request, "membership/transfer_list.html", {"filter": filterset, "page": page})


def _transfer_context(request, transfer, decision_form=None):
    user = request.user
    is_open = transfer.status == TransferStatus.REQUESTED
    return {
        "transfer": transfer,
        "masked_id_number": mask_id_number(transfer.member.id_number),
        # The receiving side sees the member's record only once the member is theirs.
        "member_visible": Member.objects.visible_to(user).filter(pk=transfer.member_id).exists(),
        "can_decide": is_open and services.can_decide(transfer, user),
        "can_cancel": is_open and services.can_cancel(transfer, user),
        "decision_form": decision_form or DecisionForm(),
        "TransferStatus": TransferStatus,
    }


def transfer_detail(request, pk):
    transfer = get_object_or_404(transfers_for(request.user), pk=pk)
    context = _transfer_context(request, transfer)
    return render(request, "membership/transfer_detail.html", context)


@require_POST
def transfer_decide(request, pk):
    """Accept or refuse. A refusal without its reason (or a bad opinion) shows the page again
    with the typed opinion and the message beside it, answering 400."""
    require_edit(request.user)
    transfer = get_object_or_404(transfers_for(request.user), pk=pk)
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision")
    if decision not in ("accept", "refuse"):
        return HttpResponseBadRequest(_("Choose to accept or refuse."))
    if form.is_valid():
        try:
            services.decide_transfer(
                transfer=transfer,
                actor=request.user,
                accept=decision == "accept",
                opinion=form.cleaned_data["opinion"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # decided meanwhile, member gone …
                messages.error(request, " ".join(error.messages))
                return redirect("membership:transfer_detail", pk=transfer.pk)
            add_service_error(form, error)
        else:
            if decision == "accept":
                messages.success(
                    request,
                    _("Accepted: %(name)s is now a member of %(union)s.")
                    % {"name": transfer.member.name, "union": transfer.to_union.name},
                )
            else:
                messages.success(request, _("Refused."))
            return redirect("membership:transfer_detail", pk=transfer.pk)
    context = _transfer_context(request, transfer, decision_form=form)
    return render(request, "membership/transfer_detail.html", context, status=400)


@require_POST
def transfer_cancel(request, pk):
    require_edit(request.user)
    transfer = get_object_or_404(transfers_for(request.user), pk=pk)
    try:
        services.cancel_transfer(transfer=transfer, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The transfer request is cancelled."))
    return redirect("membership:transfer_detail", pk=transfer.pk)
