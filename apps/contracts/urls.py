from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("export/", views.contract_export, name="contract_export"),
    path("new/", views.contract_edit, name="contract_add"),
    path("attention/", views.attention, name="attention"),
    path("rubric/", views.rubric_list, name="rubric_list"),
    path("rubric/new/", views.rubric_edit, name="rubric_add"),
    path("rubric/<int:pk>/", views.rubric_edit, name="rubric_edit"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("<int:pk>/checks/new/", views.check_add, name="check_add"),
    path("<int:pk>/assessments/new/", views.assessment_add, name="assessment_add"),
    path("<int:pk>/<slug:action>/", views.contract_action, name="contract_action"),
]
