"""Forms of the nomination rounds: the round, a candidate, and each step."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm
from apps.core.models import UnionOrg
from apps.core.widgets import SearchSelect

from ..choices import PersonCategory, RecipientKind, WorkerStatus
from ..models import HonourType, ModelWorker
from ..models.rounds import STANDING, Candidate, CheckResult, NominationRound, ObjectionDecision


def _standing(round_):
    """The candidates still on the round's list (none for the schema's form)."""
    if round_ is None:
        return Candidate.objects.none()
    return round_.candidates.filter(status__in=STANDING)


class RoundForm(ScopedModelForm):
    class Meta:
        model = NominationRound
        fields = [
            "org",
            "honour_type",
            "year",
            "name",
            "notice_no",
            "quota",
            "min_frontline",
            "min_migrant",
            "max_manager",
            "min_women",
            "deadline",
        ]
        widgets = {"org": SearchSelect(), "deadline": DateInput()}

    def scoped_querysets(self):
        return {"org": UnionOrg.objects.visible_to(self.user).open().exclude(level="grassroots")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "honour_type" in self.fields:
            self.fields["honour_type"].queryset = HonourType.objects.filter(
                recipient_kind=RecipientKind.PERSON, active=True
            )


class CandidateForm(ActionForm):
    """A unit's recommendation: a model worker on file, or a new person by name and ID."""

    recommended_by = forms.ModelChoiceField(
        label=_("recommended by"), queryset=UnionOrg.objects.none(), widget=SearchSelect()
    )
    model_worker = forms.ModelChoiceField(
        label=_("model worker file"),
        required=False,
        queryset=ModelWorker.objects.none(),
        widget=SearchSelect(),
        help_text=_("A person on file; or leave blank and enter a new person below."),
    )
    name = forms.CharField(label=_("full name"), required=False, max_length=50)
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=18)
    person_category = forms.ChoiceField(
        label=_("person category"),
        required=False,
        choices=[("", "---------"), *PersonCategory.choices],
    )
    employer_name = forms.CharField(label=_("employer"), required=False, max_length=200)
    post = forms.CharField(label=_("post"), required=False, max_length=100)
    deeds = forms.CharField(
        label=_("deeds"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommended_by"].queryset = UnionOrg.objects.visible_to(user).open()
        self.fields["model_worker"].queryset = ModelWorker.objects.visible_to(user).filter(
            status=WorkerStatus.ON_RECORD
        )
        for name in ("recommended_by", "model_worker"):
            self.fields[name].widget.attrs["class"] = "form-select"


class WithdrawForm(ActionForm):
    reason = forms.CharField(label=_("reason"), max_length=300)


class SubmitForm(ActionForm):
    submitted_on = forms.DateField(label=_("submitted on"))


class JointCheckForm(ActionForm):
    department = forms.CharField(
        label=_("department"),
        max_length=100,
        help_text=_("e.g. 纪检监察, 公安, 市场监管, 税务, 生态环境, 应急管理"),
    )
    candidate = forms.ModelChoiceField(
        label=_("candidate"),
        required=False,
        queryset=None,
        help_text=_("Blank: the department's opinion on the whole list."),
    )
    result = forms.ChoiceField(label=_("result"), choices=CheckResult.choices)
    checked_on = forms.DateField(label=_("date"))
    note = forms.CharField(label=_("opinion"), required=False, max_length=500)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = _standing(round_)
        self.fields["department"].widget.attrs["list"] = "departments"


class PublicityForm(ActionForm):
    publicity_from = forms.DateField(label=_("public notice from"))
    publicity_to = forms.DateField(label=_("public notice until"))


class ObjectionForm(ActionForm):
    candidate = forms.ModelChoiceField(label=_("candidate"), queryset=None)
    raised_on = forms.DateField(label=_("raised on"))
    raised_by = forms.CharField(
        label=_("raised by"), required=False, max_length=100, help_text=_("Blank when anonymous.")
    )
    content = forms.CharField(label=_("objection"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = _standing(round_)


class ObjectionDecisionForm(ActionForm):
    decision = forms.ChoiceField(label=_("decision"), choices=ObjectionDecision.choices)
    decided_on = forms.DateField(label=_("decided on"))
    finding = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(ActionForm):
    approved_on = forms.DateField(label=_("conferred on"))
    document_no = forms.CharField(label=_("commendation document no."), max_length=100)


class CancelForm(ActionForm):
    cancelled_on = forms.DateField(label=_("cancelled on"))
    reason = forms.CharField(label=_("reason"), max_length=300)
