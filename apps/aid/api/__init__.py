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

Sensitive fields are masked for callers without the reveal right (`masking.py`).
"""

from .common import SCHEMA_USER
from .files import FileViewSet
from .money import PaymentViewSet, ProgrammeViewSet, StandardViewSet

__all__ = [
    "SCHEMA_USER",
    "FileViewSet",
    "PaymentViewSet",
    "ProgrammeViewSet",
    "StandardViewSet",
    "register",
]


def register(router):
    router.register("aid-files", FileViewSet, basename="aid-file")
    router.register("aid-programmes", ProgrammeViewSet, basename="aid-programme")
    router.register("aid-payments", PaymentViewSet, basename="aid-payment")
    router.register("aid-standards", StandardViewSet, basename="aid-standard")
