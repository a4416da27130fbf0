from django.urls import path

from . import views

app_name = "filing"

urlpatterns = [
    path("forms/", views.templates, name="templates"),
    path("forms/<int:pk>/", views.template, name="template"),
    path("forms/<int:pk>/active/", views.template_active, name="template_active"),
    path("forms/<int:pk>/v<int:number>/preview.pdf", views.template_preview, name="template_preview"),
    path("forms/<int:pk>/v<int:number>/blank.pdf", views.template_file, name="template_file"),
    path("case/<int:pk>/fill/", views.fill, name="fill"),
    path("case/<int:pk>/packet/", views.packet_new, name="packet_new"),
    path("packets/<int:pk>/", views.packet, name="packet"),
]
