"""A ledger: the sample list's template, import and export."""

from apps.core.filters import OrgFilter
from apps.core.ledgers import Exporter, Importer, register
from apps.core.models import UnionOrg
from apps.core.xlsx.columns import Column, SheetSpec


def spec():
    return SheetSpec(
        kind="sample",
        title="示例台账",
        columns=[Column("code", "示例代码", required=True), Column("name", "示例名称")],
    )


def check_row(context, row, data):
    return [] if data["code"].startswith("QH") else ["示例代码须以QH开头"]


register(
    exporters=[
        Exporter(
            kind="sample",
            title="示例台账",
            spec=spec,
            filterset_class=OrgFilter,
            base_queryset=lambda user: UnionOrg.objects.visible_to(user),
            row=lambda org: {"code": org.code, "name": org.name},
        )
    ],
    importers=[Importer(kind="sample", title="示例台账导入", spec=spec, process_row=check_row)],
)
