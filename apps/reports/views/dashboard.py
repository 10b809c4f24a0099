"""The leaders' dashboard, the drill-down lists behind its figures, and the year-end workbook."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from apps.core.choices import JobKind
from apps.core.jobs import start_job
from apps.core.listing import export_filename, paginate, xlsx_response

from ..choices import PeriodKind
from ..dashboard import present, ui_unit
from ..defaults import title_for
from ..drilldown import DENOMINATOR, NUMERATOR, drilldown
from ..evaluation import compute
from ..figures import entry_for, format_number
from ..queries import DIRECT_GROUP, period_for, scope_choices, scope_for
from ..registry import REGISTRY
from ..spreadsheets import DRILLDOWN_EXPORTER, summary_workbook
from ..store import cached_figures


def _picker(request, scope, period):
    this_year = timezone.localdate().year
    return {
        "scope": scope,
        "period": period,
        "scopes": scope_choices(request.user),
        "kinds": PeriodKind.choices,
        "period_kinds": PeriodKind,
        "years": range(this_year, this_year - 15, -1),
    }


def dashboard(request):
    scope = scope_for(request.user, request.GET.get("org"))
    period = period_for(request.GET)
    data, computed_at, stale = cached_figures(scope, period, refresh="refresh" in request.GET)
    query = urlencode({"org": scope.pk, **period.as_query()})
    context = {
        **_picker(request, scope, period),
        **present(data, scope, period),
        "computed_at": computed_at,
        "stale": stale,
        "refresh_url": f"{reverse('reports:dashboard')}?{query}&refresh=1",
        "summary_url": f"{reverse('reports:summary_xlsx')}?{query}",
    }
    return render(request, "reports/dashboard.html", context)


def drilldown_list(request, code):
    view = drilldown(request.user, code, request.GET)
    page = paginate(request, view.records)
    figure, parts = None, []
    if not view.category and not view.direct:
        item = view.indicator
        codes = [code, item.numerator, item.denominator] if item.is_ratio else [code]
        values = compute(view.scope, view.period, codes)
        figure = format_number(values[code], entry_for(item, values[code], None))
        if item.is_ratio:  # the numerator's and denominator's figures, each opening its list
            query = request.GET.copy()
            for part, part_code in ((NUMERATOR, item.numerator), (DENOMINATOR, item.denominator)):
                query["part"] = part
                part_item = REGISTRY[part_code]
                parts.append(
                    {
                        "part": part,
                        "label": part_item.label,
                        "unit": ui_unit(part_item),
                        "value": format_number(
                            values[part_code], entry_for(part_item, values[part_code], None)
                        ),
                        "url": f"?{query.urlencode()}",
                        "active": view.part == part,
                    }
                )
    rows = [(record, [column.value(record) for column in view.columns]) for record in page]
    context = {
        **_picker(request, view.scope, view.period),
        "view": view,
        "indicator": view.indicator,
        "unit": ui_unit(view.indicator),
        "figure": figure,
        "direct_group": DIRECT_GROUP if view.direct else None,
        "parts": parts,
        "page": page,
        "rows": rows,
    }
    return render(request, "reports/drilldown.html", context)


def drilldown_export(request, code):
    """The drill-down's rows as .xlsx: inline when short, as a background job when long."""
    query = request.GET.copy()
    query["code"] = code  # the background job finds the indicator in its query string
    view = drilldown(request.user, code, query)
    records, label = view.records, str(view.indicator.label)
    if records.count() > settings.BACKGROUND_JOB_ROWS:
        job = start_job(
            kind=JobKind.EXPORT,
            title=f"{label} · {DRILLDOWN_EXPORTER.title}",
            user=request.user,
            params={"exporter": DRILLDOWN_EXPORTER.kind, "query": query.urlencode()},
        )
        return redirect(job)
    content = DRILLDOWN_EXPORTER.render(records, listed=view.listed)
    return xlsx_response(content, export_filename(label))


def summary_xlsx(request):
    """Every indicator by township for the period (年度统计汇总表)."""
    scope = scope_for(request.user, request.GET.get("org"))
    period = period_for(request.GET)
    title = title_for(scope, period).replace("工作回顾", "主要指标汇总表")
    return xlsx_response(summary_workbook(scope, period, title), f"{title}.xlsx")
