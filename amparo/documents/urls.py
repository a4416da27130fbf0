from django.urls import include, path

app_name = "documents"

urlpatterns = [
    path("filing/", include("amparo.documents.filing.urls")),
]
