"""The schema documents exactly the fields each aid write accepts: its form's fields (the
file's with `family`, each step's, the payment's, the reversal's, the standard's)."""

import pytest

from apps.aid import forms
from apps.aid.api import SCHEMA_USER
from tests.api.test_schema_bodies import documented, fields


@pytest.fixture
def schema(client_for):
    response = client_for("leader").get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


STEPS = {
    "unit_review": forms.DecisionForm,
    "home_visit": forms.DecisionForm,
    "county_approval": forms.DecisionForm,
    "start_publicity": forms.PublicityStartForm,
    "close_publicity": forms.PublicityCloseForm,
    "objections": forms.ObjectionForm,
}


def test_each_step_documents_its_form_s_fields(schema):
    for name, form_class in STEPS.items():
        assert documented(schema, f"/api/aid-files/{{id}}/{name}/", "post") == fields(
            form_class()
        ), name
    review = forms.ReviewForm(user=SCHEMA_USER)
    assert documented(schema, "/api/aid-files/{id}/review/", "post") == fields(review)
    decide = documented(schema, "/api/aid-files/{id}/decide_objection/", "post")
    assert decide == {*fields(forms.ObjectionDecisionForm()), "objection"}
    assert documented(schema, "/api/aid-files/{id}/unit_review/", "post") == {
        "decision",
        "acted_on",
        "opinion",
    }


def test_writes_document_their_form_s_fields(schema):
    created = fields(forms.FileForm(user=SCHEMA_USER))
    assert documented(schema, "/api/aid-files/", "post") == {*created, "family"}
    pay = fields(forms.PaymentForm(user=SCHEMA_USER))
    assert documented(schema, "/api/aid-payments/", "post") == pay
    assert "exception_reason" in pay
    assert documented(schema, "/api/aid-payments/{id}/reverse/", "post") == {
        "reversed_on",
        "reason",
    }
    standard = fields(forms.StandardForm(user=SCHEMA_USER))
    assert documented(schema, "/api/aid-standards/", "post") == standard
    programme = fields(forms.ProgrammeForm(user=SCHEMA_USER))
    assert documented(schema, "/api/aid-programmes/", "post") == programme
