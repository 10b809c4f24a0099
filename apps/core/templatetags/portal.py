from django import template

from ..widgets import search_text as record_search_text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def search_text(record):
    """What a searchable drop-down finds `record` by (`widgets.search_text`), for a drop-down
    written in a template rather than by a form."""
    return record_search_text(record)
