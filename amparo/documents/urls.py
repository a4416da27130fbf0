from django.urls import include, path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versions/", views.new_version, name="new_version"),
    path("<int:pk>/v<int:number>/download/", views.download, name="download"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("case/<int:pk>/", views.owner_documents, {"kind": "case"}, name="case"),
    path("case/<int:pk>/upload/", views.upload, {"kind": "case"}, name="case_upload"),
    path("person/<int:pk>/", views.owner_documents, {"kind": "person"}, name="person"),
    path("person/<int:pk>/upload/", views.upload, {"kind": "person"}, name="person_upload"),
    path("case/<int:pk>/letter/", views.generate_letter, name="letter"),
    path("case/<int:pk>/checklist/", views.add_checklist_item, name="checklist_add"),
    path("checklist/<int:pk>/", views.checklist_item, name="checklist_item"),
    path("letters/", views.letter_templates, name="letter_templates"),
    path("letters/<str:kind>/", views.letter_template, name="letter_template"),
    path("letters/<str:kind>/preview/", views.letter_preview, name="letter_preview"),
    path("filing/", include("amparo.documents.filing.urls")),
]
