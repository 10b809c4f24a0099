"""The demo county's programmes and payments ledger (see `demo.py`): each year's programmes
with their budgets, the payments to the households on record on the day, the 送清凉
distributions at employers' workplaces, and the occasional reversal and payment made again.

A household is paid only on a day its file is on record, once per programme and period (a
second student of one household is a recorded exception), and every programme's budget covers
what it paid, so the ledger is one the services could have written."""

import datetime
import math
from decimal import Decimal

from apps.core.demo import person_name, reserve_ids

from .choices import (
    Category,
    EntryKind,
    FundSource,
    Health,
    PaymentMethod,
    PersonKind,
    ProgrammeKind,
    Relation,
)
from .models import AidPayment, AidProgramme

DAY = datetime.timedelta(days=1)
REVERSAL_EVERY = 80  # household payments: about one in eighty is reversed
PAID_AGAIN_SHARE = 0.75
FUNDS = [FundSource.CENTRAL, FundSource.UNION_OWN, FundSource.UPPER_UNION]


def on_record(intervals, day):
    return any(first <= day <= last for first, last in intervals)


class Ledger:
    def __init__(self, rng, *, admin, county, as_of, first_year):
        self.rng, self.admin, self.county = rng, admin, county
        self.as_of, self.first_year = as_of, first_year
        self.programmes, self.rows, self.reversals, self.paid = [], [], 0, 0
        self.spent = {}

    def programme(self, year, kind, name, amount, **extra):
        programme = AidProgramme(
            org=self.county,
            year=year,
            kind=kind,
            name=name,
            budget=Decimal(0),
            standard_amount=Decimal(amount),
            fund_sources=FUNDS,
            **extra,
        )
        self.programmes.append(programme)
        self.spent[id(programme)] = Decimal(0)
        return programme

    def row(self, programme, day, *, cash=0, goods=0, **fields):
        payment = AidPayment(
            kind=EntryKind.PAYMENT,
            programme=programme,
            period=str(programme.year),
            paid_on=day,
            cash_amount=Decimal(cash),
            goods_value=Decimal(goods),
            method=PaymentMethod.GOODS if goods else PaymentMethod.BANK,
            fund_source=self.rng.choice(FUNDS),
            recorded_by=self.admin,
            **fields,
        )
        self.rows.append(payment)
        self.spent[id(programme)] += payment.cash_amount + payment.goods_value
        return payment

    def pay(self, programme, file, day, amount, **fields):
        """A payment to a household, sometimes reversed and paid again."""
        payment = self.row(
            programme,
            day,
            cash=amount,
            file=file,
            org=file.org,
            recipient_name=file.name,
            signed_by=file.name,
            **fields,
        )
        self.paid += 1
        if self.paid % REVERSAL_EVERY == REVERSAL_EVERY // 2:
            self.reverse(payment, again=True)
        return payment

    def reverse(self, payment, *, again):
        rng = self.rng
        day = payment.paid_on + rng.randint(3, 15) * DAY
        if day > self.as_of:
            return
        reversal = AidPayment(
            kind=EntryKind.REVERSAL,
            programme=payment.programme,
            period=payment.period,
            file=payment.file,
            org=payment.org,
            employer=payment.employer,
            recipient_name=payment.recipient_name,
            cash_amount=-payment.cash_amount,
            goods_value=-payment.goods_value,
            people_reached=-payment.people_reached,
            goods_description=payment.goods_description,
            paid_on=day,
            method=payment.method,
            fund_source=payment.fund_source,
            reverses=payment,
            reason="银行账户信息有误，资金退回" if payment.file else "慰问品登记有误，冲销重录",
            recorded_by=self.admin,
        )
        self.rows.append(reversal)
        self.reversals += 1
        self.spent[id(payment.programme)] -= payment.cash_amount + payment.goods_value
        again_on = day + rng.randint(2, 7) * DAY
        if again and rng.random() < PAID_AGAIN_SHARE and again_on <= self.as_of:
            self.row(
                payment.programme,
                again_on,
                cash=payment.cash_amount,
                file=payment.file,
                org=payment.org,
                recipient_name=payment.recipient_name,
                signed_by=payment.recipient_name,
                replaces=reversal,
            )

    def day_in(self, first, last):
        last = min(last, self.as_of)
        if last < first:
            return None
        return first + self.rng.randint(0, (last - first).days) * DAY

    def households(self, files, on_record_map, day, test=lambda f: True):
        return [f for f in files if on_record(on_record_map[id(f)], day) and test(f)]

    def pay_all(self, files, family, on_record_map, employers):
        rng = self.rng
        children = {}
        for file, member in family:
            if member.relation == Relation.CHILD and member.schooling_level:
                children.setdefault(id(file), []).append(member)
        for year in range(self.first_year, self.as_of.year + 1):
            amounts = {Category.DEEP: 3000, Category.RELATIVE: 2000, Category.ACCIDENT: 2000}
            winter = self.programme(
                year,
                ProgrammeKind.WINTER_WARMTH,
                f"{year}年元旦春节送温暖",
                2000,
                amount_deep=Decimal(3000),
                amount_relative=Decimal(2000),
                amount_accident=Decimal(2000),
                eligible_on=datetime.date(year, 1, 5),
            )
            for file in self.households(files, on_record_map, datetime.date(year, 1, 5)):
                day = self.day_in(datetime.date(year, 1, 8), datetime.date(year, 2, 5))
                if day and on_record(on_record_map[id(file)], day):
                    self.pay(winter, file, day, amounts.get(file.category, 2000))
            mothers = self.programme(
                year, ProgrammeKind.SINGLE_MOTHERS, f"{year}年单亲困难女职工帮扶", 1500
            )
            for file in self.households(
                files,
                on_record_map,
                datetime.date(year, 3, 1),
                lambda f: f.is_single_parent and f.sex == "2",
            ):
                self.pay(mothers, file, datetime.date(year, 3, rng.randint(3, 10)), 1500)
            migrants = self.programme(
                year, ProgrammeKind.MIGRANT_WORKERS, f"{year}年困难农民工帮扶", 1000
            )
            for file in self.households(
                files,
                on_record_map,
                datetime.date(year, 1, 10),
                lambda f: f.person_kind == PersonKind.MIGRANT,
            ):
                self.pay(migrants, file, datetime.date(year, 1, rng.randint(15, 25)), 1000)
            medical = self.programme(year, ProgrammeKind.MEDICAL, f"{year}年困难职工医疗救助", 0)
            for file in files:
                if file.health == Health.GOOD or rng.random() > 0.35:
                    continue
                day = self.day_in(datetime.date(year, 2, 1), datetime.date(year, 11, 30))
                if day and on_record(on_record_map[id(file)], day):
                    self.pay(medical, file, day, rng.randint(4, 16) * 500)
            self.summer(year, employers)
            self.autumn(year, files, on_record_map, children)
        for programme in self.programmes:
            spent = self.spent[id(programme)]
            programme.budget = Decimal(math.ceil(float(spent) * 1.08 / 10000) * 10000 or 10000)

    def summer(self, year, employers):
        """夏送清凉: goods to the workplaces of about one employer in ten, in July."""
        day = datetime.date(year, 7, 5)
        if day > self.as_of or not employers:
            return
        programme = self.programme(year, ProgrammeKind.SUMMER_COOL, f"{year}年夏送清凉", 0)
        for employer in self.rng.sample(employers, max(1, len(employers) // 10)):
            people = max(5, min(employer.headcount or 20, 400))
            payment = self.row(
                programme,
                datetime.date(year, 7, self.rng.randint(5, 31)),
                goods=people * 30,
                org=employer.union,
                employer=employer,
                people_reached=people,
                recipient_name=employer.name,
                goods_description="防暑降温饮品和药品",
                signed_by=person_name(self.rng),
            )
            if self.rng.random() < 0.02:
                self.reverse(payment, again=False)

    def autumn(self, year, files, on_record_map, children):
        """金秋助学 in August: a household's children at senior school (1 500 元) or university
        (3 000 元) that year; the second child of one household as a recorded exception."""
        day = datetime.date(year, 8, 10)
        if day > self.as_of:
            return
        programme = self.programme(year, ProgrammeKind.AUTUMN_SCHOOLING, f"{year}年金秋助学", 3000)
        for file in self.households(files, on_record_map, day):
            students = [
                c for c in children.get(id(file), ()) if 15 <= year - c.birth_date.year <= 22
            ]
            for n, child in enumerate(students):
                amount = 1500 if year - child.birth_date.year < 18 else 3000
                extra = {}
                if n:
                    extra = {
                        "is_exception": True,
                        "reason": f"同一家庭第{n + 1}名在读子女",
                        "approved_by": self.admin,
                    }
                self.pay(programme, file, day + self.rng.randint(0, 15) * DAY, amount, **extra)

    def save(self):
        AidProgramme.objects.bulk_create(self.programmes, batch_size=500)
        ids = iter(reserve_ids(AidPayment, len(self.rows)))
        for row in self.rows:
            row.pk = next(ids)
        for row in self.rows:
            row.reverses_id = row.reverses.pk if row.reverses else None
            row.replaces_id = row.replaces.pk if row.replaces else None
        AidPayment.objects.bulk_create(self.rows, batch_size=2000)
