import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import OrgStatus
from .models import EMPLOYER_FIELDS, Employer, UnionOrg
from .services import check_placement
from .validators import clean_text, normalize_text, validate_mobile, validate_past_date
from .widgets import SearchSelect


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


CHOOSE = _("Choose…")
ALL = _("All")
BLANK_DASHES = "---------"


def plain_blank_choices(fields, blank=CHOOSE):
    """Every drop-down's empty choice reads `blank` ("请选择" in forms, "全部" in filters), not
    Django's "---------"; a yes/no drop-down reads 全部 / 是 / 否 (Django's NullBooleanSelect says
    "未知" for the empty choice). Called by every form and filter base class of the portal."""
    for field in fields.values():
        if getattr(field, "empty_label", None) is not None:
            # A model choice or a filter's choice field: read when its choices are iterated.
            field.empty_label = blank
            if not isinstance(field, forms.ModelChoiceField):
                # A filter's choice field: its widget holds the choices as they were.
                field.widget.choices = list(field.choices)
        elif isinstance(field, forms.NullBooleanField) or isinstance(
            field.widget, forms.NullBooleanSelect
        ):
            field.widget.choices = [("unknown", ALL), ("true", _("Yes")), ("false", _("No"))]
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] in ("", None) and str(choices[0][1]) == BLANK_DASHES:
                field.choices = [("", blank), *choices[1:]]


class CleanTextMixin:
    """Every text value a form takes is cleaned before anything else sees it: the control and
    bidirectional-formatting characters no name or note may hold are dropped, stray spaces
    trimmed (`clean_text`); Chinese punctuation and a text area's line breaks are kept. The web
    pages, the API and the ledger imports all go through forms, so this is the one place text
    is cleaned on the way in. Drop-downs' empty choices read "请选择" (`plain_blank_choices`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_blank_choices(self.fields)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                field = self.fields.get(name)
                multiline = field is not None and isinstance(field.widget, forms.Textarea)
                cleaned[name] = clean_text(value, multiline=multiline)
        return cleaned


class PortalForm(CleanTextMixin, forms.Form):
    """A form that is not a model's (a move, a closing): its text cleaned as above."""


class ScopedModelForm(CleanTextMixin, forms.ModelForm):
    """A form whose organisation choices are limited to the user's scope; text is cleaned
    (`CleanTextMixin`) before the model's validators see it."""

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
            "parent": SearchSelect(),
            "founded_on": DateInput(),
            "term_start": DateInput(),
            "term_end": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].required = True  # kept, or changed; never emptied
        else:
            self.fields["code"].required = False
            self.fields["code"].help_text = _("Left blank, a code is given from the parent's.")
        # Closing is its own step (`close_org`, with a date); a closed one's status stays.
        self.fields["status"].choices = [(status.value, status.label) for status in OrgStatus.OPEN]
        if self.instance.pk and self.instance.is_closed:
            del self.fields["status"]
        parent = self.fields["parent"]
        if (
            self.instance.parent_id
            and not parent.queryset.filter(pk=self.instance.parent_id).exists()
        ):
            # The top of the user's own scope: its parent is outside the scope.
            parent.queryset = UnionOrg.objects.filter(pk=self.instance.parent_id)
        self._lock_fields()

    def _lock_fields(self):
        """The fields the user may not change (`rules.locked_fields`: all but the contact
        details of their own scope root) are shown disabled. A browser does not send a disabled
        field, so one left out keeps its stored value; one sent with another value (the API,
        a crafted request) is refused in `clean`, by the same rule the service applies."""
        self.locked = rules.locked_fields(self.instance, self.user) & set(self.fields)
        if not self.locked:
            return
        self._stored = copy.copy(self.instance)
        if self.is_bound:
            data = self.data.copy()
            for name in self.locked:
                if name not in data:
                    data[name] = self.initial.get(name)
            self.data = data
        for name in self.locked:
            self.fields[name].widget.attrs["disabled"] = "disabled"
            self.fields[name].help_text = rules.ABOVE_ONLY

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
        if self.locked:
            for name, messages in rules.locked_changes(self._stored, candidate, self.user).items():
                self.add_error(name, messages)
            if self.errors:
                return cleaned
        if candidate.parent is None and not self.user.is_county_admin:
            self.add_error("parent", _("Choose the parent organisation."))
            return cleaned
        try:
            check_placement(candidate)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class CloseOrgForm(PortalForm):
    status = forms.ChoiceField(
        label=_("Closed as"),
        choices=[(status.value, status.label) for status in OrgStatus.CLOSED],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    closed_on = forms.DateField(
        label=_("Closed on"),
        validators=[validate_past_date],
        widget=DateInput(attrs={"class": "form-control"}),
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
        widgets = {"township": SearchSelect(), "union": SearchSelect()}

    def scoped_querysets(self):
        visible = UnionOrg.objects.visible_to(self.user)
        return {"township": visible.townships(), "union": visible.open()}

    def clean_credit_code(self):
        return normalize_text(self.cleaned_data["credit_code"]).upper()

    def clean(self):
        cleaned = super().clean()
        headcount = cleaned.get("headcount") or 0
        for name in ("women_count", "migrant_count"):
            if (cleaned.get(name) or 0) > headcount:
                self.add_error(name, _("Cannot exceed the number of employees."))
        return cleaned


def apply_errors(form, error):
    """A service's ValidationError onto the form: on the field it names when the form has that
    field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        form.add_error(None, error)


class ActionForm(PortalForm):
    """A move's form: Bootstrap classes, dates as date pickers, text cleaned (`PortalForm`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(field, forms.DateField):
                field.widget = widget = DateInput()
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)
