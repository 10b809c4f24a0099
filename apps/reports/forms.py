from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import PortalForm
from apps.core.widgets import SearchSelect

from .choices import REVIEW_PERIOD_KINDS, PeriodKind
from .models import AnnualReview, ReviewSection
from .periods import FIRST_YEAR, LAST_YEAR, Period
from .placeholders import problems
from .queries import scope_choices


def check_placeholders(text):
    """Refuse text naming an indicator that is not registered (naming each such placeholder) or
    holding a brace that opens or closes no placeholder (naming its line and column)."""
    found = problems(text)
    if found:
        raise ValidationError(found, code="placeholder")
    return text


class NewReviewForm(PortalForm):
    """Which organisation and period a new review covers."""

    org = forms.ModelChoiceField(label=_("Organisation"), queryset=None, widget=SearchSelect())
    # A stored review covers a year, a range of years or a statistics year (`AnnualReview`).
    kind = forms.ChoiceField(label=_("Period"), choices=REVIEW_PERIOD_KINDS)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    to_year = forms.IntegerField(
        label=_("To year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        help_text=_("For a range of years (a congress term)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = scope_choices(user)
        self.fields["org"].initial = user.org_id
        self.fields["year"].initial = timezone.localdate().year - 1
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind, year, to_year = data["kind"], data["year"], data.get("to_year")
        if kind == PeriodKind.YEARS and (not to_year or to_year <= year):
            raise ValidationError(_("A range of years needs a later last year."))
        data["period"] = Period.parse(kind, year, to_year if kind == PeriodKind.YEARS else None)
        return data


class ReviewForm(forms.ModelForm):
    class Meta:
        model = AnnualReview
        fields = ["title"]
        widgets = {"title": forms.TextInput(attrs={"class": "form-control form-control-lg"})}

    def clean_title(self):
        return check_placeholders(self.cleaned_data["title"])


class SectionForm(forms.ModelForm):
    class Meta:
        model = ReviewSection
        fields = ["position", "heading", "body"]
        widgets = {
            "position": forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            "heading": forms.TextInput(attrs={"class": "form-control"}),
            "body": forms.Textarea(attrs={"class": "form-control review-text", "rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new section left unnumbered goes before problems and plans (see the service).
        self.fields["position"].required = False
        if self.instance.pk is None:
            self.initial["position"] = None

    def clean_position(self):
        position = self.cleaned_data["position"]
        if position is None and self.instance.pk is not None:
            return self.instance.position
        return position

    def clean_heading(self):
        return check_placeholders(self.cleaned_data["heading"])

    def clean_body(self):
        return check_placeholders(self.cleaned_data["body"])


SectionFormSet = forms.inlineformset_factory(
    AnnualReview,
    ReviewSection,
    form=SectionForm,
    extra=1,
    can_delete=True,
)
