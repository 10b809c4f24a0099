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


@register.filter
def table_date(value):
    """A date in a table reads 2025-08-31 (a time 2025-08-31 14:05), whatever the language's
    long format (2025年8月31日 is for documents); anything else is shown as it is."""
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
