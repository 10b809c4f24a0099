"""Figures of the care ledger (劳模服务), each one aggregate over the ledger's rows; the
drill-down lists those rows.

How the county counts:
- **Net of reversals**: an entry that has been reversed does not count in any period (the
  reversal corrects an entry that should not have been made), and reversals themselves never
  count; an entry made again after a reversal counts on its own date.
- **慰问 人次** (`care_visits`) are the 春节慰问, 五一慰问 and 家访 entries given within the
  period, each one 人次 (one person visited at 春节 and at 五一 is 2 人次); **慰问金**
  (`care_money`) is their amount, in 元 (reports show 万元).
- **困难劳模** (`hardship_subsidised`) are the persons given a hardship subsidy (低收入, 特殊困难
  or 医疗帮扶) within the period, each once however many subsidies they received;
  **困难补助金** (`hardship_subsidy`) is the amount of those subsidies. Persons are placed by
  the union keeping their file (the drill-down lists the files). A 困难劳模 who also has a
  hardship file in the aid app is counted here once, by their model-worker file; the aid
  figures count the household in their own line of work.
- **健康体检** and **疗休养** are 人次 (entries); **参保** (`insured`) counts persons with an
  insurance entry within the period, each once.
- Entries are placed by the union that managed the person when the entry was made, and dated
  by the day given.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from apps.reports.registry import FLOW, indicator, total

from ..models import ModelWorker
from ..models.care import HARDSHIP_KINDS, VISIT_KINDS, CareKind, CareRecord
from ..review import MODELWORKERS

SECTION = MODELWORKERS
TOWNSHIP = "org__township"
PERSONS = _("persons")
PERSON_TIMES = _("person-times")
TEN_THOUSAND_YUAN = _("10k yuan")


def care(scope, period, *kinds):
    """Entries that count (not reversals, not reversed) placed in `scope`, given within the
    period, of `kinds`."""
    return (
        CareRecord.objects.within(scope)
        .net()
        .filter(given_on__range=(period.start, period.end), kind__in=kinds)
    )


def cared_for(scope, period, *kinds):
    """Model workers whose file is kept in `scope` with an entry that counts of `kinds` given
    within the period (wherever the entry was placed), each once: rows of the file, so that
    the count adds up over townships (one statement with the other figures)."""
    entries = (
        CareRecord.objects.net()
        .filter(given_on__range=(period.start, period.end), kind__in=kinds)
        .filter(model_worker=OuterRef("pk"))
    )
    return ModelWorker.objects.within(scope).filter(Exists(entries))


def _count(code, label, kinds, *, unit=PERSON_TIMES, persons=False, **options):
    if persons:
        records, township, category = cared_for, "org__township", "person_category"
    else:
        records, township, category = care, TOWNSHIP, "kind"
    indicator(
        code=code,
        section=SECTION,
        label=label,
        unit=unit,
        kind=FLOW,
        records=lambda scope, period: records(scope, period, *kinds),
        township=township,
        category=category,
        **options,
    )


def _money(code, label, kinds, **options):
    indicator(
        code=code,
        section=SECTION,
        label=label,
        unit=TEN_THOUSAND_YUAN,
        kind=FLOW,
        records=lambda scope, period: care(scope, period, *kinds),
        aggregate=total("amount"),
        township=TOWNSHIP,
        category="kind",
        money=True,
        **options,
    )


_count(
    "modelworkers.care_visits",
    _("Model workers visited"),
    VISIT_KINDS,
    headline=True,
    description=_(
        "Spring Festival and May Day visits and home visits to model workers within the period "
        "(person-times), reversed entries left out."
    ),
)
_money(
    "modelworkers.care_money",
    _("Money given on visits to model workers"),
    VISIT_KINDS,
    description=_("The amount of those visits, reversed entries left out."),
)
_count(
    "modelworkers.hardship_subsidised",
    _("Model workers in hardship subsidised"),
    HARDSHIP_KINDS,
    unit=PERSONS,
    persons=True,
    description=_(
        "Model workers given a hardship subsidy (low income, special hardship or medical) within "
        "the period, each person once."
    ),
)
_money(
    "modelworkers.hardship_subsidy",
    _("Hardship subsidies to model workers"),
    HARDSHIP_KINDS,
    description=_("The amount of those subsidies, reversed entries left out."),
)
_count(
    "modelworkers.health_checks",
    _("Health checks of model workers"),
    (CareKind.HEALTH_CHECK,),
    description=_("Health checks of model workers within the period (person-times)."),
)
_count(
    "modelworkers.recuperation",
    _("Model workers on recuperation"),
    (CareKind.RECUPERATION,),
    description=_("Recuperation stays of model workers within the period (person-times)."),
)
_count(
    "modelworkers.insured",
    _("Model workers insured"),
    (CareKind.INSURANCE,),
    unit=PERSONS,
    persons=True,
    description=_(
        "Model workers with insurance taken out for them within the period, each person once."
    ),
)
