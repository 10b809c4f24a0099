"""URLs of the nomination rounds and the care ledger (added to the app's `urls.py`)."""

from django.urls import path

from .views import care, rounds

urlpatterns = [
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_edit, name="round_add"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/ratios/", rounds.round_ratios, name="round_ratios"),
    path("rounds/<int:pk>/candidates/new/", rounds.candidate_add, name="candidate_add"),
    path(
        "rounds/<int:pk>/candidates/<int:candidate_pk>/withdraw/",
        rounds.candidate_withdraw,
        name="candidate_withdraw",
    ),
    path(
        "rounds/<int:pk>/objections/<int:objection_pk>/decide/",
        rounds.objection_decide,
        name="objection_decide",
    ),
    path("rounds/<int:pk>/<slug:action>/", rounds.round_action, name="round_action"),
    path("care/", care.care_list, name="care_list"),
    path("care/export/", care.care_export, name="care_export"),
    path("care/new/", care.care_add, name="care_add"),
    path("care/<int:pk>/", care.care_detail, name="care_detail"),
    path("care/<int:pk>/reverse/", care.care_reverse, name="care_reverse"),
]
