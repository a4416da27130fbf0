from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:key>/", views.report, name="report"),
]
