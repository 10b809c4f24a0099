"""The innovation side's pages, added to the app's `urls.py` in one line."""

from django.urls import path

from .views import innovation as views

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/export/", views.proposal_export, name="proposal_export"),
    path("proposals/new/", views.proposal_edit, name="proposal_add"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/review/", views.proposal_review, name="proposal_review"),
    path("proposals/<int:pk>/implement/", views.proposal_implement, name="proposal_implement"),
    path("innovations/", views.innovation_list, name="innovation_list"),
    path("innovations/export/", views.innovation_export, name="innovation_export"),
    path("innovations/new/", views.innovation_edit, name="innovation_add"),
    path("innovations/<int:pk>/", views.innovation_detail, name="innovation_detail"),
    path("innovations/<int:pk>/edit/", views.innovation_edit, name="innovation_edit"),
    path("studios/", views.studio_list, name="studio_list"),
    path("studios/export/", views.studio_export, name="studio_export"),
    path("studios/new/", views.studio_edit, name="studio_add"),
    path("studios/<int:pk>/", views.studio_detail, name="studio_detail"),
    path("studios/<int:pk>/edit/", views.studio_edit, name="studio_edit"),
    path("studios/<int:pk>/name/", views.studio_name, name="studio_name"),
    path("studios/<int:pk>/recheck/", views.studio_recheck, name="studio_recheck"),
    path("studios/<int:pk>/revoke/", views.studio_revoke, name="studio_revoke"),
    path("studios/<int:pk>/reports/new/", views.studio_report_add, name="studio_report_add"),
    path("ankang/", views.ankang_list, name="ankang_list"),
    path("ankang/export/", views.ankang_export, name="ankang_export"),
    path("ankang/new/", views.ankang_edit, name="ankang_add"),
    path("ankang/<int:pk>/", views.ankang_detail, name="ankang_detail"),
    path("ankang/<int:pk>/edit/", views.ankang_edit, name="ankang_edit"),
]
