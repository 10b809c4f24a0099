"""The money side's pages: programmes with their budget, what has been paid and what is left;
the payments ledger, paying a household and reversing a payment; the 低保标准 (county admin)."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.listing import paginate
from apps.core.models import UnionOrg
from apps.core.permissions import require_county_admin, require_edit

from .. import services
from ..choices import EntryKind, FundSource
from ..filters import PaymentFilter, ProgrammeFilter
from ..forms import PaymentForm, ProgrammeForm, ReversalForm, StandardForm
from ..models import AidPayment, AidProgramme, HardshipFile, LowIncomeStandard
from .common import scoped
from .files import with_reversal

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def programme_queryset(user):
    """Programmes with what they have paid (reversals netted), in one query."""
    spent = Sum(F("payments__cash_amount") + F("payments__goods_value"))
    return (
        AidProgramme.objects.visible_to(user)
        .select_related("org")
        .annotate(spent=Coalesce(spent, ZERO))
        .annotate(remaining=F("budget") - F("spent"))
        .order_by("-year", "kind", "pk")
    )


def programme_list(request):
    filterset = ProgrammeFilter(
        request.GET, queryset=programme_queryset(request.user), request=request
    )
    page = paginate(request, filterset.qs)
    return render(request, "aid/programme_list.html", {"filter": filterset, "page": page})


def _may_edit(programme, user):
    """A programme is edited by the union that runs it or one above; a township reads (and pays
    from) the county's programme but does not change it."""
    return UnionOrg.objects.visible_to(user).filter(pk=programme.org_id).exists()


def programme_detail(request, pk):
    programme = scoped(AidProgramme, request, pk, programme_queryset(request.user))
    payments = with_reversal(
        AidPayment.objects.visible_to(request.user).filter(programme=programme)
    )
    context = {
        "programme": programme,
        "page": paginate(request, payments),
        "can_edit": request.user.can_edit and _may_edit(programme, request.user),
        "fund_sources": [FundSource(s).label for s in programme.fund_sources],
    }
    return render(request, "aid/programme_detail.html", context)


def programme_edit(request, pk=None):
    require_edit(request.user)
    if pk:
        programme = scoped(AidProgramme, request, pk)
        if not _may_edit(programme, request.user):
            raise PermissionDenied
    else:
        programme = AidProgramme(year=timezone.localdate().year)
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_programme(programme=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            if not pk:
                programme.pk = None
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect("aid:programme_detail", pk=saved.pk)
    title = _("Edit programme") if pk else _("Add a programme")
    return render(
        request, "aid/money_form.html", {"form": form, "title": title, "programme": programme}
    )


# Payments -----------------------------------------------------------------------------------


def payment_queryset(user):
    return with_reversal(AidPayment.objects.visible_to(user)).select_related(
        "file", "org__township", "employer"
    )


def payment_list(request):
    filterset = PaymentFilter(request.GET, queryset=payment_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "aid/payment_list.html",
        {"filter": filterset, "page": page, "EntryKind": EntryKind},
    )


def payment_add(request):
    """Pay one household on file (`services.pay`): the page can start from a file or a
    programme (?file=…&programme=…)."""
    require_edit(request.user)
    initial = {"paid_on": timezone.localdate()}
    for name, model in (("file", HardshipFile), ("programme", AidProgramme)):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = scoped(model, request, int(value)).pk
    form = PaymentForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.pay(actor=request.user, **form.service_args())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Paid %(name)s %(amount)s yuan.")
                % {"name": payment.recipient_name, "amount": payment.total},
            )
            return redirect("aid:file_detail", pk=payment.file_id)
    context = {
        "form": form,
        "title": _("Pay a household"),
        "what_happens": _(
            "The payment is written in the ledger and cannot be changed afterwards: a mistake is "
            "corrected by reversing it. A household is paid once per programme and round, within "
            "what is left of the programme's budget."
        ),
    }
    return render(request, "aid/money_form.html", context)


def payment_reverse(request, pk):
    require_edit(request.user)
    payment = scoped(AidPayment, request, pk, payment_queryset(request.user))
    if payment.kind != EntryKind.PAYMENT or payment.is_reversed:
        messages.error(request, _("This payment has already been reversed."))
        return redirect("aid:payment_list")
    form = ReversalForm(request.POST or None, initial={"reversed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.reverse_payment(payment=payment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The payment has been reversed."))
            return redirect("aid:payment_list")
    context = {
        "form": form,
        "title": _("Reverse a payment"),
        "payment": payment,
        "what_happens": _(
            "A reversing entry of −%(amount)s yuan to %(name)s is added to the ledger, with "
            "the reason; the payment itself stays as it was. The household may then be paid "
            "again in this programme and round."
        )
        % {"amount": payment.total, "name": payment.recipient_name},
    }
    return render(request, "aid/money_form.html", context)


# 低保标准 -------------------------------------------------------------------------------------


def standard_list(request):
    standards = LowIncomeStandard.objects.visible_to(request.user).select_related("org")
    page = paginate(request, standards)
    return render(request, "aid/standard_list.html", {"page": page})


def standard_edit(request, pk=None):
    require_county_admin(request.user)
    standard = scoped(LowIncomeStandard, request, pk) if pk else LowIncomeStandard()
    form = StandardForm(request.POST or None, instance=standard, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_standard(standard=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            if not pk:
                standard.pk = None
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("aid:standard_list")
    title = _("Edit the minimum living standard") if pk else _("Add a minimum living standard")
    return render(request, "aid/money_form.html", {"form": form, "title": title})
