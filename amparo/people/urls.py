from django.urls import path

from . import household_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("export/", views.export, name="export"),
    path("intake/", views.intake, name="intake"),
    path("intake/matches/", views.intake_matches_view, name="intake_matches"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/run/", views.duplicates_run, name="duplicates_run"),
    path("duplicates/<int:pk>/distinct/", views.not_duplicate, name="not_duplicate"),
    path("merge/<int:first>/<int:second>/", views.merge, name="merge"),
    path("merges/<int:pk>/undo/", views.undo_merge, name="undo_merge"),
    path("conflicts/<int:pk>/waive/", views.waive, name="waive"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/names/", views.add_other_name, name="add_other_name"),
    path("<int:pk>/restriction/", views.restriction, name="restriction"),
    path("<int:pk>/households/new/", household_views.household_create, name="household_create"),
    path("<int:pk>/households/<int:household>/add/", household_views.household_add, name="household_add"),
    path("households/members/<int:pk>/", household_views.household_member, name="household_member"),
]
