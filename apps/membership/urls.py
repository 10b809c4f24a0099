from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("export/", views.member_export, name="member_export"),
    path("export/full/", views.member_export_full, name="member_export_full"),
    path("search/", views.member_search, name="member_search"),
    path("new/", views.member_edit, name="member_add"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/changes/", views.member_change, name="member_change"),
    path("<int:pk>/transfer/", views.transfer_request, name="transfer_request"),
    path("<int:pk>/reveal/", views.member_reveal, name="member_reveal"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("transfers/<int:pk>/cancel/", views.transfer_cancel, name="transfer_cancel"),
]
