"""Forms of the proposals, innovations, studios and 安康杯 pages (the API and the proposal
ledger validate through them too)."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm
from apps.core.models import Employer, UnionOrg
from apps.core.widgets import SearchSelect

from ..choices_innovation import ProposalReview
from ..models.innovation import AnkangEntry, Innovation, InnovationStudio, Proposal, StudioReport

__all__ = [
    "AnkangForm",
    "ImplementProposalForm",
    "InnovationForm",
    "NameStudioForm",
    "ProposalForm",
    "RecheckStudioForm",
    "ReviewProposalForm",
    "RevokeStudioForm",
    "StudioForm",
    "StudioReportForm",
]


class ZeroWhenBlank:
    """Amounts and counts left blank are 0 (a ledger's empty cell, a form's empty box)."""

    zero_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.zero_fields:
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.zero_fields:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        return cleaned


def _orgs(user):
    return UnionOrg.objects.visible_to(user).open()


def _employers(user):
    return Employer.objects.visible_to(user).select_related("township")


class ProposalForm(ZeroWhenBlank, ScopedModelForm):
    """A proposal as recorded, with its review and implementation when already known."""

    zero_fields = ("annual_benefit", "reward")
    # Declared with no choices: the scope gives them (`scoped_querysets`), and the API's schema
    # is built without a database.
    proposer_members = forms.ModelMultipleChoiceField(
        label=_("proposers on the member roll"),
        queryset=None,
        required=False,
        widget=SearchSelect(url=reverse_lazy("membership:member_search"), multiple=True),
    )

    def __init__(self, *args, **kwargs):
        from apps.membership.models import Member

        self.base_fields["proposer_members"].queryset = Member.objects.none()
        super().__init__(*args, **kwargs)

    class Meta:
        model = Proposal
        fields = [
            "code",
            "title",
            "content",
            "org",
            "employer",
            "proposers",
            "proposer_members",
            "category",
            "submitted_on",
            "review_result",
            "reviewed_on",
            "review_reason",
            "implemented_on",
            "annual_benefit",
            "reward",
            "golden_idea",
            "note",
        ]
        widgets = {
            "org": SearchSelect(),
            "employer": SearchSelect(),
            "submitted_on": DateInput(),
            "reviewed_on": DateInput(),
            "implemented_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
        }

    def scoped_querysets(self):
        from apps.membership.models import Member

        return {
            "org": _orgs(self.user),
            "employer": _employers(self.user),
            "proposer_members": Member.objects.visible_to(self.user),
        }


class ReviewProposalForm(ActionForm):
    """The review panel's decision."""

    result = forms.ChoiceField(label=_("review result"), choices=ProposalReview.choices)
    reviewed_on = forms.DateField(label=_("reviewed on"))
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=300,
        help_text=_("Required when not adopted."),
    )


class ImplementProposalForm(ActionForm):
    implemented_on = forms.DateField(label=_("implemented on"))
    annual_benefit = forms.DecimalField(
        label=_("annual benefit (yuan)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    reward = forms.DecimalField(
        label=_("reward (yuan)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("annual_benefit", "reward"):
            if cleaned.get(name) is None:
                cleaned[name] = 0
        return cleaned


class InnovationForm(ZeroWhenBlank, ScopedModelForm):
    zero_fields = ("benefit",)

    class Meta:
        model = Innovation
        fields = [
            "title",
            "kind",
            "org",
            "employer",
            "people",
            "year",
            "problems_solved",
            "patent_no",
            "patent_kind",
            "benefit",
            "award_level",
            "note",
        ]
        widgets = {
            "org": SearchSelect(),
            "employer": SearchSelect(),
            "problems_solved": forms.Textarea(attrs={"rows": 3}),
        }

    def scoped_querysets(self):
        return {"org": _orgs(self.user), "employer": _employers(self.user)}


class StudioForm(ZeroWhenBlank, ScopedModelForm):
    """A studio's application (or its correction): naming is its own step."""

    zero_fields = ("members",)

    class Meta:
        model = InnovationStudio
        fields = [
            "name",
            "studio_type",
            "level",
            "org",
            "host_employer",
            "leader",
            "members",
            "recheck_due",
            "note",
        ]
        widgets = {
            "org": SearchSelect(),
            "host_employer": SearchSelect(),
            "leader": SearchSelect(),
            "recheck_due": DateInput(),
        }

    def scoped_querysets(self):
        from apps.modelworkers.models import ModelWorker

        return {
            "org": _orgs(self.user),
            "host_employer": _employers(self.user),
            "leader": ModelWorker.objects.visible_to(self.user),
        }


class NameStudioForm(ActionForm):
    named_on = forms.DateField(label=_("named on"))
    doc_no = forms.CharField(label=_("document no."), max_length=60)
    subsidy = forms.DecimalField(
        label=_("subsidy (yuan)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    recheck_due = forms.DateField(label=_("re-check due"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subsidy") is None:
            cleaned["subsidy"] = 0
        return cleaned


class RecheckStudioForm(ActionForm):
    rechecked_on = forms.DateField(label=_("re-checked on"))
    next_due = forms.DateField(label=_("next re-check due"), required=False)


class RevokeStudioForm(ActionForm):
    revoked_on = forms.DateField(label=_("revoked on"))
    reason = forms.CharField(label=_("reason"), max_length=300)


class StudioReportForm(ZeroWhenBlank, ScopedModelForm):
    zero_fields = ("topics", "patents", "apprentices", "benefit")

    class Meta:
        model = StudioReport
        fields = ["year", "topics", "patents", "apprentices", "benefit", "note"]


class AnkangForm(ZeroWhenBlank, ScopedModelForm):
    zero_fields = ("teams", "workers")

    class Meta:
        model = AnkangEntry
        fields = ["employer", "year", "teams", "workers", "score", "award", "note"]
        widgets = {"employer": SearchSelect()}

    def scoped_querysets(self):
        return {"employer": _employers(self.user)}
