from django.urls import path

from . import shelter_views, views

app_name = "programs"

urlpatterns = [
    path("clinic/", views.appointments, name="appointments"),
    path("clinic/book/", views.book, name="book"),
    path("clinic/appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("clinic/providers/<int:user_id>/", views.provider_day, name="provider_day"),
    path("clinic/rooms/<int:pk>/", views.room_day, name="room_day"),
    path("clinic/notes/", views.notes, name="notes"),
    path("clinic/notes/export.csv", views.notes_export, name="notes_export"),
    path("clinic/alerts/<int:pk>/done/", views.acknowledge_alert, name="alert_done"),
    path("clients/", views.find_client, name="find_client"),
    path("clients/<int:pk>/", views.client, name="client"),
    path("clients/<int:pk>/notes/", views.add_note, name="add_note"),
    path("clients/<int:pk>/assessments/<str:instrument>/", views.assessment_new, name="assessment"),
    path("clients/<int:pk>/referrals/", views.referral_new, name="referral_new"),
    path("clients/<int:pk>/admit/", views.admit, name="admit"),
    path("clients/<int:pk>/waitlist/", views.waitlist_add, name="waitlist_add"),
    path("clients/<int:pk>/assistance/", views.assistance_new, name="assistance_new"),
    path("clients/<int:pk>/needs/", views.needs_new, name="needs_new"),
    path("clients/<int:pk>/consents/", views.consent_new, name="consent_new"),
    path("consents/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:pk>/confirm/", views.referral_confirm, name="referral_confirm"),
    path("housing/", views.bed_board, name="bed_board"),
    path("housing/waitlist/", views.waitlist, name="waitlist"),
    path("housing/stays/<int:pk>/exit/", views.stay_exit, name="stay_exit"),
    path("housing/stays/<int:pk>/", shelter_views.stay_detail, name="stay"),
    path("housing/stays/<int:pk>/rules/", shelter_views.stay_acknowledge, name="stay_acknowledge"),
    path("housing/sites/<int:pk>/rules/", shelter_views.site_rules, name="site_rules"),
    path("housing/sites/<int:pk>/incidents/", shelter_views.site_incidents, name="site_incidents"),
    path("housing/incidents/<int:pk>/", shelter_views.incident_detail, name="incident"),
    path("needs/", views.assistance, name="assistance"),
    path("disaster/", views.disaster, name="disaster"),
]
