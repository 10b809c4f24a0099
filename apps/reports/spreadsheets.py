"""Workbooks of the reports app: a drill-down list as a ledger, and the year-end summary (every
indicator by township, one sheet per line of work, numbers as numbers)."""

import io
from decimal import Decimal

import openpyxl
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import override
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from apps.core.ledgers import LEDGER_LANGUAGE, register
from apps.core.xlsx import Column, SheetSpec, export_workbook, safe_value
from apps.core.xlsx.columns import DATE, DECIMAL, INT, TEXT

from . import sections as lines
from .drilldown import columns_for, drilldown, summed_column
from .figures import REVIEW_LANGUAGE, WAN
from .queries import short_name, township_table


def _kind(field):
    if isinstance(field, models.DateField) and not field.choices:
        return DATE
    if isinstance(field, models.DecimalField):
        return DECIMAL
    if isinstance(field, models.IntegerField) and not field.choices and not field.is_relation:
        return INT
    return TEXT


def _cell(value):
    return str(value) if isinstance(value, models.Model) else value


class DrilldownExporter:
    """The drill-down list as .xlsx, registered with the foundation's exporters so a long list
    is written by a background job with a progress page (`export` jobs), like any ledger."""

    kind = "drilldown"
    title = "指标明细"

    def filtered(self, user, query):
        """The rows of the drill-down page for this query string (`code` names the indicator)."""
        if isinstance(query, str):
            query = QueryDict(query)
        view = drilldown(user, query.get("code"), query)
        records = view.records
        records.drilldown_listed = view.listed  # read by render(): the summed column
        return records

    def sheet(self, model, listed=None):
        with override(LEDGER_LANGUAGE):
            columns = columns_for(model)
            summed = summed_column(listed, model) if listed is not None else None
            if summed is not None:
                columns = [c for c in columns if c.lookup != summed.lookup] + [summed]
            spec = SheetSpec(
                kind="drilldown",
                title=str(model._meta.verbose_name_plural),
                columns=[Column("record", str(model._meta.verbose_name), width=30)]
                + [Column(c.lookup, c.label, kind=_kind(c.field), width=18) for c in columns],
            )
        return spec, columns

    def render(self, queryset, progress=None, listed=None):
        """The workbook of the records; `listed` (or the indicator `filtered` noted on the
        queryset) adds the column its figure sums, as the page shows it."""
        listed = listed or getattr(queryset, "drilldown_listed", None)
        spec, columns = self.sheet(queryset.model, listed)
        total = queryset.count() if progress else 0

        def rows():
            for n, record in enumerate(queryset.iterator(chunk_size=2000), 1):
                if progress and n % 1000 == 0:
                    progress(n, total)
                row = {"record": str(record)}
                row.update((c.lookup, _cell(c.value(record))) for c in columns)
                yield row

        with override(LEDGER_LANGUAGE):
            return export_workbook(spec, rows(), title=spec.title)


DRILLDOWN_EXPORTER = DrilldownExporter()
register(exporters=[DRILLDOWN_EXPORTER])


# --- The year-end summary --------------------------------------------------------------------

THIN = Side(style="thin", color="FF999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2F2F2")


def _cell_value(item, value):
    """Numbers stay numbers: money in 万元 (two places), ratios in % (None stays empty)."""
    if value is None:
        return None, None
    if item.is_money:
        return (Decimal(value) / WAN).quantize(Decimal("0.01")), "0.00"
    if item.is_ratio:
        places = max(item.decimals, 0)
        return Decimal(value), "0" + ("." + "0" * places if places else "")
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return value, "0.00"
    return int(value), "0"


def summary_workbook(scope, period, title):
    """Every indicator by township for the period: one sheet per line of work, a row per
    township and a total row for the whole scope."""
    tables = township_table(scope, period)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    with override(REVIEW_LANGUAGE):
        for section, (items, rows, totals) in tables.items():
            line = lines.SECTIONS[section]
            sheet = workbook.create_sheet(line.sheet_title)
            width = len(items) + 1
            sheet.cell(row=1, column=1, value=safe_value(f"{title}（{line.name}）"))
            sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            headers = ["乡镇（街道）"] + [
                f"{item.label}（{'万元' if item.is_money else item.unit}）" for item in items
            ]
            for col, text in enumerate(headers, 1):
                cell = sheet.cell(row=2, column=col, value=safe_value(text))
                cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                sheet.column_dimensions[get_column_letter(col)].width = 16 if col > 1 else 22
            body = [(short_name(org), values) for org, values in rows]
            body.append((f"合计（{short_name(scope)}）", totals))
            for r, (name, values) in enumerate(body, 3):
                cell = sheet.cell(row=r, column=1, value=safe_value(name))
                cell.border = BORDER
                for col, item in enumerate(items, 2):
                    value, fmt = _cell_value(item, values.get(item.code))
                    cell = sheet.cell(row=r, column=col, value=value)
                    cell.border = BORDER
                    if fmt:
                        cell.number_format = fmt
                if name.startswith("合计"):
                    for col in range(1, width + 1):
                        sheet.cell(row=r, column=col).font = Font(bold=True)
                        sheet.cell(row=r, column=col).fill = TOTAL_FILL
            sheet.freeze_panes = "B3"
            note_row = len(body) + 4
            sheet.cell(
                row=note_row,
                column=1,
                value=f"统计期间：{period.start:%Y-%m-%d}至{period.end:%Y-%m-%d}；"
                f"生成日期：{timezone.localdate():%Y-%m-%d}",
            ).font = Font(color="FF666666", size=9)
        if not tables:
            workbook.create_sheet("说明").cell(row=1, column=1, value="尚无登记的统计指标。")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
