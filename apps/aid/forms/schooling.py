"""Forms of the 金秋助学 pages: an application on the parent's file and its steps (公示 posted
and closed, approval). They only type the input; `services.schooling` holds the rules (a
student aided once per school year, a refusal with its opinion) and its refusals are put next
to the fields they name (`apply_errors`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm

from ..choices import ProgrammeKind
from ..models import AidProgramme, FamilyMember, SchoolAidApplication
from .files import DecisionForm

PASSED = "passed"
UPHELD = "upheld"


class SchoolAidForm(ScopedModelForm):
    """申请: the student (a member of the household), the school, level and admission year
    (left blank, what the family member's record says), the school year and the amount (left
    blank, the programme's year and standard amount)."""

    class Meta:
        model = SchoolAidApplication
        fields = [
            "programme",
            "student",
            "school",
            "level",
            "admission_year",
            "school_year",
            "amount",
            "applied_on",
        ]
        widgets = {"applied_on": DateInput()}

    def __init__(self, *args, file=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.file = file
        family = file.family.all() if file is not None else FamilyMember.objects.none()
        self.fields["student"].queryset = family
        for name in ("school", "level", "admission_year", "school_year", "amount"):
            self.fields[name].required = False
        self.fields["school"].help_text = _("Blank: the school in the family member's record.")
        self.fields["school_year"].help_text = _("Blank: the programme's year.")
        self.fields["amount"].help_text = _("Blank: the programme's standard amount.")
        self.fields["level"].label = _("current schooling")
        if not self.instance.pk:
            self.initial["amount"] = None  # blank, not the model's 0: the standard amount

    def scoped_querysets(self):
        return {
            "programme": AidProgramme.objects.visible_to(self.user).filter(
                kind=ProgrammeKind.AUTUMN_SCHOOLING
            )
        }


class SchoolAidPublicityStartForm(ActionForm):
    """公示: the list of students aided is posted, from/until."""

    starts_on = forms.DateField(label=_("Public notice from"))
    ends_on = forms.DateField(label=_("Public notice until"))
    opinion = forms.CharField(
        label=_("Where posted, note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_args(self):
        return dict(self.cleaned_data)


class SchoolAidPublicityCloseForm(ActionForm):
    """公示期满: passed, or an objection upheld (its finding the opinion, which refuses)."""

    outcome = forms.ChoiceField(
        label=_("Outcome of the public notice"),
        choices=[(PASSED, _("No objection upheld")), (UPHELD, _("An objection was upheld"))],
        initial=PASSED,
    )
    closed_on = forms.DateField(label=_("Public notice closed on"))
    opinion = forms.CharField(
        label=_("Opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For an upheld objection: what it said and what was found."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == UPHELD and not (cleaned.get("opinion") or "").strip():
            self.add_error("opinion", _("A refusal states its opinion."))
        return cleaned

    def service_args(self):
        data = self.cleaned_data
        return {
            "approved": data["outcome"] == PASSED,
            "closed_on": data["closed_on"],
            "opinion": data["opinion"],
        }


class SchoolAidDecisionForm(DecisionForm):
    """审批 (the county or the programme's union): approve or refuse, with an opinion to refuse."""


__all__ = [
    "SchoolAidDecisionForm",
    "SchoolAidForm",
    "SchoolAidPublicityCloseForm",
    "SchoolAidPublicityStartForm",
]
