from django.urls import path

from .views import files, money, mutual, schooling, steps

app_name = "aid"

urlpatterns = [
    path("", files.file_list, name="file_list"),
    path("export/", files.file_export, name="file_export"),
    path("new/", files.file_edit, name="file_add"),
    path("attention/", files.attention, name="attention"),
    path("<int:pk>/", files.file_detail, name="file_detail"),
    path("<int:pk>/edit/", files.file_edit, name="file_edit"),
    path(
        "<int:pk>/objections/<int:objection_pk>/decide/",
        steps.objection_decide,
        name="objection_decide",
    ),
    path("<int:pk>/<slug:action>/", steps.file_step, name="file_step"),
    path("programmes/", money.programme_list, name="programme_list"),
    path("programmes/new/", money.programme_edit, name="programme_add"),
    path("programmes/<int:pk>/", money.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", money.programme_edit, name="programme_edit"),
    path("payments/", money.payment_list, name="payment_list"),
    path("payments/new/", money.payment_add, name="payment_add"),
    path("payments/<int:pk>/reverse/", money.payment_reverse, name="payment_reverse"),
    path("standards/", money.standard_list, name="standard_list"),
    path("standards/new/", money.standard_edit, name="standard_add"),
    path("standards/<int:pk>/", money.standard_edit, name="standard_edit"),
    path("school-aid/", schooling.school_aid_list, name="school_aid_list"),
    path("school-aid/export/", schooling.school_aid_export, name="school_aid_export"),
    path("<int:file_pk>/school-aid/new/", schooling.school_aid_add, name="school_aid_add"),
    path("school-aid/<int:pk>/", schooling.school_aid_detail, name="school_aid_detail"),
    path("school-aid/<int:pk>/<slug:action>/", schooling.school_aid_step, name="school_aid_step"),
    path("mutual/", mutual.enrolment_list, name="mutual_enrolment_list"),
    path("mutual/export/", mutual.enrolment_export, name="mutual_enrolment_export"),
    path("mutual/new/", mutual.enrolment_edit, name="mutual_enrolment_add"),
    path("mutual/<int:pk>/edit/", mutual.enrolment_edit, name="mutual_enrolment_edit"),
    path("mutual/settings/", mutual.settings_list, name="mutual_settings"),
    path("mutual/settings/new/", mutual.settings_edit, name="mutual_settings_add"),
    path("mutual/settings/<int:pk>/", mutual.settings_edit, name="mutual_settings_edit"),
    path("mutual/claims/", mutual.claim_list, name="mutual_claim_list"),
    path("mutual/claims/export/", mutual.claim_export, name="mutual_claim_export"),
    path("mutual/claims/new/", mutual.claim_add, name="mutual_claim_add"),
    path("mutual/claims/<int:pk>/", mutual.claim_detail, name="mutual_claim_detail"),
    path("mutual/claims/<int:pk>/decide/", mutual.claim_decide, name="mutual_claim_decide"),
]
