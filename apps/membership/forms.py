from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.forms import DateInput, PortalForm, ScopedModelForm
from apps.core.models import Employer, UnionOrg
from apps.core.validators import mask_id_number, mask_phone, validate_past_date
from apps.core.widgets import SearchSelect

from . import rules
from .choices import ChangeReason, ChangeType, IdType
from .masking import can_reveal
from .models import RECORD_FIELDS, Member
from .services import ALLOWED_CHANGES

# Fields that resident ID numbers fill in; asked only for other kinds of document.
DERIVED_FROM_ID = ("birth_date", "sex")


def add_service_error(form, error):
    """A service's ValidationError on the form: on its field when the form has that field,
    otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class MemberForm(ScopedModelForm):
    """The real-name record. Checked by `rules.clean_member`, the same rules as the roster
    import; saved by `services.add_member` / `services.update_member`."""

    # Longer than the column: "110105 19491231 002x" is normalised to 18 characters by the rules.
    id_number = forms.CharField(
        label=capfirst(Member._meta.get_field("id_number").verbose_name), max_length=40
    )
    phone = forms.CharField(
        label=capfirst(Member._meta.get_field("phone").verbose_name),
        max_length=30,
        required=False,
    )

    class Meta:
        model = Member
        fields = RECORD_FIELDS
        widgets = {
            "union": SearchSelect(),
            "employer": SearchSelect(),
            "birth_date": DateInput(),
            "joined_on": DateInput(),
        }
        # A person's name (姓名), not an organisation's (名称).
        labels = {"name": pgettext_lazy("person", "Name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DERIVED_FROM_ID:
            self.fields[name].required = False
            self.fields[name].widget.attrs["data-derived-from-id"] = "1"
        self.fields["sex"].help_text = _("Filled from a resident ID number.")
        self.fields["birth_date"].help_text = _("Filled from a resident ID number.")
        self.fields["union"].label_from_instance = lambda org: f"{org.code} {org.name}"
        self.masked = {}
        if self.instance.pk:
            # The union changes only by a transfer.
            self.fields["union"].disabled = True
            if not can_reveal(self.user):
                # Shown masked; sent back unchanged, the stored number is kept.
                self.masked = {
                    "id_number": mask_id_number(self.instance.id_number),
                    "phone": mask_phone(self.instance.phone) if self.instance.phone else "",
                }
                self.initial.update(self.masked)

    def scoped_querysets(self):
        return {
            "union": UnionOrg.objects.visible_to(self.user).open(),
            "employer": Employer.objects.visible_to(self.user).select_related("township"),
        }

    def _unmasked(self, name):
        value = self.cleaned_data.get(name) or ""
        if self.masked.get(name) and value.strip() == self.masked[name]:
            return getattr(self.instance, name)
        return value

    def clean_id_number(self):
        return self._unmasked("id_number")

    def clean_phone(self):
        return self._unmasked("phone")

    def clean(self):
        cleaned = super().clean()
        data = dict(cleaned)
        if (data.get("id_type") or IdType.RESIDENT_ID) == IdType.RESIDENT_ID:
            # Derived from the number: a stale value from a hidden input must not contradict it.
            for name in DERIVED_FROM_ID:
                data.pop(name, None)
        values, errors = rules.clean_member(data)
        for field, messages in errors.items():
            if field in self.errors:  # the field's own check already said what is wrong
                continue
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        for name in self._meta.fields:
            if name in values and name not in self.errors:
                cleaned[name] = values[name]
        return cleaned


class ChangeForm(PortalForm):
    """A line of the membership ledger recorded by hand: 保留, 除名, 退会 or 再入会."""

    LABELS = {
        ChangeType.RETAIN: _("Retain membership (保留)"),
        ChangeType.EXPEL: _("Expel (除名)"),
        ChangeType.WITHDRAW: _("Withdrawal (退会)"),
        ChangeType.JOIN: _("Rejoin (再入会)"),
    }

    change_type = forms.ChoiceField(
        label=_("Membership change"), widget=forms.Select(attrs={"class": "form-select"})
    )
    changed_on = forms.DateField(
        label=_("Date"),
        validators=[validate_past_date],
        widget=DateInput(attrs={"class": "form-control"}),
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "---------"), *ChangeReason.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, member, **kwargs):
        kwargs.setdefault("initial", {"changed_on": timezone.localdate()})
        super().__init__(*args, prefix="change", **kwargs)
        allowed = ALLOWED_CHANGES.get(member.status, set())
        self.fields["change_type"].choices = [
            (code, label) for code, label in self.LABELS.items() if code in allowed
        ]


def open_unions():
    """Every open union of the county, whoever asks: a member moves to a union that is usually
    in another township, outside the releasing side's scope. Only code and name are shown."""
    return UnionOrg.objects.open().only("id", "code", "name").order_by("code")


class TransferForm(PortalForm):
    """The releasing union asks another union to take a member."""

    to_union = forms.ModelChoiceField(
        label=_("To union"),
        queryset=UnionOrg.objects.none(),
        widget=SearchSelect(attrs={"class": "form-select"}),
    )
    requested_on = forms.DateField(
        label=_("Requested on"),
        validators=[validate_past_date],
        widget=DateInput(attrs={"class": "form-control"}),
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=ChangeReason.choices,
        initial=ChangeReason.LABOUR_RELATION,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, member, **kwargs):
        kwargs.setdefault("initial", {"requested_on": timezone.localdate()})
        super().__init__(*args, prefix="transfer", **kwargs)
        self.fields["to_union"].queryset = open_unions().exclude(pk=member.union_id)
        self.fields["to_union"].label_from_instance = lambda org: f"{org.code} {org.name}"


class DecisionForm(PortalForm):
    """The receiving union's opinion. Optional when accepting; a refusal needs it, which
    `services.decide_transfer` enforces for the page and the API alike."""

    opinion = forms.CharField(
        label=_("Opinion"),
        max_length=200,
        required=False,
        help_text=_("Required when refusing: the releasing union reads it."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
