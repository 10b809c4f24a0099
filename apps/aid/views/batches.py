"""Payment batches (发放批次): the list (and its export), a new batch of a programme, a batch's
page with its roster, and each move on it: draw the roster from the eligible files, enter a
household, import a roster, take a household off (while drawn up), review, approve, pay. Each
move is a page that says what it will do, with the batch and its figures named, before it is
confirmed; the services' refusals are shown on it and nothing is saved."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.forms import ActionForm, apply_errors
from apps.core.history import history_for
from apps.core.ledgers import EXPORTERS
from apps.core.listing import export_list, paginate
from apps.core.permissions import require_edit
from apps.core.xlsx.opening import SpreadsheetError

from .. import services
from ..batch_sheets import BATCH_EXPORTER, batch_queryset, roster_importer
from ..choices import PAYABLE_BATCH_STATUSES, BatchStatus
from ..filters import BatchFilter
from ..forms import BatchForm, BatchLineForm, BatchPayForm, DecisionForm, RosterImportForm
from ..models import AidBatch, AidBatchLine, AidProgramme
from .common import scoped
from .money import programme_queryset


def batch_list(request):
    filterset = BatchFilter(request.GET, queryset=batch_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "can_export": BATCH_EXPORTER.kind in EXPORTERS,
        "BatchStatus": BatchStatus,
    }
    return render(request, "aid/batch_list.html", context)


def batch_export(request):
    """The filtered list as a workbook (the `aid_batches` ledger)."""
    exporter = EXPORTERS.get(BATCH_EXPORTER.kind)
    if exporter is None:
        raise Http404
    return export_list(request, exporter)


def batch_add(request, pk):
    """A new batch of the programme `pk` (`services.create_batch`)."""
    require_edit(request.user)
    programme = scoped(AidProgramme, request, pk)
    batch = AidBatch(programme=programme)
    initial = {"programme": programme.pk, "period": str(programme.year)}
    form = BatchForm(request.POST or None, instance=batch, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.create_batch(batch=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            batch.pk = None
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect("aid:batch_detail", pk=saved.pk)
    context = {
        "form": form,
        "programme": programme,
        "title": _("New payment batch"),
        "what_happens": _(
            "A batch of %(programme)s is drawn up: its roster is then drawn from the files on "
            "record, entered or imported, reviewed, approved and paid."
        )
        % {"programme": programme.name},
    }
    return render(request, "aid/batch_form.html", context)


def _batch(request, pk):
    return scoped(AidBatch, request, pk, batch_queryset(request.user))


def _lines(batch, user):
    return (
        AidBatchLine.objects.visible_to(user)
        .filter(batch=batch)
        .select_related("file", "org", "payment")
        .order_by("pk")
    )


def may_approve(batch, user):
    """The county, or the staff of the union that runs the programme (as the service says)."""
    return user.can_edit and (user.is_county_admin or user.org_id == batch.programme.org_id)


def batch_detail(request, pk):
    batch = _batch(request, pk)
    user = request.user
    programme = programme_queryset(user).get(pk=batch.programme_id)
    draft = batch.status == BatchStatus.DRAFT
    context = {
        "batch": batch,
        "programme": programme,
        "page": paginate(request, _lines(batch, user)),
        "actions": offered(batch, user),
        "can_change_roster": user.can_edit and draft,
        "BatchStatus": BatchStatus,
        "history": history_for(batch, viewer=user) if user.can_see_history else None,
    }
    return render(request, "aid/batch_detail.html", context)


# The moves ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    name: str
    title: str
    statuses: tuple
    style: str = "primary"


def _moves():
    return (
        Move("draw", _("Draw the roster"), (BatchStatus.DRAFT,), "outline-primary"),
        Move("review", _("Review the batch"), (BatchStatus.DRAFT,)),
        Move("approve", _("Approve the batch"), (BatchStatus.REVIEWED,), "success"),
        Move("pay", _("Pay the batch"), PAYABLE_BATCH_STATUSES, "success"),
    )


def offered(batch, user):
    """The moves offered on the batch's page for its status and the user's role."""
    if not user.can_edit:
        return []
    return [
        move
        for move in _moves()
        if batch.status in move.statuses and (move.name != "approve" or may_approve(batch, user))
    ]


class ConfirmForm(ActionForm):
    """A move that takes nothing but the confirmation."""


def _what_happens(move, batch, programme):
    names = {
        "batch": batch.name,
        "programme": programme.name,
        "period": batch.period,
        "count": batch.line_count,
        "total": batch.line_total,
        "remaining": programme.remaining,
        "union": batch.org.name,
    }
    if move == "draw":
        day = programme.eligible_on
        text = (
            _(
                "Every household of %(union)s on record on %(day)s that is not yet on the "
                "roster is added to %(batch)s, with the programme's amount for its category."
            )
            if day
            else _(
                "Every household of %(union)s on record today that is not yet on the roster "
                "is added to %(batch)s, with the programme's amount for its category."
            )
        )
        names["day"] = day.isoformat() if day else ""
        if batch.category:
            text += " " + _("Only households of the category %(category)s.") % {
                "category": batch.get_category_display()
            }
        return text % names
    if move == "review":
        return (
            _(
                "Approving passes %(batch)s (%(count)d households, %(total)s yuan) to the "
                "approval of the county or of the union that runs %(programme)s. Refusing "
                "sends it back to be drawn up; the opinion says why."
            )
            % names
        )
    if move == "approve":
        return (
            _(
                "Approving allows %(batch)s (%(count)d households, %(total)s yuan) to be paid "
                "from %(programme)s. Refusing sends it back to be drawn up; the opinion says why."
            )
            % names
        )
    return (
        _(
            "Every household of %(batch)s not yet paid (of %(count)d, %(total)s yuan) is paid "
            "from %(programme)s, which has %(remaining)s yuan left: each becomes a payment in "
            "the ledger that cannot be changed afterwards (a mistake is corrected by reversing "
            "it). A household already paid in round %(period)s is left unpaid with the reason; "
            "beyond the budget, households are paid in roster order up to what is left."
        )
        % names
    )


def _form(move, batch, data):
    today = timezone.localdate()
    if move in ("review", "approve"):
        return DecisionForm(data, initial={"acted_on": today})
    if move == "pay":
        return BatchPayForm(data, programme=batch.programme, initial={"paid_on": today})
    return ConfirmForm(data)


def _run(move, batch, user, form):
    """The service of the move; its outcome as a message (level, text)."""
    if move == "draw":
        added = services.draw_roster(batch=batch, actor=user)
        return messages.SUCCESS, _("%(n)d households added to the roster.") % {"n": added}
    if move == "review":
        services.review_batch(batch=batch, actor=user, **form.service_args())
        return messages.SUCCESS, _("%(action)s: done.") % {"action": _("Review the batch")}
    if move == "approve":
        services.approve_batch(batch=batch, actor=user, **form.service_args())
        return messages.SUCCESS, _("%(action)s: done.") % {"action": _("Approve the batch")}
    result = services.pay_batch(batch=batch, actor=user, **form.cleaned_data)
    text = result.message
    if result.unpaid:
        text += " " + _(
            "%(n)d households were left unpaid: the reason is on each line of the roster."
        ) % {"n": len(result.unpaid)}
    level = messages.WARNING if result.pending or result.unpaid else messages.SUCCESS
    return level, text


def batch_move(request, pk, action):
    require_edit(request.user)
    move = {m.name: m for m in _moves()}.get(action)
    if move is None:
        raise Http404
    batch = _batch(request, pk)
    if move.name == "approve" and not may_approve(batch, request.user):
        raise PermissionDenied(
            _("Only the county or the union that runs the programme approves its batches.")
        )
    if batch.status not in move.statuses and request.method != "POST":
        messages.error(
            request,
            _("Not possible for a batch that is %(status)s.")
            % {"status": batch.get_status_display()},
        )
        return redirect("aid:batch_detail", pk=batch.pk)
    programme = programme_queryset(request.user).get(pk=batch.programme_id)
    form = _form(move.name, batch, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            level, text = _run(move.name, batch, request.user, form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.add_message(request, level, text)
            return redirect("aid:batch_detail", pk=batch.pk)
    context = {
        "form": form,
        "batch": batch,
        "programme": programme,
        "style": move.style,
        "title": move.title,
        "what_happens": _what_happens(move.name, batch, programme),
    }
    return render(request, "aid/batch_action.html", context)


def _draft_or_back(request, batch):
    if batch.status != BatchStatus.DRAFT:
        messages.error(
            request,
            _("The roster of a batch that is %(status)s cannot be changed.")
            % {"status": batch.get_status_display()},
        )
        return redirect("aid:batch_detail", pk=batch.pk)
    return None


def batch_line_add(request, pk):
    """A household entered on the roster by hand."""
    require_edit(request.user)
    batch = _batch(request, pk)
    if (back := _draft_or_back(request, batch)) is not None:
        return back
    form = BatchLineForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_lines(batch=batch, actor=request.user, lines=[form.line()])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s added to the roster.") % {"name": form.cleaned_data["file"].name},
            )
            return redirect("aid:batch_detail", pk=batch.pk)
    context = {
        "form": form,
        "batch": batch,
        "title": _("Enter a household"),
        "style": "primary",
        "what_happens": _(
            "The household is added to the roster of %(batch)s, with the amount given or the "
            "programme's amount for its category. Only a household on file can be added, once."
        )
        % {"batch": batch.name},
    }
    return render(request, "aid/batch_action.html", context)


def batch_import(request, pk):
    """A roster imported from a workbook: every row or none (each bad row named)."""
    require_edit(request.user)
    batch = _batch(request, pk)
    if (back := _draft_or_back(request, batch)) is not None:
        return back
    form = RosterImportForm(request.POST or None, request.FILES or None)
    row_errors = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        outcome = None
        if upload.size > settings.SPREADSHEET_MAX_UPLOAD_BYTES:
            form.add_error("upload", _("The file is too large."))
        else:
            try:
                outcome = roster_importer(batch).run(upload.read(), user=request.user, commit=True)
            except SpreadsheetError as error:
                form.add_error("upload", str(error))
        if outcome is not None and outcome.ok:
            messages.success(
                request, _("%(n)d households imported to the roster.") % {"n": outcome.saved}
            )
            return redirect("aid:batch_detail", pk=batch.pk)
        if outcome is not None:
            form.add_error(
                None,
                _("%(n)d rows have errors; nothing was imported.") % {"n": len(outcome.errors)},
            )
            row_errors = dict(sorted(outcome.errors.items()))
    context = {
        "form": form,
        "batch": batch,
        "title": _("Import a roster"),
        "style": "primary",
        "row_errors": row_errors,
        "multipart": True,
        "what_happens": _(
            "Every row of the sheet (档案编号 or 身份证号, 姓名, 现金（元）, 实物折价（元）, as "
            "in the payment roster) is added to the roster of %(batch)s. If any row is wrong, "
            "nothing is added and each wrong row is listed."
        )
        % {"batch": batch.name},
    }
    return render(request, "aid/batch_action.html", context)


def batch_line_remove(request, pk, line_pk):
    require_edit(request.user)
    batch = _batch(request, pk)
    line = get_object_or_404(_lines(batch, request.user), pk=line_pk)
    if (back := _draft_or_back(request, batch)) is not None:
        return back
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_line(line=line, actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s taken off the roster.") % {"name": line.recipient_name}
            )
            return redirect("aid:batch_detail", pk=batch.pk)
    context = {
        "form": form,
        "batch": batch,
        "title": _("Take a household off the roster"),
        "what_happens": _(
            "%(name)s (cash %(cash)s yuan, goods %(goods)s yuan) is taken off the roster of "
            "%(batch)s; the removal is kept in the batch's history."
        )
        % {
            "name": line.recipient_name,
            "cash": line.cash_amount,
            "goods": line.goods_value,
            "batch": batch.name,
        },
        "style": "danger",
    }
    return render(request, "aid/batch_action.html", context)


__all__ = [
    "batch_add",
    "batch_detail",
    "batch_export",
    "batch_import",
    "batch_line_add",
    "batch_line_remove",
    "batch_list",
    "batch_move",
]
