"""Forms of the hardship-aid pages. They only type the input; the rules are in `rules.py` and
the services, whose refusals `apply_errors` puts next to the fields they name. The file form
and its family members (an inline formset) go to `services.apply_for_file` / `update_file`;
each step of a file's life has a small form posting to its service."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm, apply_errors
from apps.core.models import Employer, UnionOrg
from apps.core.validators import mask_id_number
from apps.core.widgets import SearchSelect

from .. import choices
from ..models import FamilyMember, HardshipFile
from ..views.common import can_reveal

__all__ = ["apply_errors"]

FILE_FIELDS = [
    "org",
    "file_no",
    "person_kind",
    "file_level",
    "file_origin",
    "category",
    "category_reason",
    "legacy_category",
    "name",
    "id_number",
    "ethnicity",
    "political_status",
    "phone",
    "health",
    "disability_type",
    "disability_grade",
    "work_status",
    "model_worker_type",
    "marital_status",
    "household_type",
    "medical_insurance",
    "housing_type",
    "housing_area",
    "address",
    "household_region",
    "work_unit",
    "employer",
    "unit_type",
    "enterprise_status",
    "industry",
    "work_start_on",
    "labor_contract_start",
    "labor_contract_term",
    "is_single_parent",
    "zero_employment_family",
    "can_self_help",
    "monthly_income",
    "other_annual_income",
    "household_annual_income",
    "rigid_expenses",
    "household_size",
    "main_cause",
    "secondary_causes",
    "bank",
    "bank_branch",
    "bank_account",
    "filed_by",
    "checked_by",
    "applied_on",
    "note",
]
DATES = ("work_start_on", "labor_contract_start", "applied_on")


class MaskedIdMixin:
    """For users who may not reveal, an existing ID number is shown masked; sent back unchanged,
    the stored number is kept (as on the member form)."""

    def mask_id(self, user):
        self.masked_id = ""
        if self.instance.pk and not can_reveal(user):
            self.masked_id = mask_id_number(self.instance.id_number)
            self.initial["id_number"] = self.masked_id

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip()
        if self.masked_id and value == self.masked_id:
            return self.instance.id_number
        return value


class FileForm(MaskedIdMixin, ScopedModelForm):
    """The household's file, field for field as the national form (status and step dates are
    set by the steps, never here)."""

    secondary_causes = forms.MultipleChoiceField(
        label=_("secondary causes"),
        choices=choices.Cause.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Up to three."),
    )

    class Meta:
        model = HardshipFile
        fields = FILE_FIELDS
        widgets = {
            **{name: DateInput() for name in DATES},
            "org": SearchSelect(),
            "employer": SearchSelect(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].required = True
        self.fields["file_no"].required = False
        if self.instance.pk:
            # The keeping union changes by a transfer (a review outcome), the number never.
            for name in ("org", "file_no", "applied_on"):
                self.fields[name].disabled = True
        else:
            self.fields["file_no"].help_text = _("Left blank, a number is given from the union's.")
        self.fields["org"].label_from_instance = lambda org: f"{org.code} {org.name}"
        self.mask_id(self.user)

    def scoped_querysets(self):
        return {
            "org": UnionOrg.objects.visible_to(self.user).open(),
            "employer": Employer.objects.visible_to(self.user),
        }

    def clean_secondary_causes(self):
        return list(self.cleaned_data.get("secondary_causes") or [])


class FamilyMemberForm(MaskedIdMixin, ScopedModelForm):
    class Meta:
        model = FamilyMember
        fields = [
            "name",
            "relation",
            "id_number",
            "monthly_income",
            "health",
            "disability_type",
            "disability_grade",
            "work_status",
            "work_unit",
            "schooling_level",
            "admission_year",
            "study_years",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mask_id(self.user)
        for field in self.fields.values():
            field.widget.attrs["class"] = field.widget.attrs.get("class", "") + " form-control-sm"


FamilyFormSet = inlineformset_factory(
    HardshipFile, FamilyMember, form=FamilyMemberForm, extra=2, can_delete=True, max_num=29
)


# The steps of a file's life -----------------------------------------------------------------

DECISION = [("approve", _("Approve")), ("refuse", _("Refuse"))]


class DecisionForm(ActionForm):
    """基层初审, 入户调查, 县总审批: approve or refuse, on a day, with an opinion (required to
    refuse; the service says so too)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION, initial="approve")
    acted_on = forms.DateField(label=_("Date"))
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
            "acted_on": data["acted_on"],
            "opinion": data["opinion"],
        }


class PublicityStartForm(ActionForm):
    starts_on = forms.DateField(label=_("Public notice from"))
    ends_on = forms.DateField(label=_("Public notice until"))
    opinion = forms.CharField(
        label=_("Where posted, note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_args(self):
        return dict(self.cleaned_data)


class PublicityCloseForm(ActionForm):
    closed_on = forms.DateField(label=_("Public notice closed on"))
    opinion = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_args(self):
        return dict(self.cleaned_data)


class ReviewForm(ActionForm):
    """A review of a file on record and its outcome (年度复核 …, 返困重建)."""

    outcome = forms.ChoiceField(label=_("review outcome"), choices=choices.ReviewOutcome.choices)
    review_kind = forms.ChoiceField(
        label=_("kind of review"),
        choices=choices.ReviewKind.choices,
        initial=choices.ReviewKind.YEARLY,
    )
    reviewed_on = forms.DateField(label=_("Reviewed on"))
    opinion = forms.CharField(
        label=_("Opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to withdraw or transfer a file."),
    )
    category = forms.ChoiceField(
        label=_("New category"),
        choices=[("", "---------"), *choices.Category.choices],
        required=False,
        help_text=_("For a category adjusted."),
    )
    category_reason = forms.CharField(label=_("reason for the category"), required=False)
    to_org = forms.ModelChoiceField(
        label=_("Transfer to"),
        queryset=UnionOrg.objects.none(),
        required=False,
        widget=SearchSelect(),
        help_text=_("Blank: transferred out of the county (say where in the opinion)."),
    )

    def __init__(self, *args, user, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = UnionOrg.objects.visible_to(user).open()
        self.fields["to_org"].widget.attrs["class"] = "form-select"
        if outcomes is not None:
            self.fields["outcome"].choices = [
                (o.value, o.label) for o in choices.ReviewOutcome if o in outcomes
            ]

    def clean(self):
        cleaned = super().clean()
        needs_opinion = (choices.ReviewOutcome.NOT_ELIGIBLE, choices.ReviewOutcome.TRANSFER)
        if cleaned.get("outcome") in needs_opinion and not (cleaned.get("opinion") or "").strip():
            self.add_error("opinion", _("State the opinion of the review."))
        return cleaned

    def service_args(self):
        return dict(self.cleaned_data)


class ObjectionForm(ActionForm):
    raised_on = forms.DateField(label=_("raised on"))
    raised_by = forms.CharField(
        label=_("raised by"), required=False, max_length=100, help_text=_("Blank when anonymous.")
    )
    content = forms.CharField(label=_("objection"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionDecisionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[("", "---------"), *choices.ObjectionDecision.choices]
    )
    decided_on = forms.DateField(label=_("decided on"))
    note = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 3}))
