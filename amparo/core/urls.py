from django.urls import path

from . import views, views_jobs

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("audit/", views.audit, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("jobs/", views_jobs.jobs, name="jobs"),
    path("tasks/<uuid:pk>/", views.task, name="task"),
    path("tasks/<uuid:pk>/download/", views.task_download, name="task_download"),
]
