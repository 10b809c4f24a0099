"""Forms of the care ledger: an entry given to a model worker, and its reversal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm
from apps.core.widgets import SearchSelect

from ..choices import WorkerStatus
from ..models import ModelWorker
from ..models.care import CareKind, FundLevel


class CareForm(ActionForm):
    """One entry of the care ledger (`services.care.record_care`)."""

    model_worker = forms.ModelChoiceField(
        label=_("model worker"), queryset=ModelWorker.objects.none(), widget=SearchSelect()
    )
    kind = forms.ChoiceField(label=_("kind of care"), choices=CareKind.choices)
    given_on = forms.DateField(label=_("date"))
    year = forms.IntegerField(
        label=_("year"),
        required=False,
        min_value=1950,
        max_value=2100,
        help_text=_("The year of the occasion; blank: the date's year."),
    )
    amount = forms.DecimalField(
        label=_("amount (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Blank or 0 for a visit or a check-up without money."),
    )
    fund_level = forms.ChoiceField(label=_("fund level"), choices=FundLevel.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=300)
    exception_reason = forms.CharField(
        label=_("Reason for a second visit"),
        required=False,
        max_length=300,
        help_text=_("County administrator only: allows a second visit on the same occasion."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model_worker"].queryset = (
            ModelWorker.objects.visible_to(user)
            .exclude(status=WorkerStatus.WITHDRAWN)
            .select_related("org")
        )
        self.fields["model_worker"].widget.attrs["class"] = "form-select"
        if not user.is_county_admin:
            del self.fields["exception_reason"]

    def service_args(self):
        data = dict(self.cleaned_data)
        data["amount"] = data.get("amount") or 0
        return data


class CareReversalForm(ActionForm):
    reversed_on = forms.DateField(label=_("Reversed on"))
    reason = forms.CharField(label=_("reason"), max_length=300)
