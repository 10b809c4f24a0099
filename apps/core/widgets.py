"""The searchable drop-down used by every organisation, employer and member field, in forms and
filters: a plain `<select>` that `static/js/search-select.js` turns into a Tom Select box.

Typing a name, a code or pinyin initials finds the option ("cgz" finds 城关镇总工会): each
option carries `data-search` with what it can be found by besides its label. Without
JavaScript it is the plain drop-down it always was, and the form posts the same value.

For a few hundred options (organisations, employers) every option is rendered. With `url`
(members: tens of thousands) only the chosen option is rendered and the others arrive from that
JSON endpoint as one types, e.g. `SearchSelect(url=reverse_lazy("membership:member_search"))`;
the field's queryset still decides what is accepted.
"""

import copy

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

# The attributes of a record one may type to find it, besides the label (its name).
SEARCH_ATTRIBUTES = ("code", "short_name", "credit_code", "name_initials", "name_pinyin")


def hint_text(record):
    """Shown beside the label to tell options apart: an organisation's code, or an employer's
    township when it was read with the record (never a query per option)."""
    if getattr(record, "code", ""):
        return record.code
    township = getattr(type(record), "township", None)
    if township is not None and township.is_cached(record) and record.township is not None:
        return record.township.short_name or record.township.name
    return ""


def search_text(record):
    """What `record` is found by in a searchable drop-down: code, short name, credit code and
    the pinyin of its name, those it has."""
    values = (getattr(record, attribute, "") for attribute in SEARCH_ATTRIBUTES)
    return " ".join(str(value) for value in values if value)


class SearchSelect(forms.Select):
    """A drop-down that filters its options as one types (see the module's docstring).

    `multiple=True` makes it a multiple choice (a `SelectMultiple`'s behaviour), so one widget
    serves both kinds of field."""

    def __init__(self, attrs=None, choices=(), *, url=None, multiple=False):
        super().__init__(attrs, choices)
        self.url = url
        self.allow_multiple_selected = multiple

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-search-select"] = "remote" if self.url else "local"
        if self.url:
            attrs["data-search-url"] = str(self.url)
        attrs.setdefault("data-placeholder", _("Name, code or pinyin initials"))
        attrs.setdefault("data-no-results", _("Nothing found"))
        return attrs

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        record = getattr(value, "instance", None)
        if record is not None:
            option["attrs"]["data-search"] = search_text(record)
            hint = hint_text(record)
            if hint:
                option["attrs"]["data-hint"] = hint
        return option

    def optgroups(self, name, value, attrs=None):
        if not self.url or not isinstance(self.choices, ModelChoiceIterator):
            return super().optgroups(name, value, attrs)
        # Remote: render the blank choice and the chosen records only.
        everything = self.choices
        key = everything.field.to_field_name or "pk"
        chosen = [v for v in value if v and (key != "pk" or str(v).isdigit())]
        self.choices = copy.copy(everything)
        self.choices.queryset = everything.queryset.filter(**{f"{key}__in": chosen})
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            return forms.SelectMultiple.value_from_datadict(self, data, files, name)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        if self.allow_multiple_selected:
            return False  # an unselected multiple select posts nothing
        return super().value_omitted_from_data(data, files, name)
