"""职工医疗互助 pages: the county's caps of each year (read by everyone, set by the county
administrator), employers' enrolments by year (list, export, form), and claims (list, export,
form, page) decided by the county within its caps (`services.mutual`; refusals shown on the
decision's form, nothing saved)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.forms import apply_errors
from apps.core.history import history_for
from apps.core.ledgers import EXPORTERS
from apps.core.listing import export_list, paginate
from apps.core.permissions import require_county_admin, require_edit

from .. import masking, services
from ..choices import ClaimStatus
from ..filters import ClaimFilter, EnrolmentFilter
from ..forms import ClaimDecisionForm, ClaimForm, EnrolmentForm, MutualAidSettingsForm
from ..models import MutualAidClaim, MutualAidEnrolment, MutualAidSettings
from .common import scoped

ENROLMENT_EXPORTER = "aid_mutual_enrolments"
CLAIM_EXPORTER = "aid_mutual_claims"


def _export(request, kind):
    exporter = EXPORTERS.get(kind)
    if exporter is None:
        raise Http404
    return export_list(request, exporter)


# The county's caps ---------------------------------------------------------------------------


def settings_list(request):
    rows = MutualAidSettings.objects.visible_to(request.user)
    return render(request, "aid/mutual_settings.html", {"page": paginate(request, rows)})


def settings_edit(request, pk=None):
    require_county_admin(request.user)
    row = scoped(MutualAidSettings, request, pk) if pk else MutualAidSettings()
    if not pk:
        row.year = timezone.localdate().year
    form = MutualAidSettingsForm(request.POST or None, instance=row, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mutual_aid_settings(
                settings_row=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            if not pk:
                row.pk = None
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("aid:mutual_settings")
    title = _("Mutual aid caps of a year")
    context = {
        "form": form,
        "title": title,
        "what_happens": _(
            "Claims of the year are approved within these caps: per claim, and per person over "
            "the year. Enrolments without their own contribution per head take this one."
        ),
    }
    return render(request, "aid/mutual_form.html", context)


# Enrolments ----------------------------------------------------------------------------------


def enrolment_queryset(user):
    return MutualAidEnrolment.objects.visible_to(user).select_related("org__township", "employer")


def enrolment_list(request):
    filterset = EnrolmentFilter(
        request.GET, queryset=enrolment_queryset(request.user), request=request
    )
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "can_export": ENROLMENT_EXPORTER in EXPORTERS,
    }
    return render(request, "aid/mutual_enrolment_list.html", context)


def enrolment_export(request):
    return _export(request, ENROLMENT_EXPORTER)


def enrolment_edit(request, pk=None):
    """An employer's workers enrolled for a year (or the enrolment corrected)."""
    require_edit(request.user)
    if pk:
        enrolment = scoped(MutualAidEnrolment, request, pk)
    else:
        today = timezone.localdate()
        enrolment = MutualAidEnrolment(year=today.year, enrolled_on=today)
    form = EnrolmentForm(request.POST or None, instance=enrolment, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.enrol_employer(enrolment=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            if not pk:
                enrolment.pk = None
                enrolment._state.adding = True
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.employer.name})
            return redirect("aid:mutual_enrolment_list")
    context = {
        "form": form,
        "title": _("Edit the enrolment") if pk else _("Enrol an employer"),
        "what_happens": _(
            "The employer's workers are enrolled in the year's mutual medical aid; the "
            "contributions are the workers times the contribution per head."
        ),
    }
    return render(request, "aid/mutual_form.html", context)


# Claims --------------------------------------------------------------------------------------


def claim_queryset(user):
    return MutualAidClaim.objects.visible_to(user).select_related(
        "enrolment__employer", "enrolment__org__township"
    )


def shown_claim(claim):
    """The claim's ID number and illness as the pages show them: masked for every role, as
    the aid pages open (`masking.py`: lists, pages and exports; the API's detail reveals)."""
    data = {"id_number": claim.id_number, "illness": claim.get_illness_display()}
    return masking.mask_values(data, masking.CLAIM_SENSITIVE, reveal=False)


def claim_list(request):
    filterset = ClaimFilter(request.GET, queryset=claim_queryset(request.user), request=request)
    page = paginate(request, filterset.qs)
    for claim in page:
        claim.shown = shown_claim(claim)
    context = {
        "filter": filterset,
        "page": page,
        "can_export": CLAIM_EXPORTER in EXPORTERS,
    }
    return render(request, "aid/mutual_claim_list.html", context)


def claim_export(request):
    return _export(request, CLAIM_EXPORTER)


def claim_add(request):
    require_edit(request.user)
    initial = {"applied_on": timezone.localdate()}
    value = request.GET.get("enrolment", "")
    if value.isdigit():
        initial["enrolment"] = scoped(MutualAidEnrolment, request, int(value)).pk
    form = ClaimForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.record_claim(claim=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.instance.pk = None
            form.instance._state.adding = True
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": claim.person_name})
            return redirect("aid:mutual_claim_detail", pk=claim.pk)
    context = {
        "form": form,
        "title": _("Record a claim"),
        "what_happens": _(
            "The claim is recorded for the county's approval. The amount may not exceed the "
            "expenses nor the county's cap per claim; the cap per person and year is checked "
            "when it is approved."
        ),
    }
    return render(request, "aid/mutual_form.html", context)


def claim_detail(request, pk):
    user = request.user
    claim = scoped(
        MutualAidClaim, request, pk, claim_queryset(user).select_related("decided_by", "member")
    )
    year = claim.enrolment.year
    context = {
        "claim": claim,
        "shown": shown_claim(claim),
        "caps": MutualAidSettings.objects.filter(year=year).first(),
        "paid_in_year": services.mutual.paid_to_person(year, claim.id_number),
        "can_decide": user.is_county_admin and claim.status == ClaimStatus.APPLIED,
        "history": history_for(claim, viewer=user) if user.can_see_history else None,
    }
    return render(request, "aid/mutual_claim_detail.html", context)


def claim_decide(request, pk):
    """The county approves (within the caps) or refuses (with its opinion) a claim."""
    require_county_admin(request.user)
    claim = scoped(MutualAidClaim, request, pk, claim_queryset(request.user))
    if claim.status != ClaimStatus.APPLIED:
        messages.error(request, _("This claim has already been decided."))
        return redirect("aid:mutual_claim_detail", pk=claim.pk)
    form = ClaimDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_claim(claim=claim, actor=request.user, **form.service_args())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The claim has been decided."))
            return redirect("aid:mutual_claim_detail", pk=claim.pk)
    context = {
        "form": form,
        "claim": claim,
        "shown": shown_claim(claim),
        "title": _("Decide the claim"),
        "what_happens": _(
            "Approved, the fund pays the amount: within the county's cap per claim and, with "
            "the person's other approved claims of the year, the cap per person and year. "
            "Refusing needs the opinion."
        ),
    }
    return render(request, "aid/mutual_form.html", context)


__all__ = [
    "claim_add",
    "claim_decide",
    "claim_detail",
    "claim_export",
    "claim_list",
    "enrolment_edit",
    "enrolment_export",
    "enrolment_list",
    "settings_edit",
    "settings_list",
]
