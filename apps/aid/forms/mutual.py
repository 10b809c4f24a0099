"""Forms of the 职工医疗互助 pages: the county's caps of a year, an employer's enrolment, a claim
and its decision. The rules (caps per claim and per person and year, the county's approval)
are in `services.mutual`; its refusals are put next to the fields they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm
from apps.core.models import Employer, UnionOrg
from apps.core.widgets import SearchSelect

from ..models import MutualAidClaim, MutualAidEnrolment, MutualAidSettings
from .files import DECISION


class MutualAidSettingsForm(ScopedModelForm):
    """A year's contribution per head and the caps per claim and per person and year."""

    class Meta:
        model = MutualAidSettings
        fields = ["year", "contribution_per_head", "cap_per_claim", "cap_per_person_year", "note"]


class EnrolmentForm(ScopedModelForm):
    """An employer's workers enrolled for a year, through a union in the user's scope."""

    class Meta:
        model = MutualAidEnrolment
        fields = ["org", "employer", "year", "workers", "contribution_per_head", "enrolled_on"]
        widgets = {"org": SearchSelect(), "employer": SearchSelect(), "enrolled_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contribution_per_head"].required = False
        self.fields["contribution_per_head"].help_text = _(
            "Blank: the county's contribution per head for the year."
        )
        self.fields["org"].label_from_instance = lambda org: f"{org.code} {org.name}"

    def scoped_querysets(self):
        return {
            "org": UnionOrg.objects.visible_to(self.user).open(),
            "employer": Employer.objects.visible_to(self.user),
        }


class ClaimForm(ScopedModelForm):
    """A claim by an enrolled worker: the enrolment, the person, the illness, the expenses and
    the amount asked."""

    class Meta:
        model = MutualAidClaim
        fields = [
            "enrolment",
            "person_name",
            "id_number",
            "illness",
            "expenses",
            "amount",
            "applied_on",
        ]
        widgets = {"enrolment": SearchSelect(), "applied_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].label_from_instance = lambda e: f"{e.year} {e.employer.name}"

    def scoped_querysets(self):
        return {
            "enrolment": MutualAidEnrolment.objects.visible_to(self.user)
            .select_related("employer")
            .order_by("-year", "employer__name")
        }


class ClaimDecisionForm(ActionForm):
    """The county approves (within the caps) or refuses (with its opinion) a claim."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION, initial="approve")
    decided_on = forms.DateField(label=_("decided on"))
    opinion = forms.CharField(
        label=_("Opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to refuse."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("opinion") or "").strip():
            self.add_error("opinion", _("A refusal states its opinion."))
        return cleaned

    def service_args(self):
        data = self.cleaned_data
        return {
            "approved": data["decision"] == "approve",
            "decided_on": data["decided_on"],
            "opinion": data["opinion"],
        }


__all__ = ["ClaimDecisionForm", "ClaimForm", "EnrolmentForm", "MutualAidSettingsForm"]
