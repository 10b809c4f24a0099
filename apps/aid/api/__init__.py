"""REST API for hardship aid: the same FilterSets, scope, forms and services as the web.

GET/POST        /api/aid-files/                      list (FileFilter) / apply (the file form's
                                                     fields and `family`: the members' forms)
GET/PUT/PATCH   /api/aid-files/{id}/                 read (family nested) / correct an open file
POST            /api/aid-files/{id}/{step}/          unit_review, home_visit, county_approval,
                                                     start_publicity, close_publicity, review
GET/POST        /api/aid-files/{id}/objections/      objections during the public notice
POST            /api/aid-files/{id}/decide_objection/
GET             /api/aid-files/{id}/steps/           the step log
GET/POST/PATCH  /api/aid-programmes/                 programmes
GET/POST        /api/aid-payments/                   the ledger / pay a household
POST            /api/aid-payments/{id}/reverse/      a reversing entry
GET/POST/PATCH  /api/aid-standards/                  低保标准 (county admin writes)
GET/POST        /api/aid-batches/                    发放批次 (BatchFilter) / a new batch of a
                                                     programme (the batch form's fields)
GET             /api/aid-batches/{id}/               a batch with its roster lines
POST            /api/aid-batches/{id}/{move}/        draw, add_lines, remove_line, review,
                                                     approve, pay
GET/POST        /api/aid-attachments/                a file's attachments (?file=) / upload
                                                     (multipart: file, category, upload)
GET             /api/aid-attachments/{id}/download/  the document, as a download

GET/POST        /api/aid-school-aid/                 金秋助学 applications (`schooling.py`)
POST            /api/aid-school-aid/{id}/{step}/     start_publicity, close_publicity, approve
GET/POST/PATCH  /api/aid-mutual-enrolments/          医疗互助 enrolments (`mutual.py`)
GET/POST        /api/aid-mutual-claims/              claims; POST {id}/approve/ decides one

Sensitive fields are masked for callers without the reveal right (`masking.py`).
"""

from .attachments import AttachmentViewSet
from .batches import BatchViewSet
from .common import SCHEMA_USER
from .files import FileViewSet
from .money import PaymentViewSet, ProgrammeViewSet, StandardViewSet
from .mutual import ClaimViewSet, EnrolmentViewSet
from .schooling import SchoolAidViewSet

__all__ = [
    "SCHEMA_USER",
    "AttachmentViewSet",
    "BatchViewSet",
    "FileViewSet",
    "PaymentViewSet",
    "ProgrammeViewSet",
    "StandardViewSet",
    "ClaimViewSet",
    "EnrolmentViewSet",
    "SchoolAidViewSet",
    "register",
]


def register(router):
    router.register("aid-files", FileViewSet, basename="aid-file")
    router.register("aid-programmes", ProgrammeViewSet, basename="aid-programme")
    router.register("aid-payments", PaymentViewSet, basename="aid-payment")
    router.register("aid-standards", StandardViewSet, basename="aid-standard")
    router.register("aid-batches", BatchViewSet, basename="aid-batch")
    router.register("aid-attachments", AttachmentViewSet, basename="aid-attachment")
    router.register("aid-school-aid", SchoolAidViewSet, basename="aid-school-aid")
    router.register("aid-mutual-enrolments", EnrolmentViewSet, basename="aid-mutual-enrolment")
    router.register("aid-mutual-claims", ClaimViewSet, basename="aid-mutual-claim")
