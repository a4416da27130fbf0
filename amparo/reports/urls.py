from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:key>/", views.report, name="report"),
    path("<slug:key>/prepare/", views.prepare, name="prepare"),
]
