from django.urls import path

from . import editing, views

app_name = "archive"

urlpatterns = [
    path("", views.index, name="index"),
    path("facets/", views.facets, name="facets"),
    path("sources/<int:pk>/", views.source, name="source"),
    path("sources/<int:pk>/file/", views.source_file, name="source_file"),
    path("sources/<int:pk>/ocr/", views.ocr_start, name="ocr_start"),
    path("sources/<int:pk>/pages/", views.ocr_pages, name="ocr_pages"),
    path("sources/<int:pk>/pages/<int:number>/", views.ocr_page, name="ocr_page"),
    path("events/<int:pk>/", views.event, name="event"),
    path("actors/", views.actors, name="actors"),
    path("actors/<int:pk>/", views.actor, name="actor"),
    path("actors/<int:pk>/accountability/", views.report, name="report"),
    path("chronology/", views.chronology_page, name="chronology"),
    path("vocabularies/", views.vocabularies, name="vocabularies"),
    path("import/", views.import_csv, name="import"),
    path("export/", views.export, name="export"),
    path("<str:kind>/<int:pk>/access/", views.set_access, name="set_access"),
    path("<str:kind>/new/", editing.edit, name="create"),
    path("<str:kind>/<int:pk>/edit/", editing.edit, name="edit"),
    path("events/<int:parent_pk>/acts/new/", editing.edit, {"kind": "act"}, name="act_create"),
    path("actors/<int:parent_pk>/careers/new/", editing.edit, {"kind": "career"}, name="career_create"),
]
