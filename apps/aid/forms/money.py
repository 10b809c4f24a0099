"""Forms of the programmes, payments and 低保标准 pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm, apply_errors
from apps.core.models import UnionOrg
from apps.core.widgets import SearchSelect

from .. import choices
from ..models import AidProgramme, HardshipFile, LowIncomeStandard

__all__ = ["apply_errors"]


# Money --------------------------------------------------------------------------------------


class ProgrammeForm(ScopedModelForm):
    fund_sources = forms.MultipleChoiceField(
        label=_("fund sources"),
        choices=choices.FundSource.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = AidProgramme
        fields = [
            "org",
            "year",
            "kind",
            "name",
            "budget",
            "standard_amount",
            "amount_deep",
            "amount_relative",
            "amount_accident",
            "fund_sources",
            "eligible_on",
            "note",
        ]
        widgets = {"org": SearchSelect(), "eligible_on": DateInput()}

    def scoped_querysets(self):
        return {"org": UnionOrg.objects.visible_to(self.user).open()}

    def clean_fund_sources(self):
        return list(self.cleaned_data.get("fund_sources") or [])


class PaymentForm(ActionForm):
    """Pay one household on file from a programme (`services.pay`)."""

    programme = forms.ModelChoiceField(
        label=_("programme"), queryset=AidProgramme.objects.none(), widget=SearchSelect()
    )
    file = forms.ModelChoiceField(
        label=_("hardship file"), queryset=HardshipFile.objects.none(), widget=SearchSelect()
    )
    period = forms.CharField(
        label=_("payment round"),
        required=False,
        max_length=20,
        help_text=_("Blank: the programme's year."),
    )
    paid_on = forms.DateField(label=_("paid on"))
    method = forms.ChoiceField(label=_("method"), choices=choices.PaymentMethod.choices)
    fund_source = forms.ChoiceField(label=_("fund source"), choices=choices.FundSource.choices)
    cash_amount = forms.DecimalField(
        label=_("cash (yuan)"),
        required=False,
        min_value=0,
        decimal_places=2,
        help_text=_("Blank: the programme's amount for the household's category."),
    )
    goods_value = forms.DecimalField(
        label=_("goods value (yuan)"), required=False, min_value=0, decimal_places=2
    )
    goods_description = forms.CharField(label=_("goods"), required=False, max_length=200)
    signed_by = forms.CharField(label=_("signed for by"), required=False, max_length=50)
    exception_reason = forms.CharField(
        label=_("Reason for a second payment"),
        required=False,
        max_length=300,
        help_text=_("County administrator only: allows a second payment as an exception."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = AidProgramme.objects.visible_to(user)
        self.fields["file"].queryset = (
            HardshipFile.objects.visible_to(user).on_file().select_related("org")
        )
        for name in ("programme", "file"):
            self.fields[name].widget.attrs["class"] = "form-select"
        if not user.is_county_admin:
            del self.fields["exception_reason"]

    def service_args(self):
        data = dict(self.cleaned_data)
        data["goods_value"] = data.get("goods_value") or 0
        return data


class ReversalForm(ActionForm):
    reversed_on = forms.DateField(label=_("Reversed on"))
    reason = forms.CharField(label=_("reason"), max_length=300)


class StandardForm(ScopedModelForm):
    class Meta:
        model = LowIncomeStandard
        fields = ["org", "year", "area", "monthly_amount", "note"]
        widgets = {"org": SearchSelect()}

    def scoped_querysets(self):
        return {"org": UnionOrg.objects.visible_to(self.user).exclude(level="grassroots")}
