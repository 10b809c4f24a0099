"""Hardship aid as the API reads it, one module per part of the app. Writes are validated by the
web forms and done by the services (`api/`). Sensitive personal information is masked for callers
without the reveal right, by the one declaration in `masking.py`."""

from .files import (
    FamilyMemberSerializer,
    FileSerializer,
    MaskedMixin,
    ObjectionSerializer,
    StepSerializer,
)
from .money import PaymentSerializer, ProgrammeSerializer, StandardSerializer
from .mutual import ClaimSerializer, EnrolmentSerializer
from .schooling import SchoolAidSerializer, SchoolAidStepSerializer

__all__ = [
    "FamilyMemberSerializer",
    "FileSerializer",
    "MaskedMixin",
    "ObjectionSerializer",
    "PaymentSerializer",
    "ProgrammeSerializer",
    "StandardSerializer",
    "StepSerializer",
    "ClaimSerializer",
    "EnrolmentSerializer",
    "SchoolAidSerializer",
    "SchoolAidStepSerializer",
]
