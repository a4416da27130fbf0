from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.screening_list, name="list"),
    path("new/", views.screening_new, name="new"),
    path("<int:pk>/", views.screening_detail, name="detail"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:pk>/withdraw/", views.rule_withdraw, name="rule_withdraw"),
    path("changes/", views.changes, name="changes"),
]
