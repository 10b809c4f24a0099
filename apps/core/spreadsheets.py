"""The organisation and employer ledgers: template columns, import rows, export rows."""

from django.db.models import BooleanField, Value
from django.utils.translation import gettext as _

from . import choices, rules
from .filters import EmployerFilter, OrgFilter
from .forms import EmployerForm, OrgForm
from .ledgers import Exporter, Importer, form_errors, register, zh_choices
from .masking import can_reveal, shown_phone
from .models import Employer, UnionOrg
from .validators import normalize_text
from .xlsx.columns import BOOL, CHOICE, DATE, ID_TEXT, INT, Column, SheetSpec


def org_spec():
    return SheetSpec(
        kind="orgs",
        title="工会组织",
        columns=[
            Column("code", "组织代码", ("工会代码", "编码"), help="留空则按上级代码自动编号"),
            Column(
                "name",
                "组织全称",
                ("工会名称", "名称", "工会全称", "组织名称"),
                required=True,
                width=32,
            ),
            Column("short_name", "简称", ("组织简称",)),
            Column(
                "credit_code",
                "统一社会信用代码",
                ("社会信用代码", "信用代码"),
                kind=ID_TEXT,
                width=22,
            ),
            Column("parent_code", "上级组织代码", ("上级工会代码", "上级代码"), required=True),
            Column(
                "level",
                "组织层级",
                ("层级",),
                kind=CHOICE,
                choices=zh_choices(choices.OrgLevel),
                help="留空则按上级推定",
            ),
            Column(
                "kind",
                "组织类别",
                ("工会类别", "类别"),
                kind=CHOICE,
                choices=zh_choices(choices.OrgKind),
                required=True,
                width=22,
            ),
            Column("form", "建会形式", (), kind=CHOICE, choices=zh_choices(choices.OrgForm)),
            Column(
                "committee_type",
                "委员会类型",
                (),
                kind=CHOICE,
                choices=zh_choices(choices.CommitteeType),
            ),
            Column("founded_on", "建会时间", ("建会日期", "成立时间", "成立日期"), kind=DATE),
            Column("approval_doc_no", "批复文号", ("批准文号",)),
            Column("chair_name", "工会主席", ("主席姓名", "主席")),
            Column("chair_phone", "主席电话", ("主席手机", "联系电话"), kind=ID_TEXT),
            Column("term_start", "任期开始", ("本届开始",), kind=DATE),
            Column("term_end", "任期届满", ("任期结束", "届满时间"), kind=DATE),
            Column(
                "status", "状态", ("组织状态",), kind=CHOICE, choices=zh_choices(choices.OrgStatus)
            ),
        ],
    )


def import_org_row(context, row, data):
    """One ledger row through the same form and service as the web page. Every fault of the
    row is reported at once: an unknown parent does not hide the form's own complaints. A blank
    level is derived from the kind and the parent (`rules.derived_level`: a 机关工会 is
    grassroots wherever it sits); a level that contradicts the kind is refused."""
    from .services import save_org

    labels = context.labels
    check = context.row(row)
    for key in ("code", "credit_code"):
        check.unique(key, data.get(key))
    parent = check.find(
        "parent_code", data["parent_code"], UnionOrg.objects.visible_to(context.user)
    )
    form_data = {k: v for k, v in data.items() if v is not None and k != "parent_code"}
    form_data["parent"] = parent.pk if parent else None
    form_data.setdefault("level", rules.derived_level(data.get("kind"), parent))
    form_data.setdefault("form", choices.OrgForm.SINGLE)
    form_data.setdefault("committee_type", choices.CommitteeType.COMMITTEE)
    form_data.setdefault("status", choices.OrgStatus.ACTIVE)
    form = OrgForm(data=form_data, instance=UnionOrg(), user=context.user)
    valid = form.is_valid()
    if check.errors or not valid:
        errors = list(check.errors)
        if not valid:
            if check.errors:  # a code or credit code repeated: said already by the row check
                for key in ("code", "credit_code"):
                    form.errors.pop(key, None)
            if parent is None:
                form.errors.pop("parent", None)  # said already, by the parent code's column
                form.errors.pop("__all__", None)  # the placement, which needs the parent
            errors += form_errors(form, labels)
        return errors
    save_org(org=form.save(commit=False), actor=context.user)
    return []


def org_export_queryset(user):
    """The chair's phone in full only for users who may reveal (as members' phones are)."""
    reveal = Value(can_reveal(user), output_field=BooleanField())
    return (
        UnionOrg.objects.visible_to(user).select_related("parent").annotate(reveal_identity=reveal)
    )


def org_row(org):
    return {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "credit_code": org.credit_code,
        "parent_code": org.parent.code if org.parent else "",
        "level": org.get_level_display(),
        "kind": org.get_kind_display(),
        "form": org.get_form_display(),
        "committee_type": org.get_committee_type_display(),
        "founded_on": org.founded_on,
        "approval_doc_no": org.approval_doc_no,
        "chair_name": org.chair_name,
        "chair_phone": shown_phone(org.chair_phone, org.reveal_identity),
        "term_start": org.term_start,
        "term_end": org.term_end,
        "status": org.get_status_display(),
    }


def employer_spec():
    return SheetSpec(
        kind="employers",
        title="用人单位",
        columns=[
            Column("name", "单位名称", ("企业名称", "名称"), required=True, width=32),
            Column(
                "credit_code",
                "统一社会信用代码",
                ("社会信用代码", "信用代码"),
                kind=ID_TEXT,
                width=22,
            ),
            Column(
                "nature",
                "单位性质类别",
                ("单位性质", "单位类型"),
                kind=CHOICE,
                choices=zh_choices(choices.EmployerNature),
                required=True,
                width=20,
            ),
            Column(
                "industry",
                "所属行业",
                ("行业", "行业门类"),
                kind=CHOICE,
                choices=zh_choices(choices.Industry),
                width=22,
            ),
            Column(
                "size_band",
                "单位规模",
                ("规模",),
                kind=CHOICE,
                choices=zh_choices(choices.SizeBand),
            ),
            Column("township_code", "所属乡镇代码", ("乡镇代码",), required=True),
            Column("union_code", "所属工会代码", ("工会代码", "覆盖工会代码")),
            Column("address", "地址", ("单位地址",), width=30),
            Column("headcount", "职工人数", ("职工数", "从业人数"), kind=INT),
            Column("women_count", "女职工人数", ("女职工数",), kind=INT),
            Column("migrant_count", "农民工人数", ("农民工数",), kind=INT),
            Column("must_organise", "应建会", ("是否应建会",), kind=BOOL),
        ],
    )


def import_employer_row(context, row, data):
    from .services import save_employer

    labels = context.labels
    check = context.row(row)
    check.unique("credit_code", data.get("credit_code"))
    visible = UnionOrg.objects.visible_to(context.user)
    form_data = {
        k: v for k, v in data.items() if v is not None and k not in ("township_code", "union_code")
    }
    for key, field, queryset in (
        ("township_code", "township", visible.townships()),
        ("union_code", "union", visible),
    ):
        if not data.get(key):
            continue
        org = check.find(key, data[key], queryset)
        if org is not None:
            form_data[field] = org.pk
    if check.errors:
        return check.errors
    form_data.setdefault("must_organise", True)
    if form_data["must_organise"] is False:
        form_data.pop("must_organise")
    form = EmployerForm(data=form_data, instance=Employer(), user=context.user)
    if not form.is_valid():
        return form_errors(
            form, {**labels, "township": labels["township_code"], "union": labels["union_code"]}
        )
    save_employer(employer=form.save(commit=False), actor=context.user)
    return []


def employer_row(employer):
    return {
        "name": employer.name,
        "credit_code": employer.credit_code,
        "nature": employer.get_nature_display(),
        "industry": employer.get_industry_display(),
        "size_band": employer.get_size_band_display(),
        "township_code": employer.township.code,
        "union_code": employer.union.code if employer.union else "",
        "address": employer.address,
        "headcount": employer.headcount,
        "women_count": employer.women_count,
        "migrant_count": employer.migrant_count,
        "must_organise": "是" if employer.must_organise else "否",
    }


def existing_orgs(context, rows):
    """Rows naming an organisation saved before: its credit code, or its full name under the
    same parent (closed organisations aside: a union may be founded again under its old name).
    A roster without codes imported twice would otherwise add every union again."""
    parents = UnionOrg.objects.visible_to(context.user).filter(
        code__in={data["parent_code"] for _row, data in rows}
    )
    return _matching_rows(
        context,
        rows,
        UnionOrg.objects.open(),
        place=("parent_code", "parent", {org.code: org for org in parents}),
        shown=lambda org: f"{org.name}（{org.code}）",
    )


def existing_employers(context, rows):
    """Rows naming an employer saved before: its credit code, or its name in the same
    township."""
    townships = UnionOrg.objects.visible_to(context.user).townships()
    townships = townships.filter(code__in={data["township_code"] for _row, data in rows})
    return _matching_rows(
        context,
        rows,
        Employer.objects.all(),
        place=("township_code", "township", {org.code: org for org in townships}),
        shown=lambda employer: employer.name,
    )


def _matching_rows(context, rows, records, *, place, shown):
    """{excel row: [message]} for the rows whose credit code, or whose name in the place they
    name (`place` = (column, field, {code: organisation}): the parent or the township), is
    that of one of `records`: two queries for the whole file, as the roster looks up its ID
    numbers. A message names the record when the importer may see it, else only that it
    exists."""
    place_key, place_field, places = place
    by_code, by_name = {}, {}
    for row, data in rows:
        code = normalize_text(data.get("credit_code")).upper()
        if code:
            by_code.setdefault(code, []).append(row)
        where = places.get(data.get(place_key))
        if where is not None:
            by_name.setdefault((where.pk, normalize_text(data["name"])), []).append(row)
    matches = []  # (rows, column key, record)
    if by_code:
        for record in records.filter(credit_code__in=by_code):
            matches.append((by_code[record.credit_code], "credit_code", record))
    if by_name:
        lookup = {
            f"{place_field}__in": {pk for pk, _name in by_name},
            "name__in": {name for _pk, name in by_name},
        }
        for record in records.filter(**lookup):
            matched = by_name.get((getattr(record, f"{place_field}_id"), record.name))
            if matched:
                matches.append((matched, "name", record))
    visible = set(
        records.model.objects.visible_to(context.user)
        .filter(pk__in={record.pk for _rows, _key, record in matches})
        .values_list("pk", flat=True)
    )
    place_names = {org.pk: org.name for org in places.values()}
    found = {}
    for matched, key, record in matches:
        params = {"column": context.labels[key], "record": shown(record)}
        if record.pk not in visible:
            message = _("%(column)s: already registered outside your scope") % params
        elif key == "credit_code":
            message = _("%(column)s: already registered, as %(record)s") % params
        else:
            params["place"] = place_names[getattr(record, f"{place_field}_id")]
            message = _("%(column)s: %(place)s already has %(record)s") % params
        for row in matched:
            found.setdefault(row, []).append(message)
    return found


ORG_EXPORTER = Exporter(
    kind="orgs",
    title="工会组织",
    spec=org_spec,
    filterset_class=OrgFilter,
    base_queryset=org_export_queryset,
    row=org_row,
)
EMPLOYER_EXPORTER = Exporter(
    kind="employers",
    title="用人单位",
    spec=employer_spec,
    filterset_class=EmployerFilter,
    base_queryset=lambda user: Employer.objects.visible_to(user).select_related(
        "township", "union"
    ),
    row=employer_row,
)
ORG_IMPORTER = Importer(
    kind="orgs",
    title="工会组织导入",
    spec=org_spec,
    process_row=import_org_row,
    find_existing=existing_orgs,
)
EMPLOYER_IMPORTER = Importer(
    kind="employers",
    title="用人单位导入",
    spec=employer_spec,
    process_row=import_employer_row,
    find_existing=existing_employers,
)
register(exporters=[ORG_EXPORTER, EMPLOYER_EXPORTER], importers=[ORG_IMPORTER, EMPLOYER_IMPORTER])
