"""Forms of the hardship-aid pages, one module per part of the app."""

from .batches import (
    AttachmentForm,
    BatchForm,
    BatchLineForm,
    BatchPayForm,
    RosterImportForm,
)
from .files import (
    DECISION,
    FILE_FIELDS,
    DecisionForm,
    FamilyFormSet,
    FamilyMemberForm,
    FileForm,
    ObjectionDecisionForm,
    ObjectionForm,
    PublicityCloseForm,
    PublicityStartForm,
    ReviewForm,
)
from .money import PaymentForm, ProgrammeForm, ReversalForm, StandardForm
from .mutual import ClaimDecisionForm, ClaimForm, EnrolmentForm, MutualAidSettingsForm
from .schooling import (
    SchoolAidDecisionForm,
    SchoolAidForm,
    SchoolAidPublicityCloseForm,
    SchoolAidPublicityStartForm,
)

__all__ = [
    "AttachmentForm",
    "BatchForm",
    "BatchLineForm",
    "BatchPayForm",
    "RosterImportForm",
    "DECISION",
    "FILE_FIELDS",
    "DecisionForm",
    "FamilyFormSet",
    "FamilyMemberForm",
    "FileForm",
    "ObjectionDecisionForm",
    "ObjectionForm",
    "PaymentForm",
    "ProgrammeForm",
    "PublicityCloseForm",
    "PublicityStartForm",
    "ReversalForm",
    "ReviewForm",
    "StandardForm",
    "ClaimDecisionForm",
    "ClaimForm",
    "EnrolmentForm",
    "MutualAidSettingsForm",
    "SchoolAidDecisionForm",
    "SchoolAidForm",
    "SchoolAidPublicityCloseForm",
    "SchoolAidPublicityStartForm",
]
