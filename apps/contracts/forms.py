"""Forms for contracts and their moves. The rules live in `rules.py` and `services.py`; a form
only types the input and shows the rules' messages next to the fields they concern."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm, apply_errors
from apps.core.models import Employer, UnionOrg
from apps.core.widgets import SearchSelect

from .choices import MULTI_EMPLOYER_SCOPES, ContractStatus, ReviewResult
from .models import CollectiveContract, PerformanceCheck, QualityAssessment, RubricItem
from .rules import contract_errors, standing_errors

DATE_FIELDS = ("offer_on", "term_start", "term_end")


class ContractForm(ScopedModelForm):
    """Add (the offer to negotiate) or edit a contract's parties, negotiators, term, coverage
    and wage terms. The moves (reply, vote, signing …) have their own forms."""

    covered_employers = forms.ModelMultipleChoiceField(
        label=_("Covered employers"),
        queryset=Employer.objects.none(),
        required=False,
        widget=SearchSelect(multiple=True),
        help_text=_("For industry and regional contracts: every employer the contract covers."),
    )

    class Meta:
        model = CollectiveContract
        fields = [
            "contract_type",
            "scope",
            "title",
            "code",
            "union",
            "employer",
            "employer_side",
            "covered_employers",
            "union_chief",
            "employer_chief",
            "union_reps",
            "employer_reps",
            "offer_on",
            "term_start",
            "term_end",
            "covered_workers",
            "covered_women",
            "covered_migrants",
            "prev_avg_wage",
            "raise_pct",
            "wage_workers",
            "note",
        ]
        widgets = {
            **{name: DateInput() for name in DATE_FIELDS},
            "union": SearchSelect(),
            "employer": SearchSelect(),
        }

    # Asked of a contract negotiated in the portal; a contract recorded from the ledger (补录)
    # may not know them (`LedgerContractForm`).
    NEGOTIATION_FIELDS = (
        "union_chief",
        "employer_chief",
        "union_reps",
        "employer_reps",
        "offer_on",
    )
    ledger = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.ledger or self.instance.from_ledger):
            for name in self.NEGOTIATION_FIELDS:
                if name in self.fields:
                    self.fields[name].required = True
        if self.instance.pk:
            self.fields["code"].required = True  # kept, or changed; never emptied
        else:
            self.fields["code"].required = False
            self.fields["code"].help_text = _(
                "Left blank, a number is given from the union's code."
            )
        for name in ("covered_workers", "covered_women", "covered_migrants"):
            self.fields[name].required = False
        self.fields["covered_workers"].help_text = _(
            "Left blank: the covered employers' headcount."
        )
        if not self.instance.pk and not self.is_bound:
            for name in ("covered_workers", "covered_women", "covered_migrants"):
                self.initial[name] = None  # blank: filled from the employers' headcount
        if self.instance.pk:
            del self.fields["offer_on"]
            self.initial["covered_employers"] = list(
                self.instance.coverage.values_list("employer_id", flat=True)
            )

    def scoped_querysets(self):
        unions = UnionOrg.objects.visible_to(self.user).open()
        employers = Employer.objects.visible_to(self.user).select_related("township")
        return {
            "union": unions,
            "employer": employers.filter(union__isnull=False),
            "covered_employers": employers,
        }

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("covered_workers") is None:
            # Left blank: all three come from the covered employers' headcounts.
            cleaned["covered_women"] = cleaned["covered_migrants"] = None
        for name in ("covered_workers", "covered_women", "covered_migrants"):
            if cleaned.get(name) is None:
                cleaned[name] = 0
        candidate = self.instance
        for name, value in cleaned.items():
            if name != "covered_employers":
                setattr(candidate, name, value)
        errors = contract_errors(candidate, self.covered)
        if candidate.pk and candidate.status != ContractStatus.NEGOTIATING:
            for field, messages in standing_errors(candidate).items():
                errors.setdefault(field, []).extend(messages)
        errors = {f: m for f, m in errors.items() if f not in self.errors}
        if errors:
            apply_errors(self, ValidationError(errors))
        return cleaned

    @property
    def covered(self):
        if self.cleaned_data.get("scope") in MULTI_EMPLOYER_SCOPES:
            return list(self.cleaned_data.get("covered_employers") or [])
        return []


class LedgerContractForm(ContractForm):
    """A contract from the county's ledger (补录): what the ledger holds — the signing, the
    term, the coverage — with the negotiation's dates only where known
    (`services.record_from_ledger`)."""

    ledger = True

    class Meta(ContractForm.Meta):
        fields = [
            *ContractForm.Meta.fields,
            "signed_on",
            "submitted_on",
            "reply_on",
            "congress_on",
            "congress_total",
            "congress_present",
            "congress_yes",
        ]
        widgets = {
            **ContractForm.Meta.widgets,
            **{
                name: DateInput()
                for name in ("signed_on", "submitted_on", "reply_on", "congress_on")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].required = True


class ReplyForm(ActionForm):
    reply_on = forms.DateField(label=_("Reply received on"))


class VoteForm(ActionForm):
    congress_on = forms.DateField(label=_("Workers' congress held on"))
    total = forms.IntegerField(label=_("Delegates (total)"), min_value=1)
    present = forms.IntegerField(label=_("Delegates present"), min_value=0)
    yes = forms.IntegerField(label=_("Votes in favour"), min_value=0)


class SignForm(ActionForm):
    signed_on = forms.DateField(label=_("Signed on"))


class SubmitForm(ActionForm):
    submitted_on = forms.DateField(label=_("Submitted to the labour bureau on"))


class ReviewForm(ActionForm):
    result = forms.ChoiceField(label=_("Review result"), choices=ReviewResult.choices)
    review_on = forms.DateField(label=_("Date of the bureau's notice"))
    note = forms.CharField(
        label=_("Objection"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the bureau objects."),
    )


class TerminateForm(ActionForm):
    terminated_on = forms.DateField(label=_("Terminated on"))
    reason = forms.CharField(label=_("Reason"), max_length=200)


class RenewForm(ActionForm):
    offer_on = forms.DateField(
        label=_("Renewal offered on"),
        help_text=_("The new contract starts as a negotiation with the same parties."),
    )


class CheckForm(ScopedModelForm):
    class Meta:
        model = PerformanceCheck
        fields = ["checked_on", "checker", "result", "reported_to_congress", "findings"]
        widgets = {"checked_on": DateInput(), "findings": forms.Textarea(attrs={"rows": 3})}


class AssessmentForm(ActionForm):
    """One score field per active rubric item, labelled with its maximum."""

    assessed_on = forms.DateField(label=_("Assessed on"))
    assessor = forms.CharField(label=_("Assessed by"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, items, **kwargs):
        self.items = list(items)
        super().__init__(*args, **kwargs)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"{item.name} (≤ {item.max_score})",
                min_value=0,
                max_value=item.max_score,
                decimal_places=1,
                help_text=item.description,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
            )

    @property
    def scores(self):
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}

    def assessment(self, contract):
        """The assessment the valid form describes, unsaved (`services.record_assessment`)."""
        return QualityAssessment(
            contract=contract,
            assessed_on=self.cleaned_data["assessed_on"],
            assessor=self.cleaned_data["assessor"],
            note=self.cleaned_data["note"],
        )


class RubricItemForm(ScopedModelForm):
    class Meta:
        model = RubricItem
        fields = ["name", "description", "max_score", "order", "active"]
