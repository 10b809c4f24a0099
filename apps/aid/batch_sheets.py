"""The payment batches' ledgers: the list of batches as a workbook (`aid_batches`, the list
page's export), and a batch's roster (花名册) imported from a sheet in the payment roster's
columns (`payment_spec`: 档案编号 or 身份证号, 姓名, 现金, 实物折价; the programme, date and
method columns are not needed, the batch has them). Each row goes through `add_lines` as an
imported line; any failing row rejects the whole sheet, each error on its row."""

import dataclasses
from functools import partial

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from apps.core.ledgers import Exporter, Importer, register
from apps.core.xlsx.columns import DATE, DECIMAL, INT, Column, SheetSpec

from . import choices, services
from .filters import BatchFilter
from .models import AidBatch, HardshipFile

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(0, output_field=MONEY)
ROSTER_KEYS = ("file_no", "id_number", "recipient_name", "cash_amount", "goods_value")


def with_totals(batches):
    """Batches with their roster's size and sum, and what of it has been paid: one query for
    any number of batches (aggregates over the lines, grouped by batch)."""
    amount = F("lines__cash_amount") + F("lines__goods_value")
    paid = Q(lines__status=choices.LineStatus.PAID)
    return batches.annotate(
        line_count=Count("lines"),
        line_total=Coalesce(Sum(amount), ZERO),
        paid_count=Count("lines", filter=paid),
        paid_total=Coalesce(Sum(amount, filter=paid), ZERO),
    )


def batch_queryset(user):
    return with_totals(
        AidBatch.objects.visible_to(user).select_related("programme", "org", "org__township")
    ).order_by("-created_at", "-pk")


def batch_spec():
    return SheetSpec(
        kind="aid_batches",
        title="帮扶资金发放批次",
        columns=[
            Column("name", "批次名称", (), width=28),
            Column("programme", "帮扶项目", ("项目",), width=28),
            Column("year", "项目年度", ("年度",), kind=INT),
            Column("period", "发放期次", ("期次",)),
            Column("org", "编制单位", (), width=24),
            Column("category", "困难类别", ()),
            Column("status", "状态", ()),
            Column("line_count", "户数", (), kind=INT),
            Column("line_total", "金额合计（元）", (), kind=DECIMAL),
            Column("paid_count", "已发放户数", (), kind=INT),
            Column("paid_total", "已发放金额（元）", (), kind=DECIMAL),
            Column("paid_on", "发放日期", (), kind=DATE),
            Column("method", "发放方式", ()),
            Column("fund_source", "资金来源", ()),
        ],
    )


def batch_row(batch):
    return {
        "name": batch.name,
        "programme": batch.programme.name,
        "year": batch.programme.year,
        "period": batch.period,
        "org": batch.org.name,
        "category": batch.get_category_display(),
        "status": batch.get_status_display(),
        "line_count": batch.line_count,
        "line_total": batch.line_total,
        "paid_count": batch.paid_count,
        "paid_total": batch.paid_total,
        "paid_on": batch.paid_on,
        "method": batch.get_method_display(),
        "fund_source": batch.get_fund_source_display(),
    }


def roster_spec():
    """The payment roster's columns a batch takes, none of them required by the sheet (a row
    names its household by 档案编号 or 身份证号, the amounts default to the programme's)."""
    from .spreadsheets import payment_spec

    payments = payment_spec()
    columns = [
        dataclasses.replace(column, required=False)
        for column in payments.columns
        if column.key in ROSTER_KEYS
    ]
    return SheetSpec(kind="aid_batch_roster", title=payments.title, columns=columns)


def import_roster_row(batch, context, row, parsed):
    """One household put on the batch's roster: found by file number or ID number in scope,
    its name (when given) the file's, added by `add_lines` as an imported line."""
    labels, user = context.labels, context.user
    check = context.row(row)
    files = HardshipFile.objects.visible_to(user)
    file = None
    if parsed.get("file_no"):
        file = check.find("file_no", parsed["file_no"], files, by="file_no")
    elif parsed.get("id_number"):
        file = check.find("id_number", parsed["id_number"], files.open(), by="id_number")
    else:
        check.errors.append(
            _("%(column)s: enter the file number or the ID number") % {"column": labels["file_no"]}
        )
    name = parsed.get("recipient_name")
    if file is not None and name and name != file.name:
        check.errors.append(
            _("%(column)s: %(name)s is not the name on file %(file_no)s (%(file_name)s)")
            % {
                "column": labels["recipient_name"],
                "name": name,
                "file_no": file.file_no,
                "file_name": file.name,
            }
        )
    if check.errors:
        return check.errors
    line = {
        "file": file,
        "cash_amount": parsed.get("cash_amount"),
        "goods_value": parsed.get("goods_value") or 0,
    }
    services.add_lines(batch=batch, actor=user, lines=[line], source=choices.RosterSource.IMPORTED)
    return []


ROSTER_IMPORTER = Importer(
    kind="aid_batch_roster",
    title="发放批次花名册导入",
    spec=roster_spec,
    process_row=None,
)


def roster_importer(batch):
    """The roster importer for one batch (every row added to it)."""
    return dataclasses.replace(ROSTER_IMPORTER, process_row=partial(import_roster_row, batch))


BATCH_EXPORTER = Exporter(
    kind="aid_batches",
    title="帮扶资金发放批次",
    spec=batch_spec,
    filterset_class=BatchFilter,
    base_queryset=batch_queryset,
    row=batch_row,
)

register(exporters=[BATCH_EXPORTER])
