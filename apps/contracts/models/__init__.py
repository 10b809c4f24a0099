"""Collective contracts and wage agreements (集体合同, 工资集体协议), their coverage
(`contracts`), performance checks and quality assessments (`quality`)."""

from .contracts import CollectiveContract, ContractCoverage, ContractQuerySet, CoverageQuerySet
from .quality import AssessmentScore, PerformanceCheck, QualityAssessment, RubricItem

__all__ = [
    "AssessmentScore",
    "CollectiveContract",
    "ContractCoverage",
    "ContractQuerySet",
    "CoverageQuerySet",
    "PerformanceCheck",
    "QualityAssessment",
    "RubricItem",
]
