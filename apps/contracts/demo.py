"""The demo county's collective contracts (called by `manage.py seed_demo`).

A contract history from 2016 to today for the county's unions, as a county's ledger looks:
- most enterprise unions sign a comprehensive contract every three years and renew it (a few
  let it lapse), about half a wage agreement every year, some a women workers' special contract
  and a few a safety and health one;
- every township federation signs a regional contract (and most a regional wage agreement) for
  the small employers of its joint unions; some sign industry contracts (construction, catering)
  and the county's industry unions one for their institutions;
- each step follows the regulation's order (offer, reply, congress vote that passes, signing,
  filing, review), with some replies and filings late, a few objections, terminations, and, as of
  today, some contracts expiring within three months, some filings and replies overdue.

Dates run up to the real today (so the attention page always has something to show); for a
given day and seed the result is the same. Rows are written in bulk with their ids reserved
beforehand (renewals point at the contract they renew), without a history event each.
"""

import datetime
import math
from collections import defaultdict
from decimal import Decimal

import pgtrigger
from django.db import connection
from django.utils import timezone

from apps.core.choices import OrgForm, OrgKind, OrgLevel, Role
from apps.core.demo import person_name, reserve_ids
from apps.core.models import Employer, UnionOrg, User
from apps.core.services import history_context

from . import deadlines
from .choices import (
    DOCUMENT_NAMES,
    SCOPE_PREFIXES,
    CheckResult,
    ContractScope,
    ContractStatus,
    ContractType,
    ReviewResult,
)
from .models import (
    AssessmentScore,
    CollectiveContract,
    ContractCoverage,
    PerformanceCheck,
    QualityAssessment,
    RubricItem,
)

FIRST_YEAR = 2016
# (type, term in years, share of enterprise unions that bargain it)
ENTERPRISE_PLANS = [
    (ContractType.COMPREHENSIVE, 3, 0.8),
    (ContractType.WAGE, 1, 0.5),
    (ContractType.WOMEN, 3, 0.4),
    (ContractType.SAFETY, 3, 0.15),
]
INDUSTRY_TRADES = {"E": "建筑业", "H": "餐饮业", "C": "制造业"}
# The county's rubric (after the 5-dimension scheme several cities use).
RUBRIC = [
    ("协商主体", "工会依法建立，协商代表产生程序合法、双方人数对等", 20),
    ("协商程序", "要约、回应、协商、职代会审议、签字、报送审查程序完整", 20),
    ("协商内容", "条款具体明确，工资、工时、休息休假、劳动安全卫生等内容完整", 25),
    ("合同履行及效果", "履约检查每年不少于一次，职工工资正常增长", 25),
    ("综合评价", "职工知晓率、满意率", 10),
]
DAY = datetime.timedelta(days=1)


def between(rng, first, last):
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


class Builder:
    """Makes contracts in memory, chain by chain, then writes them in bulk."""

    def __init__(self, rng, *, today):
        self.rng = rng
        self.today = today
        self.contracts = []
        self.coverage = []  # (contract, employer, workers, women, migrants)
        self.codes = defaultdict(int)

    # One contract's procedure, cut off where today falls. ----------------------------------

    def contract(self, *, kind, scope, union, employer, covered, side, offer_on, years, prev):
        """A contract offered on `offer_on`; its later steps happen only if their day has come.
        Returns it, or None when its offer would lie in the future."""
        rng, today = self.rng, self.today
        if offer_on > today:
            return None
        year = offer_on.year
        self.codes[(union.code, year)] += 1
        reps = rng.randint(3, 7)
        workers = sum(e.headcount for e in covered)
        women = sum(e.women_count for e in covered)
        migrants = sum(e.migrant_count for e in covered)
        party = employer.name if employer else side
        c = CollectiveContract(
            code=f"{union.code}-{year}-{self.codes[(union.code, year)]:02d}",
            title=f"{party}{year}年{SCOPE_PREFIXES.get(scope, '')}{DOCUMENT_NAMES[kind]}",
            contract_type=kind,
            scope=scope,
            union=union,
            employer=employer,
            employer_side=side if scope != ContractScope.ENTERPRISE else "",
            union_chief=union.chair_name or person_name(rng),
            employer_chief=person_name(rng),
            union_reps=reps,
            employer_reps=reps,
            offer_on=offer_on,
            covered_workers=workers,
            covered_women=women,
            covered_migrants=migrants,
            covered_employer_count=len(covered),
            renewed_from=prev,
            status=ContractStatus.NEGOTIATING,
        )
        if kind == ContractType.WAGE:
            base = Decimal(rng.randint(42_000, 98_000))
            c.prev_avg_wage = base
            c.raise_pct = Decimal(rng.randint(25, 90)) / 10
            c.wage_workers = max(1, int(workers * rng.uniform(0.8, 1.0)))
        self.contracts.append(c)
        self.coverage.extend((c, e) for e in covered)

        late_reply = rng.random() < 0.08
        reply_on = offer_on + datetime.timedelta(
            days=rng.randint(21, 35) if late_reply else rng.randint(3, 18)
        )
        if reply_on > today or rng.random() < 0.01:
            return c  # still waiting for the reply (overdue after 20 days)
        c.reply_on = reply_on
        congress_on = reply_on + datetime.timedelta(days=rng.randint(10, 40))
        signed_on = congress_on + datetime.timedelta(days=rng.randint(1, 6))
        if prev is not None:  # a renewal's term follows on from the old one's
            c.term_start = prev.term_end + DAY
        else:
            c.term_start = (signed_on.replace(day=1) + datetime.timedelta(days=31)).replace(day=1)
        c.term_end = deadlines.add_years(c.term_start, years) - DAY
        if congress_on > today:
            return c
        total = max(5, min(200, workers // 8 or 5))
        present = math.ceil(total * rng.uniform(0.7, 1.0))
        c.congress_on, c.congress_total, c.congress_present = congress_on, total, present
        c.congress_yes = min(
            present, total // 2 + 1 + int((present - total // 2 - 1) * rng.uniform(0.5, 1))
        )
        if signed_on > today:
            return c
        c.signed_on, c.status = signed_on, ContractStatus.SIGNED
        late_filing = rng.random() < 0.1
        submitted_on = signed_on + datetime.timedelta(
            days=rng.randint(11, 25) if late_filing else rng.randint(1, 10)
        )
        if submitted_on > today or rng.random() < 0.01:
            return c  # not yet filed (overdue after 10 days)
        c.submitted_on, c.status = submitted_on, ContractStatus.SUBMITTED
        last_day = deadlines.review_ends(submitted_on)
        c.effective_on = last_day
        roll = rng.random()
        review_on = submitted_on + datetime.timedelta(days=rng.randint(3, 14))
        if review_on > today:
            return c
        if roll < 0.03:  # the bureau objects: renegotiated and signed again a month later
            c.review_result, c.review_on = ReviewResult.OBJECTION, review_on
            c.review_note = "工资调整条款表述不明确，请双方重新协商后报送。"
            signed_again = review_on + datetime.timedelta(days=rng.randint(20, 40))
            if signed_again + datetime.timedelta(days=10) > today:
                c.status, c.signed_on, c.submitted_on, c.effective_on = (
                    ContractStatus.NEGOTIATING,
                    None,
                    None,
                    None,
                )
                return c
            c.signed_on = signed_again
            c.submitted_on = signed_again + datetime.timedelta(days=rng.randint(1, 9))
            last_day = deadlines.review_ends(c.submitted_on)
            c.effective_on = last_day
            review_on = c.submitted_on + datetime.timedelta(days=rng.randint(3, 14))
            if review_on > today:
                c.review_result, c.review_on, c.review_note = "", None, ""
                return c
        if roll < 0.75:
            c.review_result, c.review_on, c.review_note = ReviewResult.NO_OBJECTION, review_on, ""
            c.effective_on = min(review_on, last_day)
            c.status = ContractStatus.EFFECTIVE
        if c.term_start < c.effective_on:
            c.term_start = c.effective_on
            c.term_end = deadlines.add_years(c.term_start, years) - DAY
        if rng.random() < 0.015 and c.effective_on + datetime.timedelta(days=60) < today:
            c.status = ContractStatus.TERMINATED
            c.terminated_on = between(
                rng, c.effective_on + datetime.timedelta(days=30), min(today, c.term_end)
            )
            c.termination_reason = "企业破产重组"
        return c

    def chain(self, *, kind, years, first_offer, renew_share=0.88, **parties):
        """A contract and its renewals (offered some weeks before each one ends) up to today.
        Each keeps its own status: it reads 已续订 once its renewal has taken effect."""
        prev, offer_on = None, first_offer
        while True:
            c = self.contract(kind=kind, offer_on=offer_on, years=years, prev=prev, **parties)
            if c is None or c.effective_on is None or c.status == ContractStatus.TERMINATED:
                return
            offer_on = c.term_end - datetime.timedelta(days=self.rng.randint(15, 80))
            if offer_on > self.today or self.rng.random() > renew_share:
                return
            prev = c

    # The county. -------------------------------------------------------------------------

    def county(self, unions, employers_by_union, employers_by_township, townships):
        rng = self.rng
        start = datetime.date(FIRST_YEAR, 1, 1)
        for union in unions:
            own = employers_by_union.get(union.pk, [])
            if union.form != OrgForm.SINGLE or len(own) != 1:
                continue
            employer = own[0]
            founded = max(start, union.founded_on or start)
            for kind, years, share in ENTERPRISE_PLANS:
                if rng.random() > share:
                    continue
                first = between(rng, founded, founded + datetime.timedelta(days=365 * years))
                self.chain(
                    kind=kind,
                    years=years,
                    first_offer=first,
                    scope=ContractScope.ENTERPRISE,
                    union=union,
                    employer=employer,
                    covered=[employer],
                    side="",
                )
        for township in townships:
            joint = [
                e
                for e in employers_by_township.get(township.pk, [])
                if e.union is not None and e.union.form == OrgForm.JOINT
            ]
            if joint:
                for kind, years, share in (
                    (ContractType.COMPREHENSIVE, 3, 1.0),
                    (ContractType.WAGE, 1, 0.7),
                ):
                    if rng.random() > share:
                        continue
                    self.chain(
                        kind=kind,
                        years=years,
                        first_offer=between(rng, start, start + datetime.timedelta(days=700)),
                        scope=ContractScope.REGIONAL,
                        union=township,
                        employer=None,
                        covered=joint,
                        side=f"{township.short_name}企业联合会",
                    )
            for letter, trade in INDUSTRY_TRADES.items():
                members = [
                    e
                    for e in employers_by_township.get(township.pk, [])
                    if e.industry == letter and e.union is not None
                ]
                if len(members) < 3 or rng.random() > 0.35:
                    continue
                self.chain(
                    kind=ContractType.COMPREHENSIVE,
                    years=3,
                    first_offer=between(rng, start, start + datetime.timedelta(days=900)),
                    scope=ContractScope.INDUSTRY,
                    union=township,
                    employer=None,
                    covered=members,
                    side=f"{township.short_name}{trade}协会",
                )

    def industry_unions(self, industry_unions, employers_of_subtree):
        start = datetime.date(FIRST_YEAR, 1, 1)
        for union in industry_unions:
            covered = employers_of_subtree.get(union.pk, [])
            if len(covered) < 2:
                continue
            self.chain(
                kind=ContractType.COMPREHENSIVE,
                years=3,
                first_offer=between(self.rng, start, start + datetime.timedelta(days=400)),
                scope=ContractScope.INDUSTRY,
                union=union,
                employer=None,
                covered=covered,
                side=f"县{union.short_name}主管部门",
            )

    # Writing. ----------------------------------------------------------------------------

    def save(self):
        ids = iter(reserve_ids(CollectiveContract, len(self.contracts)))
        for c in self.contracts:
            c.pk = next(ids)
        for c in self.contracts:
            c.renewed_from_id = c.renewed_from.pk if c.renewed_from else None
        CollectiveContract.objects.bulk_create(self.contracts, batch_size=2000)
        rows = []
        for c, e in self.coverage:
            if c.scope == ContractScope.ENTERPRISE:
                figures = (c.covered_workers, c.covered_women, c.covered_migrants)
            else:
                figures = (e.headcount, e.women_count, e.migrant_count)
            rows.append(
                ContractCoverage(
                    contract_id=c.pk,
                    employer_id=e.pk,
                    workers=figures[0],
                    women=figures[1],
                    migrants=figures[2],
                )
            )
        ContractCoverage.objects.bulk_create(rows, batch_size=5000)
        return len(self.contracts), len(rows)

    def checks_and_assessments(self, items, user):
        """A yearly performance check for most contracts in force, an assessment for some."""
        rng, checks, assessments, scores = self.rng, [], [], []
        for c in self.contracts:
            if c.effective_on is None or c.status == ContractStatus.NEGOTIATING:
                continue
            day = c.effective_on + datetime.timedelta(days=rng.randint(150, 330))
            if day > self.today or day > c.term_end or rng.random() > 0.6:
                continue
            checks.append(
                PerformanceCheck(
                    contract_id=c.pk,
                    checked_on=day,
                    checker=f"{c.union.short_name or c.union.name}劳动法律监督委员会",
                    result=rng.choices(list(CheckResult), weights=[80, 17, 3])[0],
                    reported_to_congress=rng.random() < 0.85,
                    findings="合同条款基本落实，工资按时足额发放。",
                    recorded_by=user,
                )
            )
            if rng.random() < 0.25 and items:
                a = QualityAssessment(
                    contract_id=c.pk,
                    assessed_on=day + datetime.timedelta(days=rng.randint(1, 20)),
                    assessor="县总工会集体协商指导员",
                    recorded_by=user,
                )
                if a.assessed_on > self.today:
                    continue
                item_scores = [
                    Decimal(round(item.max_score * rng.uniform(0.6, 1.0) * 2) / 2) for item in items
                ]
                a.total_score = sum(item_scores)
                a.max_total = sum(item.max_score for item in items)
                assessments.append(a)
                scores.append(item_scores)
        PerformanceCheck.objects.bulk_create(checks, batch_size=2000)
        QualityAssessment.objects.bulk_create(assessments, batch_size=2000)
        AssessmentScore.objects.bulk_create(
            [
                AssessmentScore(assessment=a, item=item, score=score)
                for a, item_scores in zip(assessments, scores, strict=True)
                for item, score in zip(items, item_scores, strict=True)
            ],
            batch_size=5000,
        )
        return len(checks), len(assessments)


TRACKED = [
    f"contracts.{model}:insert_insert"
    for model in (
        "CollectiveContract",
        "ContractCoverage",
        "PerformanceCheck",
        "QualityAssessment",
        "AssessmentScore",
    )
]


def build(rng, *, today=None, suffix="", limit=None):
    """Write the county's contract history. The benchmark calls it again with a `suffix` for
    the codes and a `limit` (the first contracts made; a renewal comes after the contract it
    renews) to reach the number of contracts it wants."""
    today = today or timezone.localdate()
    unions = list(UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS).open().order_by("pk"))
    townships = list(
        UnionOrg.objects.filter(level=OrgLevel.TOWNSHIP, kind=OrgKind.TOWNSHIP_FEDERATION).order_by(
            "pk"
        )
    )
    industry = list(
        UnionOrg.objects.filter(level=OrgLevel.TOWNSHIP, kind=OrgKind.INDUSTRY).order_by("pk")
    )
    by_union, by_township, by_industry_union = (
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
    )
    parent_of = dict(UnionOrg.objects.values_list("pk", "parent_id"))
    for employer in Employer.objects.select_related("union").order_by("pk"):
        by_township[employer.township_id].append(employer)
        if employer.union_id:
            by_union[employer.union_id].append(employer)
            by_industry_union[parent_of.get(employer.union_id)].append(employer)
    items = list(RubricItem.objects.filter(active=True))
    if not items:
        items = RubricItem.objects.bulk_create(
            RubricItem(name=name, description=text, max_score=score, order=n)
            for n, (name, text, score) in enumerate(RUBRIC, 1)
        )
    user = User.objects.filter(role=Role.COUNTY_ADMIN).order_by("pk").first()
    builder = Builder(rng, today=today)
    builder.county(unions, by_union, by_township, townships)
    builder.industry_unions(industry, by_industry_union)
    if limit is not None:
        builder.contracts = builder.contracts[:limit]
        kept = {id(c) for c in builder.contracts}
        builder.coverage = [(c, e) for c, e in builder.coverage if id(c) in kept]
    if suffix:
        for c in builder.contracts:
            c.code = f"{c.code}-{suffix}"
    with history_context(None, source="seed_demo"), pgtrigger.ignore(*TRACKED):
        contracts, coverage = builder.save()
        checks, assessments = builder.checks_and_assessments(items, user)
    with connection.cursor() as cursor:  # fresh statistics, so the lists are planned well
        for model in (CollectiveContract, ContractCoverage):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return contracts, coverage, checks, assessments


def seed(*, rng, options, out=None, **_ignored):
    contracts, coverage, checks, assessments = build(rng)
    if out is not None:
        out.write(
            f"Collective contracts: {contracts} ({coverage} employer coverages, {checks} "
            f"performance checks, {assessments} quality assessments)."
        )
