"""The care ledger as an Excel sheet (劳模服务台账): the export of the rows the list shows, and
the import of a care roster (a 春节慰问 花名册, a health-check list), each row through the care
form and `record_care`, all or nothing. Registered from the app's `spreadsheets.py`."""

from django.utils.translation import gettext as _

from apps.core.ledgers import Exporter, Importer, form_errors, register, validation_messages
from apps.core.ledgers import zh_choices as zh
from apps.core.validators import mask_id_number
from apps.core.xlsx.columns import CHOICE, DATE, DECIMAL, ID_TEXT, INT, Column, SheetSpec

from .filters_care import CareFilter
from .forms.care import CareForm
from .models import ModelWorker
from .models.care import CareEntry, CareKind, CareRecord, FundLevel
from .services import care as services


def care_spec():
    return SheetSpec(
        kind="mw_care",
        title="劳模服务台账",
        columns=[
            Column("id_number", "身份证号", ("身份证号码",), kind=ID_TEXT, required=True, width=22),
            Column("name", "姓名", ("劳模姓名",)),
            Column(
                "kind",
                "服务项目",
                ("项目", "类别"),
                kind=CHOICE,
                choices=zh(CareKind),
                required=True,
                width=22,
            ),
            Column("year", "年度", (), kind=INT, help="留空为日期所在年度"),
            Column("given_on", "日期", ("发放日期", "慰问日期"), kind=DATE, required=True),
            Column("amount", "金额（元）", ("金额", "慰问金"), kind=DECIMAL),
            Column(
                "fund_level",
                "资金来源",
                ("资金级别",),
                kind=CHOICE,
                choices=zh(FundLevel),
                required=True,
            ),
            Column("note", "备注", ()),
            Column("entry", "类型", (), help="导出用"),
            Column("reason", "冲销原因", (), help="导出用"),
        ],
    )


def care_queryset(user):
    return (
        CareRecord.objects.visible_to(user)
        .select_related("model_worker")
        .order_by("-given_on", "-pk")
    )


def care_row(record):
    return {
        "id_number": mask_id_number(record.model_worker.id_number),
        "name": record.model_worker.name,
        "kind": record.get_kind_display(),
        "year": record.year,
        "given_on": record.given_on,
        "amount": record.amount,
        "fund_level": record.get_fund_level_display(),
        "note": record.note,
        "entry": record.get_entry_display(),
        "reason": record.reason,
    }


def import_care_row(context, row, parsed):
    """One entry for a model worker found by ID number in scope, through the care form and
    `record_care` (a reversal is not imported: it is a correction made on the page)."""
    check = context.row(row)
    worker = check.find(
        "id_number",
        parsed["id_number"],
        ModelWorker.objects.visible_to(context.user),
        by="id_number",
    )
    if check.errors:
        return check.errors
    if parsed.get("name") and parsed["name"] != worker.name:
        return [
            _("%(column)s: the file of this ID number is %(name)s")
            % {"column": context.labels["name"], "name": worker.name}
        ]
    data = {
        k: parsed[k]
        for k in ("kind", "year", "given_on", "amount", "fund_level", "note")
        if parsed.get(k) not in (None, "")
    }
    data["model_worker"] = worker.pk
    form = CareForm(data=data, user=context.user)
    if not form.is_valid():
        return form_errors(form, context.labels)
    from django.core.exceptions import ValidationError

    try:
        services.record_care(actor=context.user, **form.service_args())
    except ValidationError as error:
        labels = dict(context.labels, model_worker=context.labels["id_number"])
        return validation_messages(error, labels)
    return []


CARE_EXPORTER = Exporter(
    kind="mw_care",
    title="劳模服务台账",
    spec=care_spec,
    filterset_class=CareFilter,
    base_queryset=care_queryset,
    row=care_row,
)
CARE_IMPORTER = Importer(
    kind="mw_care",
    title="劳模服务台账导入",
    spec=care_spec,
    process_row=import_care_row,
)

register(exporters=[CARE_EXPORTER], importers=[CARE_IMPORTER])
__all__ = ["CARE_EXPORTER", "CARE_IMPORTER", "CareEntry"]
