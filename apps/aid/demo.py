"""The demo county's hardship aid, 2021 to the demo's "today" (called by `manage.py seed_demo`,
after membership and contracts).

- the county's 低保标准 of each year (urban and rural), rising a little every year;
- hardship files for about 1.5 % of the members, each through the national workflow (申请,
  基层初审, 入户调查, 公示 with the occasional objection, 县总审批), a few refused on the way or
  still under way at "today"; each year's review in December keeps most, adjusts some
  categories, closes some (脱困撤档, 死亡撤档, 不符合条件退档), and some closed households fall
  back into hardship and are filed again (返困重建);
- each year's programmes with budgets: 送温暖 before the Spring Festival to every household on
  record (the amount by category), 单亲困难女职工 around 8 March, 医疗救助 through the year,
  夏送清凉 to employers' workplaces in July (the workers reached), 金秋助学 in August to the
  households with a child at senior school or university (a second child as a recorded
  exception); about one payment in a hundred is reversed and most of those are paid again.

The category of each file is the one the rules give for its income and the year's standard
(`rules.suggested_category`), so every file passes the checks the services make. Rows are
written in bulk, with their ids reserved beforehand, and without a history event each (the
demo data is nobody's change); the database's own rules (one open file per person, one first
payment per household, programme and period, a reversal names its payment, the signs of the
amounts) hold for them as for every write. Nothing depends on the real date: the demo's
"today" is membership's (`AS_OF`), so a seed gives the same county on any day.
"""

import datetime

import pgtrigger
from django.db import connection

from apps.core.choices import OrgLevel, Role
from apps.core.models import Employer, UnionOrg, User
from apps.core.services import history_context
from apps.membership.choices import HOLDING_STATUSES
from apps.membership.demo import AS_OF
from apps.membership.models import Member

from .choices import (
    StandardArea,
)
from .demo_files import DAY, FIRST_YEAR, SHARE, Files, standard
from .demo_money import Ledger
from .models import (
    FileStep,
    HardshipFile,
    LowIncomeStandard,
)

TRACKED = [
    f"aid.{model}:insert_insert"
    for model in (
        "HardshipFile",
        "FamilyMember",
        "FileStep",
        "FileObjection",
        "LowIncomeStandard",
        "AidProgramme",
        "AidPayment",
    )
]


def build(rng, *, share=SHARE):
    """Write the county's aid from FIRST_YEAR to AS_OF; returns counts for the summary line."""
    county = UnionOrg.objects.filter(level=OrgLevel.COUNTY).order_by("pk").first()
    if county is None:
        return {}
    admin = User.objects.filter(role=Role.COUNTY_ADMIN).order_by("pk").first()
    members = list(
        Member.objects.filter(status__in=HOLDING_STATUSES, birth_date__isnull=False)
        .select_related("union__township")
        .order_by("pk")
    )
    chosen = sorted(
        rng.sample(members, min(len(members), round(len(members) * share))), key=lambda m: m.pk
    )
    builder = Files(rng, admin=admin, county=county)
    last_application = min(AS_OF - 20 * DAY, datetime.date(AS_OF.year, 8, 31))
    span = (last_application - datetime.date(FIRST_YEAR, 1, 5)).days
    for n, member in enumerate(chosen):
        if n % 20 == 7:  # one in twenty: an application still on its way at "today"
            applied_on = AS_OF - rng.randint(5, 40) * DAY
        elif rng.random() < 0.45:  # the files the county kept when the portal started
            applied_on = datetime.date(FIRST_YEAR - 1, 9, 1) + rng.randint(0, 80) * DAY
        else:
            applied_on = datetime.date(FIRST_YEAR, 1, 5) + rng.randint(0, span) * DAY
        builder.life(builder.file_for(member, applied_on))
    employers = list(
        Employer.objects.filter(union__isnull=False).select_related("union").order_by("pk")
    )
    ledger = Ledger(rng, admin=admin, county=county, as_of=AS_OF, first_year=FIRST_YEAR)
    with history_context(None, source="seed_demo"), pgtrigger.ignore(*TRACKED):
        LowIncomeStandard.objects.bulk_create(
            LowIncomeStandard(
                org=county,
                year=year,
                area=area,
                monthly_amount=standard(year, area),
                note=f"清河县民政局{year}年城乡低保标准",
            )
            for year in range(FIRST_YEAR - 1, AS_OF.year + 1)
            for area in StandardArea
        )
        builder.save()
        ledger.pay_all(builder.files, builder.family, builder.on_record, employers)
        ledger.save()
    with connection.cursor() as cursor:
        for model in (HardshipFile, FileStep):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return {
        "files": len(builder.files),
        "steps": len(builder.steps),
        "objections": len(builder.objections),
        "programmes": len(ledger.programmes),
        "payments": len(ledger.rows),
        "reversals": ledger.reversals,
    }


def seed(*, rng, options, out=None, **_ignored):
    counts = build(rng)
    if out is not None and counts:
        out.write(
            f"Hardship aid: {counts['files']} household files ({counts['steps']} steps, "
            f"{counts['objections']} objections), {counts['programmes']} programmes, "
            f"{counts['payments']} ledger rows ({counts['reversals']} reversals)."
        )
