from django.urls import path

from .views import dashboard, reviews

app_name = "reports"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("drilldown/<str:code>/", dashboard.drilldown_list, name="drilldown"),
    path("drilldown/<str:code>/export/", dashboard.drilldown_export, name="drilldown_export"),
    path("summary.xlsx", dashboard.summary_xlsx, name="summary_xlsx"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/new/", reviews.review_new, name="review_new"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/add-sections/", reviews.review_add_sections, name="review_add_sections"),
    path("reviews/<int:pk>/issue/", reviews.review_issue, name="review_issue"),
    path("reviews/issuing/<int:job_pk>/", reviews.issue_progress, name="issue_progress"),
    path("issued/<int:pk>/review.pdf", reviews.issued_download, name="issued_download"),
]
