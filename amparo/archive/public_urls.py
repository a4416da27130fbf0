from django.urls import path  # noqa: F401

# Pages without sign-in: the public archive and the OAI-PMH endpoint (/oai).
urlpatterns: list = []
