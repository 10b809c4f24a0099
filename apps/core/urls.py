from django.urls import path

from .views import accounts, audit, employers, imports, jobs, orgs, tree, users

app_name = "core"

urlpatterns = [
    path("orgs/", orgs.org_list, name="org_list"),
    path("orgs/export/", orgs.org_export, name="org_export"),
    path("orgs/tree/", tree.org_tree, name="org_tree"),
    path("orgs/tree/<int:pk>/children/", tree.tree_children, name="tree_children"),
    path("orgs/tree/<int:pk>/list/", tree.tree_list, name="tree_list"),
    path("orgs/new/", orgs.org_edit, name="org_add"),
    path("orgs/<int:pk>/", orgs.org_detail, name="org_detail"),
    path("orgs/<int:pk>/edit/", orgs.org_edit, name="org_edit"),
    path("orgs/<int:pk>/close/", orgs.org_close, name="org_close"),
    path("orgs/<int:pk>/summary.pdf", orgs.org_summary_pdf, name="org_summary_pdf"),
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/export/", employers.employer_export, name="employer_export"),
    path("employers/new/", employers.employer_edit, name="employer_add"),
    path("employers/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", employers.employer_edit, name="employer_edit"),
    path("import/<str:kind>/", imports.import_upload, name="import_upload"),
    path("import/<str:kind>/template.xlsx", imports.import_template, name="import_template"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:pk>/confirm/", jobs.job_confirm, name="job_confirm"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("audit/", audit.audit_log, name="audit"),
    path("me/", accounts.profile, name="profile"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_edit, name="user_add"),
    path("users/<int:pk>/", users.user_edit, name="user_edit"),
]
