"""Forms of the payment batches' pages (发放批次) and of a file's attachments. They only type the
input; `services.batches` and `services.attachments` hold the rules, whose refusals
`apply_errors` puts next to the fields they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, ScopedModelForm
from apps.core.models import UnionOrg
from apps.core.widgets import SearchSelect

from .. import choices
from ..models import AidBatch, AidProgramme, HardshipFile
from ..services.attachments import attachment_errors


class BatchForm(ScopedModelForm):
    """A new batch of a programme (`services.create_batch`): its name, round, the union that
    draws it up (the user's own when left blank) and optionally one hardship category."""

    class Meta:
        model = AidBatch
        fields = ["programme", "org", "name", "period", "category", "note"]
        widgets = {"programme": SearchSelect(), "org": SearchSelect()}
        help_texts = {"org": _("Blank: your own union.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].required = False
        self.fields["period"].required = False
        self.fields["period"].help_text = _("Blank: the programme's year.")

    def scoped_querysets(self):
        return {
            "programme": AidProgramme.objects.visible_to(self.user),
            "org": UnionOrg.objects.visible_to(self.user).open(),
        }


class BatchLineForm(ActionForm):
    """One household entered on a roster by hand (`services.add_lines`)."""

    file = forms.ModelChoiceField(
        label=_("hardship file"), queryset=HardshipFile.objects.none(), widget=SearchSelect()
    )
    cash_amount = forms.DecimalField(
        label=_("cash (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Blank: the programme's amount for the household's category."),
    )
    goods_value = forms.DecimalField(
        label=_("goods value (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].queryset = (
            HardshipFile.objects.visible_to(user).on_file().select_related("org")
        )
        self.fields["file"].widget.attrs["class"] = "form-select"

    def line(self):
        data = self.cleaned_data
        return {
            "file": data["file"],
            "cash_amount": data.get("cash_amount"),
            "goods_value": data.get("goods_value") or 0,
        }


class RosterImportForm(ActionForm):
    """A roster (花名册) in the payments ledger's columns: 档案编号 or 身份证号, amounts."""

    upload = forms.FileField(
        label=_("Roster workbook (.xlsx)"),
        help_text=_("The columns of the payment roster: file no. or ID number, cash, goods."),
    )


class BatchPayForm(ActionForm):
    """Pay an approved batch (`services.pay_batch`): the day, how and from which fund."""

    paid_on = forms.DateField(label=_("paid on"))
    method = forms.ChoiceField(label=_("method"), choices=choices.PaymentMethod.choices)
    fund_source = forms.ChoiceField(label=_("fund source"), choices=choices.FundSource.choices)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None and programme.fund_sources:
            self.fields["fund_source"].choices = [
                (value, label)
                for value, label in choices.FundSource.choices
                if value in programme.fund_sources
            ]


class AttachmentForm(ActionForm):
    """A scanned or photographed document for a file (`services.add_attachment`): PDF, JPEG or
    PNG, checked by its first bytes and its size before the service checks them again."""

    category = forms.ChoiceField(label=_("category"), choices=choices.AttachmentCategory.choices)
    upload = forms.FileField(label=_("file"), help_text=_("PDF, JPEG or PNG."))
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        errors = attachment_errors(upload.name, upload.size, head)
        if errors:
            raise forms.ValidationError(errors)
        return upload
