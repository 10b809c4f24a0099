"""Hardship aid (困难职工帮扶): the household files and their lifecycle (`files`), and the
programmes, the local minimum living standard and the payments ledger (`money`); payment
batches (`batches`), 金秋助学 applications (`schooling`), 职工医疗互助 (`mutual`) and the files'
attachments (`attachments`); the payment tallies the figures read (`tallies`)."""

from .attachments import FileAttachment
from .batches import AidBatch, AidBatchLine
from .files import FamilyMember, FileObjection, FilePerson, FileStep, HardshipFile
from .money import AidPayment, AidProgramme, LowIncomeStandard
from .mutual import MutualAidClaim, MutualAidEnrolment, MutualAidSettings
from .reveals import FileReveal, SensitiveExport
from .schooling import SchoolAidApplication, SchoolAidStep
from .tallies import PaymentTally

__all__ = [
    "AidBatch",
    "AidBatchLine",
    "AidPayment",
    "AidProgramme",
    "FamilyMember",
    "FileAttachment",
    "FileObjection",
    "FileReveal",
    "FilePerson",
    "FileStep",
    "HardshipFile",
    "LowIncomeStandard",
    "MutualAidClaim",
    "MutualAidEnrolment",
    "MutualAidSettings",
    "PaymentTally",
    "SchoolAidApplication",
    "SchoolAidStep",
    "SensitiveExport",
]
