from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from amparo.accounts.views import switch_language
from amparo.api import api

admin.site.site_header = "Amparo"
admin.site.site_title = "Amparo"

urlpatterns = [
    path("", include("amparo.core.urls")),
    path("accounts/", include("amparo.accounts.urls")),
    path("people/", include("amparo.people.urls")),
    path("screening/", include("amparo.screening.urls")),
    path("cases/", include("amparo.legal.urls")),
    path("archive/", include("amparo.archive.urls")),
    path("documents/", include("amparo.documents.urls")),
    path("", include("amparo.archive.public_urls")),
    path("language/", switch_language, name="switch_language"),
    # Browsers ask for /favicon.ico whatever the page says; the icon is the SVG in static/.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "amparo.core.views.error_403"
handler404 = "amparo.core.views.error_404"
handler500 = "amparo.core.views.error_500"
