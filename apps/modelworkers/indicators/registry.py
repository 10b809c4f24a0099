"""Figures of the registry (劳模与荣誉): the model workers on the register by treatment level,
the honours conferred in the period by type and level, and the database totals. Each is one
aggregate; the drill-down lists the files or the awards that make it up.

How the county counts:
- **在册劳模** (`registered`, a stock): the model-worker files holding a standing (not revoked)
  award conferred on or before the period's end, whose holder was on the register then: the
  file is 在册 now, or left the register (取消称号, 已故, 调出) only after the period's end.
  By treatment level (`registered_national` … `registered_county`): the treatment the file
  carries (the best any standing award's type carries, `refresh_worker`), as the file stands
  now; by employment (`registered_in_post`, `registered_retired`) likewise — the register keeps
  no history of either. A person on the register is living: a death takes the file off it.
- **新表彰** (flows): the recipients of a standing award conferred within the period
  (`conferred_on`), placed by their managing union (a recognised union organisation by its
  own place). Persons are counted once each however many awards they received (先进个人 人),
  collectives and union organisations once each (个); the drill-down lists the recipients. By
  type and level: 劳动模范 by level (`model_workers_national` … — 全国劳模N名，省劳模N名),
  五一劳动奖章 (名), 五一劳动奖状 (个), 工人先锋号 (个) in all and by level; union
  recognitions in all and 合格 / 先进 / 模范职工之家 and 星级工会 of any level ("县级'合格职工之家'
  66个 …": the level is the type's, the quoted ones each a type of its own).
- **数据库** (`database_persons`, `database_collectives`, stocks): "共录入各级先进集体N个，
  先进个人N人" — the files of persons and of collectives holding an award of any level
  conferred on or before the period's end, whatever their status now (the database keeps the
  withdrawn, the deceased and the transferred too).
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import UnionOrg
from apps.reports.registry import FLOW, STOCK, indicator

from ..choices import Employment, HonourCategory, Level, WorkerStatus
from ..models import Collective, HonourAward, ModelWorker
from ..review import MODELWORKERS

PERSONS = _("persons")
ITEMS = pgettext_lazy("unit", "items")  # 个
LEVELS = (
    (Level.NATIONAL, "national"),
    (Level.PROVINCIAL, "provincial"),
    (Level.CITY, "city"),
    (Level.COUNTY, "county"),
)
# Labels by level, each its own msgid so the catalogue gives the review's wording.
REGISTERED_LABELS = {
    Level.NATIONAL: _("Model workers on the register with national treatment"),
    Level.PROVINCIAL: _("Model workers on the register with provincial treatment"),
    Level.CITY: _("Model workers on the register with city treatment"),
    Level.COUNTY: _("Model workers on the register with county treatment"),
}
MODEL_WORKER_LABELS = {
    Level.NATIONAL: _("National model workers named"),
    Level.PROVINCIAL: _("Provincial model workers named"),
    Level.CITY: _("City model workers named"),
    Level.COUNTY: _("County model workers named"),
}
PIONEER_LABELS = {
    Level.NATIONAL: _("National Workers' Pioneer titles conferred"),
    Level.PROVINCIAL: _("Provincial Workers' Pioneer titles conferred"),
    Level.CITY: _("City Workers' Pioneer titles conferred"),
    Level.COUNTY: _("County Workers' Pioneer titles conferred"),
}


def _awarded_by(period, recipient, *, standing=True):
    """An award to the outer row conferred on or before the period's end."""
    awards = HonourAward.objects.filter(**{recipient: OuterRef("pk")}, conferred_on__lte=period.end)
    return Exists(awards.standing() if standing else awards)


def registered(scope, period, **filters):
    """Files on the register at the period's end holding a standing award conferred by then."""
    on_register = Q(status=WorkerStatus.ON_RECORD) | Q(status_on__gt=period.end)
    return (
        ModelWorker.objects.within(scope)
        .filter(_awarded_by(period, "model_worker"))
        .filter(on_register, **filters)
    )


def database(model, recipient):
    def records(scope, period):
        return model.objects.within(scope).filter(_awarded_by(period, recipient, standing=False))

    return records


def _stock(code, label, records, **options):
    indicator(
        code=f"modelworkers.{code}",
        section=MODELWORKERS,
        label=label,
        unit=options.pop("unit", PERSONS),
        kind=STOCK,
        records=records,
        township="org__township",
        **options,
    )


def honoured(model, recipient, scope, period, **filters):
    """Recipients (files, collectives, union organisations) placed in the scope with a standing
    award conferred within the period, each once however many awards it received: rows of
    the recipient, so that the count adds up over townships (one statement for them all)."""
    in_period = (
        HonourAward.objects.standing()
        .filter(conferred_on__range=(period.start, period.end), **filters)
        .filter(**{recipient: OuterRef("pk")})
    )
    return model.objects.within(scope).filter(Exists(in_period))


RECIPIENTS = {
    "model_worker": (ModelWorker, PERSONS, "org__township", "person_category"),
    "collective": (Collective, ITEMS, "org__township", "kind"),
    "union_org": (UnionOrg, ITEMS, "township", ""),
}


def _honours(code, label, recipient, description, **filters):
    model, unit, township, category = RECIPIENTS[recipient]
    indicator(
        code=f"modelworkers.{code}",
        section=MODELWORKERS,
        label=label,
        unit=unit,
        kind=FLOW,
        records=lambda scope, period: honoured(model, recipient, scope, period, **filters),
        township=township,
        category=category,
        description=description,
    )


_stock(
    "registered",
    _("Model workers on the register"),
    registered,
    category="treatment_level",
    headline=True,
    description=_(
        "Model-worker files holding a standing award conferred by the period's end, on the "
        "register at the period's end (living)."
    ),
)
for _level, _name in LEVELS:
    _stock(
        f"registered_{_name}",
        REGISTERED_LABELS[_level],
        lambda scope, period, level=_level: registered(scope, period, treatment_level=level),
        description=_("Of those on the register, the files carrying this treatment level."),
    )
_stock(
    "registered_in_post",
    _("Model workers on the register in post"),
    lambda scope, period: registered(scope, period, employment=Employment.IN_POST),
    description=_("Of those on the register, the ones in post."),
)
_stock(
    "registered_retired",
    _("Model workers on the register retired"),
    lambda scope, period: registered(scope, period, employment=Employment.RETIRED),
    description=_("Of those on the register, the retired ones."),
)

_honours(
    "honoured_persons",
    _("Persons honoured"),
    "model_worker",
    _("Persons given a standing award conferred within the period, each person once."),
)
_honours(
    "honoured_collectives",
    _("Collectives honoured"),
    "collective",
    _("Collectives (units, teams) given a standing award within the period, each once."),
)
_honours(
    "honoured_unions",
    _("Union organisations honoured"),
    "union_org",
    _(
        "Union organisations given a recognition (职工之家, 星级工会 …) within the period, each "
        "once."
    ),
)
for _category, _code, _label in (
    (HonourCategory.QUALIFIED_HOME, "qualified_homes", _("Qualified Workers' Homes named")),
    (HonourCategory.ADVANCED_HOME, "advanced_homes", _("Advanced Workers' Homes named")),
    (HonourCategory.MODEL_HOME, "model_homes", _("Model Workers' Homes named")),
    (HonourCategory.STAR_UNION, "star_unions", _("Star-rated unions named")),
):
    _honours(
        _code,
        _label,
        "union_org",
        _("Union organisations given this recognition, of any level, within the period."),
        honour_type__category=_category,
    )
for _level, _name in LEVELS:
    _honours(
        f"model_workers_{_name}",
        MODEL_WORKER_LABELS[_level],
        "model_worker",
        _("Persons given a model-worker title (劳动模范) of this level within the period."),
        honour_type__category=HonourCategory.MODEL_WORKER,
        level=_level,
    )
_honours(
    "may_day_medals",
    _("May Day Labour Medals conferred"),
    "model_worker",
    _("Persons given a May Day Labour Medal (五一劳动奖章) of any level within the period."),
    honour_type__category=HonourCategory.MAY_DAY_MEDAL,
)
_honours(
    "may_day_awards",
    _("May Day Labour Certificates conferred"),
    "collective",
    _("Units given a May Day Labour Certificate (五一劳动奖状) of any level within the period."),
    honour_type__category=HonourCategory.MAY_DAY_AWARD,
)
_honours(
    "pioneers",
    _("Workers' Pioneer titles conferred"),
    "collective",
    _("Teams given a Workers' Pioneer title (工人先锋号) of any level within the period."),
    honour_type__category=HonourCategory.PIONEER,
)
for _level, _name in LEVELS:
    _honours(
        f"pioneers_{_name}",
        PIONEER_LABELS[_level],
        "collective",
        _("Teams given a Workers' Pioneer title of this level within the period."),
        honour_type__category=HonourCategory.PIONEER,
        level=_level,
    )

_stock(
    "database_persons",
    _("Honoured persons in the database"),
    database(ModelWorker, "model_worker"),
    description=_(
        "Files of persons holding an award of any level conferred by the period's end, "
        "whatever their status now."
    ),
)
_stock(
    "database_collectives",
    _("Honoured collectives in the database"),
    database(Collective, "collective"),
    unit=ITEMS,
    description=_(
        "Collectives holding an award of any level conferred by the period's end, whatever "
        "their status now."
    ),
)
