from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import OrgStatus
from .models import EMPLOYER_FIELDS, Employer, UnionOrg
from .services import check_placement
from .validators import normalize_text, validate_mobile


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScopedModelForm(forms.ModelForm):
    """A form whose organisation choices are limited to the user's scope; text is normalised
    (full-width digits and letters, stray spaces) before the model's validators see it."""

    scoped_fields: dict = {}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, queryset in self.scoped_querysets().items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)

    def scoped_querysets(self):
        return {}

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = normalize_text(value)
        return cleaned


class OrgForm(ScopedModelForm):
    class Meta:
        model = UnionOrg
        fields = [
            "name",
            "short_name",
            "code",
            "parent",
            "level",
            "kind",
            "form",
            "committee_type",
            "credit_code",
            "founded_on",
            "approval_doc_no",
            "chair_name",
            "chair_phone",
            "term_start",
            "term_end",
            "status",
        ]
        widgets = {
            "founded_on": DateInput(),
            "term_start": DateInput(),
            "term_end": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Left blank, a code is given from the parent's.")
        self.fields["status"].choices = [
            (OrgStatus.PREPARING, OrgStatus.PREPARING.label),
            (OrgStatus.ACTIVE, OrgStatus.ACTIVE.label),
        ]
        if self.instance.pk and self.instance.status not in (
            OrgStatus.PREPARING,
            OrgStatus.ACTIVE,
        ):
            del self.fields["status"]
        parent = self.fields["parent"]
        if (
            self.instance.parent_id
            and not parent.queryset.filter(pk=self.instance.parent_id).exists()
        ):
            # The top of the user's own scope (their township, their union): they keep its
            # record up to date, but cannot move it under another parent.
            parent.queryset = UnionOrg.objects.filter(pk=self.instance.parent_id)
            parent.disabled = True
            parent.help_text = _("Only the organisation above can move this one.")

    def scoped_querysets(self):
        open_orgs = UnionOrg.objects.visible_to(self.user).open()
        if self.instance.pk:
            open_orgs = open_orgs.exclude(path__startswith=self.instance.path)
        return {"parent": open_orgs}

    def clean_credit_code(self):
        return normalize_text(self.cleaned_data["credit_code"]).upper()

    def clean_chair_phone(self):
        phone = self.cleaned_data["chair_phone"]
        return validate_mobile(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = self.instance
        for name, value in cleaned.items():
            setattr(candidate, name, value)
        if candidate.parent is None and not self.user.is_county_admin:
            self.add_error("parent", _("Choose the parent organisation."))
            return cleaned
        try:
            check_placement(candidate)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class CloseOrgForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Closed as"),
        choices=[(status.value, status.label) for status in OrgStatus.CLOSED],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    closed_on = forms.DateField(
        label=_("Closed on"), widget=DateInput(attrs={"class": "form-control"})
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class EmployerForm(ScopedModelForm):
    class Meta:
        model = Employer
        fields = EMPLOYER_FIELDS

    def scoped_querysets(self):
        visible = UnionOrg.objects.visible_to(self.user)
        return {"township": visible.townships(), "union": visible}

    def clean_credit_code(self):
        return normalize_text(self.cleaned_data["credit_code"]).upper()

    def clean(self):
        cleaned = super().clean()
        headcount = cleaned.get("headcount") or 0
        for name in ("women_count", "migrant_count"):
            if (cleaned.get(name) or 0) > headcount:
                self.add_error(name, _("Cannot exceed the number of employees."))
        return cleaned
