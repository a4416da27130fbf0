from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from amparo.accounts.views import switch_language
from amparo.api import api

admin.site.site_header = "Amparo"
# The API answers for itself: a missing or bad token gets 401, never the sign-in page.
api_patterns, api_app, api_namespace = api.urls
for api_pattern in api_patterns:
    login_not_required(api_pattern.callback)
admin.site.site_title = "Amparo"

urlpatterns = [
    path("", include("amparo.core.urls")),
    path("accounts/", include("amparo.accounts.urls")),
    path("people/", include("amparo.people.urls")),
    path("screening/", include("amparo.screening.urls")),
    path("cases/", include("amparo.legal.urls")),
    path("archive/", include("amparo.archive.urls")),
    path("documents/", include("amparo.documents.urls")),
    path("programs/", include("amparo.programs.urls")),
    path("classes/", include("amparo.classes.urls")),
    path("loans/", include("amparo.loans.urls")),
    path("outreach/", include("amparo.outreach.urls")),
    path("campaigns/", include("amparo.campaigns.urls")),
    path("giving/", include("amparo.giving.urls")),
    path("volunteers/", include("amparo.volunteers.urls")),
    path("portal/", include("amparo.portal.urls")),
    path("reports/", include("amparo.reports.urls")),
    path("", include("amparo.archive.public_urls")),
    path("language/", switch_language, name="switch_language"),
    # Browsers ask for /favicon.ico whatever the page says; the icon is the SVG in static/.
    path("favicon.ico", login_not_required(lambda request: redirect(static("favicon.svg"), permanent=True))),
    path("api/v1/", (api_patterns, api_app, api_namespace)),
    path("admin/", admin.site.urls),
]

handler403 = "amparo.core.views.error_403"
handler404 = "amparo.core.views.error_404"
handler500 = "amparo.core.views.error_500"
