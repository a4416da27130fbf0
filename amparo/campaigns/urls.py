from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/estimates/", views.estimate_add, name="estimate_add"),
    path("<int:pk>/materials/", views.material_add, name="material_add"),
    path("<int:pk>/partners/", views.partner_add, name="partner_add"),
    path("<int:pk>/petition/", views.petition_edit, name="petition_edit"),
    path("materials/<int:pk>/file/", views.material_file, name="material_file"),
    path("petitions/<int:pk>/signatures/", views.signatures, name="signatures"),
    path("petitions/<int:pk>/signatures.csv", views.signatures_csv, name="signatures_csv"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/new/", views.organization_edit, name="organization_new"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("targets/", views.targets, name="targets"),
    path("targets/new/", views.target_edit, name="target_new"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    # Public pages (no account): unnamed, reached through views.public_url.
    path("firme/<int:pk>/", views.public_petition),
    path("firme/<int:pk>/count/", views.public_count),
]
