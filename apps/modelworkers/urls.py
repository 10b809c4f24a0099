from django.urls import path

from .urls_care import urlpatterns as rounds_and_care
from .views import registry

app_name = "modelworkers"

urlpatterns = [
    path("", registry.worker_list, name="worker_list"),
    path("export/", registry.worker_export, name="worker_export"),
    path("new/", registry.worker_edit, name="worker_add"),
    path("<int:pk>/", registry.worker_detail, name="worker"),
    path("<int:pk>/edit/", registry.worker_edit, name="worker_edit"),
    path("<int:pk>/status/", registry.worker_status, name="worker_status"),
    path("collectives/", registry.collective_list, name="collective_list"),
    path("collectives/export/", registry.collective_export, name="collective_export"),
    path("collectives/new/", registry.collective_edit, name="collective_add"),
    path("collectives/<int:pk>/", registry.collective_detail, name="collective"),
    path("collectives/<int:pk>/edit/", registry.collective_edit, name="collective_edit"),
    path("collectives/<int:pk>/status/", registry.collective_status, name="collective_status"),
    path("awards/", registry.award_list, name="award_list"),
    path("awards/export/", registry.award_export, name="award_export"),
    path("awards/new/", registry.award_add, name="award_add"),
    path("awards/<int:pk>/", registry.award_detail, name="award"),
    path("awards/<int:pk>/revoke/", registry.award_revoke, name="award_revoke"),
    path("honour-types/", registry.honour_type_list, name="honour_type_list"),
    path("honour-types/new/", registry.honour_type_edit, name="honour_type_add"),
    path("honour-types/<int:pk>/", registry.honour_type_edit, name="honour_type_edit"),
    *rounds_and_care,
]
