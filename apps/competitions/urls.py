from django.urls import path

from . import urls_innovation
from .views import competitions as views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="competition_list"),
    path("export/", views.competition_export, name="competition_export"),
    path("new/", views.competition_edit, name="competition_add"),
    path("participants/", views.participation_list, name="participation_list"),
    path("participants/export/", views.participation_export, name="participation_export"),
    path("awards/", views.award_list, name="award_list"),
    path("awards/export/", views.award_export, name="award_export"),
    path("contests/<int:pk>/", views.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/contestants/new/", views.contestant_add, name="contestant_add"),
    path("contests/<int:pk>/results/new/", views.result_add, name="result_add"),
    path("<int:pk>/", views.competition_detail, name="competition_detail"),
    path("<int:pk>/edit/", views.competition_edit, name="competition_edit"),
    path("<int:pk>/advance/", views.competition_advance, name="competition_advance"),
    path("<int:pk>/projects/new/", views.project_add, name="project_add"),
    path("<int:pk>/participations/new/", views.participation_add, name="participation_add"),
    path(
        "<int:pk>/participations/<int:entry>/",
        views.participation_edit,
        name="participation_edit",
    ),
    path("<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path("<int:pk>/awards/new/", views.award_add, name="award_add"),
    path("<int:pk>/contests/new/", views.contest_add, name="contest_add"),
]
urlpatterns += urls_innovation.urlpatterns
