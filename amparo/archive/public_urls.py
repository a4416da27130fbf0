"""Pages without sign-in: the public archive (/public/archive/) and the OAI-PMH endpoint (/oai)."""

from django.urls import include, path

from . import oai, public_views

public_patterns = ([
    path("", public_views.index, name="index"),
    path("facets/", public_views.facets, name="facets"),
    path("sources/<int:pk>/", public_views.source, name="source"),
    path("events/<int:pk>/", public_views.event, name="event"),
    path("actors/<int:pk>/accountability/", public_views.report, name="report"),
    path("chronology/", public_views.chronology_page, name="chronology"),
], "archive_public")

urlpatterns = [
    path("public/archive/", include(public_patterns)),
    path("oai", oai.endpoint, name="archive_oai"),
]
