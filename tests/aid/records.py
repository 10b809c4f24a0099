"""One aid record of each kind the API acts on, for the API-wide tests (tests/api): the
county's standards, a file applied for, a file on record paid from a programme."""

import datetime
from decimal import Decimal

from apps.aid import services
from apps.aid.choices import FundSource, PaymentMethod, ProgrammeKind, StandardArea
from apps.aid.models import AidBatch, AidProgramme, FileAttachment, LowIncomeStandard
from tests.aid.helpers import apply, on_file


class AidRecords:
    def __init__(self, tree, personas):
        self.standard = services.save_standard(
            standard=LowIncomeStandard(
                org=tree.county, year=2025, area=StandardArea.URBAN, monthly_amount=Decimal(800)
            ),
            actor=None,
        )
        self.file = apply(tree.union_a1, 40, name="周九")
        self.on_record = on_file(apply(tree.union_a1, 41, name="吴十"), approver=None)
        self.programme = services.save_programme(
            programme=AidProgramme(
                org=tree.county,
                year=2025,
                kind=ProgrammeKind.WINTER_WARMTH,
                name="2025年送温暖",
                budget=Decimal("50000"),
                standard_amount=Decimal("2000"),
                fund_sources=[FundSource.CENTRAL],
            ),
            actor=None,
        )
        self.payment = services.pay(
            programme=self.programme,
            file=self.on_record,
            actor=None,
            paid_on=datetime.date(2025, 4, 1),
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        )

        self.school_mutual(tree)

    def school_mutual(self, tree):
        """A 金秋助学 application on a file on record, a 医疗互助 enrolment and a claim."""
        from tests.aid.school_mutual import (
            applying,
            caps,
            claim,
            enrol,
            household_with_student,
            school_programme,
        )

        parent = household_with_student(tree.union_a1, 42, parent="郑十一")
        self.school_aid = applying(parent, school_programme(tree.county))
        caps()
        self.enrolment = enrol(tree.union_a1, tree.employer_a1)
        self.claim = claim(self.enrolment, "2000", serial=43)

        self.batch = services.create_batch(
            batch=AidBatch(programme=self.programme, name="2025年送温暖第一批", period="2025春节"),
            actor=None,
        )
        services.draw_roster(batch=self.batch, actor=None)
        # A row only (no stored document: its download answers 404), so no test writes media.
        self.attachment = FileAttachment.objects.create(
            file=self.on_record,
            category="application",
            upload="aid/attachments/none.pdf",
            original_name="申请书.pdf",
            content_type="application/pdf",
            size=10,
        )

    def by_path(self):
        return {
            "/api/aid-batches/": self.batch,
            "/api/aid-attachments/": self.attachment,
            "/api/aid-school-aid/": self.school_aid,
            "/api/aid-mutual-enrolments/": self.enrolment,
            "/api/aid-mutual-claims/": self.claim,
            "/api/aid-files/": self.file,
            "/api/aid-programmes/": self.programme,
            "/api/aid-payments/": self.payment,
            "/api/aid-standards/": self.standard,
        }
