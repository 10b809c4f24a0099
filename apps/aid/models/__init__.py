"""Hardship aid (困难职工帮扶): the household files and their lifecycle (`files`), and the
programmes, the local minimum living standard and the payments ledger (`money`)."""

from .files import FamilyMember, FileObjection, FilePerson, FileStep, HardshipFile
from .money import AidPayment, AidProgramme, LowIncomeStandard

__all__ = [
    "AidPayment",
    "AidProgramme",
    "FamilyMember",
    "FileObjection",
    "FilePerson",
    "FileStep",
    "HardshipFile",
    "LowIncomeStandard",
]
