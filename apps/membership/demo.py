"""The demo county's members and their membership ledger (called by `manage.py seed_demo`).

About `--members` people (40 000 by default) over the grassroots unions, in proportion to the
headcount of the employers each covers: realistic names, valid and unique ID numbers (the demo
county is 341122; a quarter are migrant workers from neighbouring provinces), ages 18–60 plus some
retirees who kept their membership, about 45% women, 5% in the new forms of employment, and a
ledger from 2005 to the demo's "today" (`AS_OF`): joins, then for some a withdrawal, an
expulsion, retention on retirement or unemployment, or a transfer to another union.

Fast enough for a million members in a few minutes: rows are generated in batches and written with
PostgreSQL COPY (`bulk.copy_rows`); pinyin is computed once per distinct name. No history
events are written for the seeded members, ledger entries and transfers (their insert triggers
are skipped with `pgtrigger.ignore`): the demo data is nobody's change, and a history trigger
fired per row cost several times the COPY itself. Everything changed afterwards is recorded.

The same generator makes roster workbooks (`rosters.roster_workbook`) for the import's tests, the
benchmark and for trying the import page.
"""

import bisect
import datetime
import itertools
import math
from collections import Counter, defaultdict

from apps.core.choices import OrgLevel, Role
from apps.core.demo import GIVEN, SURNAMES, mobile
from apps.core.models import Employer, UnionOrg, User
from apps.core.services import history_context
from apps.core.validators import id_check_char

from .bulk import copy_rows, name_pinyin
from .choices import (
    HOLDING_STATUSES,
    ChangeReason,
    ChangeType,
    Education,
    Employment,
    Ethnicity,
    HouseholdType,
    MemberStatus,
    NewFormGroup,
    PoliticalStatus,
    SkillLevel,
    TransferStatus,
)
from .importing import MEMBER_FIELDS, reserve_ids
from .indicators import build_recent_tallies
from .models import Member, MembershipChange, MemberTransfer

# The demo's "today": fixed, so that `--seed S` gives the same county whatever the date.
AS_OF = datetime.date(2026, 9, 30)
LEDGER_START = datetime.date(2005, 1, 1)
LAST_JOIN = AS_OF - datetime.timedelta(days=30)
BATCH = 20_000

# GB/T 2260 county codes: the demo county (来安县) and its neighbours for locals; for migrant
# workers counties of the neighbouring provinces (河南, 山东, 江西, 湖北, 四川, 贵州 …).
LOCAL_REGIONS = ("341122",) * 8 + ("341124", "341125", "341126", "341181")
MIGRANT_REGIONS = (
    "412724",
    "411523",
    "411424",
    "372926",
    "371525",
    "362427",
    "360731",
    "421127",
    "420923",
    "513021",
    "511321",
    "522422",
    "320923",
    "321023",
    "342221",
    "340822",
)
# Rosters made for tests and benchmarks use other counties, so they never meet the seed's people.
ROSTER_REGIONS = ("110105", "110108", "310115", "440106", "330106", "420106")

FEMALE_GIVEN = "芳娜敏静丽艳娟秀英慧红桂兰玉梅燕霞欣"
MALE_GIVEN = "".join(c for c in GIVEN if c not in FEMALE_GIVEN)
MINORITIES = [e for e in Ethnicity if e not in (Ethnicity.HAN, Ethnicity.OTHER, Ethnicity.FOREIGN)]


def table(items, weights):
    """Items with weights, for `pick`: cheaper than `rng.choices` called per person."""
    cumulative = list(itertools.accumulate(weights))
    return items, cumulative, cumulative[-1]


def pick(rng, weighted):
    items, cumulative, total = weighted
    return items[bisect.bisect(cumulative, rng.random() * total)]


EDUCATION = table(
    [Education.PRIMARY, Education.JUNIOR, Education.SECONDARY_VOCATIONAL, Education.SENIOR]
    + [Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE],
    [4, 26, 14, 20, 20, 14, 2],
)
POLITICS = table(
    [
        PoliticalStatus.MASSES,
        PoliticalStatus.CPC_MEMBER,
        PoliticalStatus.YOUTH_LEAGUE,
        PoliticalStatus.CPC_PROBATIONARY,
        PoliticalStatus.DEMOCRATIC_PARTY,
    ],
    [74, 13, 11, 1, 1],
)
SKILLS = table(
    [
        SkillLevel.NONE,
        SkillLevel.LEVEL_5,
        SkillLevel.LEVEL_4,
        SkillLevel.LEVEL_3,
        SkillLevel.LEVEL_2,
        SkillLevel.LEVEL_1,
    ],
    [55, 18, 14, 9, 3, 1],
)
NEW_FORM = table(
    [
        NewFormGroup.COURIER,
        NewFormGroup.FOOD_DELIVERY,
        NewFormGroup.TRUCK_DRIVER,
        NewFormGroup.RIDE_HAILING,
        NewFormGroup.DOMESTIC,
        NewFormGroup.CARER,
        NewFormGroup.SECURITY,
        NewFormGroup.MALL_INFO,
        NewFormGroup.ESTATE_AGENT,
    ],
    [22, 22, 18, 12, 8, 6, 8, 2, 2],
)


def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def day_between(rng, first, last):
    """A random day in [first, last], or None when the range is empty."""
    if last < first:
        return None
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


class People:
    """People of the demo county: names, ages and valid ID numbers, none given out twice."""

    def __init__(self, rng, *, as_of=AS_OF):
        self.rng, self.as_of = rng, as_of
        self.next_sequence = {}
        # Common surnames are common: 王, 李, 张 … come first in the list.
        self.surnames = table(list(SURNAMES), [1 / (rank + 8) for rank in range(len(SURNAMES))])

    def name(self, female):
        rng = self.rng
        given = FEMALE_GIVEN if female else MALE_GIVEN
        surname = pick(rng, self.surnames)
        return surname + "".join(rng.choice(given) for _ in range(1 if rng.random() < 0.3 else 2))

    def born(self, age_from, age_to):
        """A birth date for an age in [age_from, age_to] on `as_of`."""
        youngest = years_before(self.as_of, age_from)
        oldest = years_before(self.as_of, age_to + 1) + datetime.timedelta(days=1)
        return day_between(self.rng, oldest, youngest)

    def id_number(self, region, born, female):
        """A valid 18-digit number; the sequence digits are counted per region, day and sex."""
        rng = self.rng
        while True:
            key = (region, born, female)
            n = self.next_sequence.get(key)
            if n is None:
                n = rng.randrange(0, 40)
            if n < 100:
                break
            born += datetime.timedelta(days=1)  # a hundred people born that day: the next one
        self.next_sequence[key] = n + 1
        sex_digit = rng.choice("02468" if female else "13579")
        first17 = f"{region}{born:%Y%m%d}{n:02d}{sex_digit}"
        return first17 + id_check_char(first17), born


def seed(*, rng, options, out=None):
    total = options.get("members", 40_000)
    if total <= 0:
        return
    unions = list(
        UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS, founded_on__lte=AS_OF)
        .open()
        .order_by("pk")
        .values_list("pk", "township_id", "founded_on")
    )
    if not unions:
        return
    employers = defaultdict(list)
    for pk, name, union_id, headcount in (
        Employer.objects.filter(union__isnull=False)
        .order_by("pk")
        .values_list("pk", "name", "union_id", "headcount")
    ):
        employers[union_id].append((pk, name, headcount))
    admin = User.objects.filter(role=Role.COUNTY_ADMIN).order_by("pk").first()
    seeder = Seeder(rng, unions, employers)
    with history_context(None, source="seed_demo"):
        # Members are written union by union, as rosters arrive, so each union's members lie
        # together on disk as they would in a county's database.
        assignment = seeder.assign(total)
        for start in range(0, total, BATCH):
            members, changes = seeder.batch(assignment[start : start + BATCH])
            copy_rows(Member, MEMBER_FIELDS, members, history=False)
            copy_rows(MembershipChange, CHANGE_FIELDS, changes, history=False)
        if admin is not None:
            rows = seeder.transfer_rows(admin)
            copy_rows(MemberTransfer, TRANSFER_FIELDS, rows, history=False)
        seeder.fit_headcounts()
    build_recent_tallies()  # so that the demo's first dashboard opens at once
    if out is not None:
        out.write(f"Members: {total} with {seeder.changes} ledger entries.")


CHANGE_FIELDS = ("member_id", "union_id", "change_type", "changed_on", "reason", "other_union_id")
TRANSFER_FIELDS = (
    "member_id",
    "from_union_id",
    "to_union_id",
    "requested_on",
    "reason",
    "status",
    "requested_by_id",
    "decided_by_id",
    "decided_at",
    "opinion",
)


class Seeder:
    """Makes members batch by batch; remembers what the transfers and headcounts need."""

    def __init__(self, rng, unions, employers):
        self.rng = rng
        self.people = People(rng)
        self.unions = unions
        self.employers = employers
        weights = [max(5, sum(h for _pk, _n, h in employers.get(u[0], ()))) for u in unions]
        self.cum_weights = list(itertools.accumulate(weights))
        self.by_township = defaultdict(list)
        for index, (_pk, township_id, _founded) in enumerate(unions):
            self.by_township[township_id].append(index)
        self.holding = Counter()  # union pk → members holding membership at AS_OF
        self.accepted = []  # (member pk, from union, to union, date)
        self.candidates = defaultdict(list)  # township → active members (for open requests)
        self.changes = 0
        self.card = itertools.count(1)

    def assign(self, total):
        """The union (its index) of each of `total` members, in union order, in proportion to
        the headcount of the employers each union covers."""
        chosen = self.rng.choices(range(len(self.unions)), cum_weights=self.cum_weights, k=total)
        chosen.sort()
        return chosen

    def batch(self, chosen):
        rng, people = self.rng, self.people
        ids = reserve_ids(Member, len(chosen))
        members, changes = [], []
        for pk, index in zip(ids, chosen, strict=True):
            union_pk, township_id, founded = self.unions[index]
            female = rng.random() < 0.45
            migrant = rng.random() < 0.25
            retiree = rng.random() < 0.05
            born = people.born(60, 67) if retiree else people.born(18, 59)
            region = rng.choice(MIGRANT_REGIONS if migrant else LOCAL_REGIONS)
            id_number, born = people.id_number(region, born, female)
            name = people.name(female)
            earliest = max(founded, LEDGER_START, years_before(born, -18))
            # Retirees joined while at work: by their sixtieth birthday, a month before AS_OF.
            latest = min(years_before(born, -60), LAST_JOIN) if retiree else AS_OF
            if earliest < datetime.date(2015, 1, 1) and rng.random() < 0.3:
                joined = day_between(rng, earliest, min(latest, datetime.date(2014, 12, 31)))
            else:
                joined = day_between(rng, max(earliest, datetime.date(2015, 1, 1)), latest)
            joined = joined or min(earliest, AS_OF)
            new_form = pick(rng, NEW_FORM) if rng.random() < 0.05 else ""
            employment = Employment.FLEXIBLE if new_form and rng.random() < 0.5 else ""
            employment = employment or Employment.EMPLOYED
            ledger = [(ChangeType.JOIN, joined, union_pk, ChangeReason.NEW_MEMBER, None)]
            status, since = MemberStatus.ACTIVE, joined
            roll = rng.random()
            if retiree:
                retired = max(years_before(born, -60), joined + datetime.timedelta(days=30))
                if retired <= AS_OF:
                    ledger.append(
                        (ChangeType.RETAIN, retired, union_pk, ChangeReason.RETIREMENT, None)
                    )
                    status, since, employment = MemberStatus.RETAINED, retired, Employment.RETIRED
            elif roll < 0.08 and (day := day_between(rng, joined + datetime.timedelta(1), AS_OF)):
                if roll < 0.03:
                    reason = ChangeReason.OWN_REQUEST if roll < 0.018 else ChangeReason.NO_DUES
                    ledger.append((ChangeType.WITHDRAW, day, union_pk, reason, None))
                    status, since = MemberStatus.WITHDRAWN, day
                elif roll < 0.033:
                    reason = ChangeReason.CRIMINAL_PENALTY
                    ledger.append((ChangeType.EXPEL, day, union_pk, reason, None))
                    status, since = MemberStatus.EXPELLED, day
                elif roll < 0.05:
                    reason = ChangeReason.UNEMPLOYMENT
                    ledger.append((ChangeType.RETAIN, day, union_pk, reason, None))
                    status, since, employment = MemberStatus.RETAINED, day, Employment.UNEMPLOYED
                else:
                    target = self._transfer_target(township_id, union_pk, day)
                    if target is not None:
                        reason = ChangeReason.LABOUR_RELATION
                        ledger.append((ChangeType.TRANSFER_OUT, day, union_pk, reason, target))
                        ledger.append((ChangeType.TRANSFER_IN, day, target, reason, union_pk))
                        self.accepted.append((pk, union_pk, target, day))
                        union_pk, since = target, day
                        township_id = self.unions_by_pk[target][1]
            covering = self.employers.get(union_pk)
            employer = rng.choice(covering) if covering else None
            if status in HOLDING_STATUSES:
                self.holding[union_pk] += 1
            if status == MemberStatus.ACTIVE and len(self.candidates[township_id]) < 50:
                self.candidates[township_id].append((pk, union_pk))
            pinyin, initials = name_pinyin(name)
            members.append(
                (
                    pk,
                    union_pk,
                    name,
                    pinyin,
                    initials,
                    "1",
                    id_number,
                    born,
                    "2" if female else "1",
                    rng.choice(MINORITIES) if rng.random() < 0.03 else Ethnicity.HAN,
                    pick(rng, EDUCATION),
                    pick(rng, POLITICS),
                    mobile(rng),
                    employer[0] if employer else None,
                    employer[1] if employer else "",
                    employment,
                    pick(rng, SKILLS),
                    HouseholdType.AGRICULTURAL
                    if migrant or rng.random() < 0.3
                    else HouseholdType.NON_AGRICULTURAL,
                    migrant,
                    new_form,
                    joined,
                    f"QH{joined.year}{next(self.card):08d}",
                    status,
                    since,
                )
            )
            for change_type, day, union, reason, other in ledger:
                changes.append((pk, union, change_type, day, reason, other))
        self.changes += len(changes)
        return members, changes

    @property
    def unions_by_pk(self):
        if not hasattr(self, "_unions_by_pk"):
            self._unions_by_pk = {u[0]: u for u in self.unions}
        return self._unions_by_pk

    def _transfer_target(self, township_id, union_pk, day):
        """Another union founded by `day`, in the same township seven times out of ten."""
        rng = self.rng
        pool = self.by_township[township_id] if rng.random() < 0.7 else range(len(self.unions))
        for _attempt in range(3):
            target, _township, founded = self.unions[rng.choice(pool)]
            if target != union_pk and founded <= day:
                return target
        return None

    def transfer_rows(self, admin):
        """The accepted transfers behind the ledger's 转出/转入 pairs, and a few requests still
        waiting between the first two townships (so both sides have something to decide)."""
        rows = []
        for member, from_union, to_union, day in self.accepted:
            requested = day - datetime.timedelta(days=self.rng.randint(1, 20))
            decided = datetime.datetime.combine(day, datetime.time(10), datetime.UTC)
            rows.append(
                (
                    member,
                    from_union,
                    to_union,
                    requested,
                    ChangeReason.LABOUR_RELATION,
                    TransferStatus.ACCEPTED,
                    admin.pk,
                    admin.pk,
                    decided,
                    "同意接收",
                )
            )
        townships = sorted(self.by_township)[:2]
        if len(townships) == 2:
            first, second = townships
            for source, target in ((first, second), (second, first)):
                receiving = self.by_township[target]
                for member, union_pk in self.candidates[source][:5]:
                    to_union = self.unions[self.rng.choice(receiving)][0]
                    requested = AS_OF - datetime.timedelta(days=self.rng.randint(1, 20))
                    rows.append(
                        (
                            member,
                            union_pk,
                            to_union,
                            requested,
                            ChangeReason.LABOUR_RELATION,
                            TransferStatus.REQUESTED,
                            admin.pk,
                            None,
                            None,
                            "",
                        )
                    )
        return rows

    def fit_headcounts(self):
        """Fit the employers' headcounts to the members the seed gave their unions, so that each
        union's 入会率 lands between 80 and 95% whatever `--members` asks for (the core demo's
        headcounts are sized for its default county)."""
        changed = []
        for union_pk, covering in self.employers.items():
            members = self.holding.get(union_pk, 0)
            headcount = sum(h for _pk, _n, h in covering)
            if not headcount or not members:
                continue
            factor = members / (headcount * self.rng.uniform(0.80, 0.95))
            changed.extend((pk, factor) for pk, _n, _h in covering)
        if not changed:
            return
        factors = dict(changed)
        employers = list(Employer.objects.filter(pk__in=factors).order_by("pk"))
        for employer in employers:
            factor = factors[employer.pk]
            employer.headcount = max(1, math.ceil(employer.headcount * factor))
            employer.women_count = min(employer.headcount, round(employer.women_count * factor))
            employer.migrant_count = min(employer.headcount, round(employer.migrant_count * factor))
        Employer.objects.bulk_update(
            employers, ["headcount", "women_count", "migrant_count"], batch_size=2000
        )


# ---------------------------------------------------------------------------------------------
# Roster workbooks
# ---------------------------------------------------------------------------------------------
