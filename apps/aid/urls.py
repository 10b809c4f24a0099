from django.urls import path

from .views import files, money, steps

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
]
