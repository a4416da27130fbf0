from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("events/", views.events, name="events"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/bulk-checkin/", views.bulk_checkin, name="bulk_checkin"),
    path("events/<int:pk>/checkin/", views.checkin, name="checkin"),
    path("events/<int:pk>/checkin/roster/", views.checkin_roster, name="checkin_roster"),
    path("events/<int:pk>/checkin/search/", views.checkin_search, name="checkin_search"),
    path("events/<int:pk>/checkin/sync/", views.checkin_sync, name="checkin_sync"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("drives/", views.drives, name="drives"),
    path("drives/<int:pk>/", views.drive_detail, name="drive"),
    path("drives/<int:pk>/entry/", views.drive_entry, name="drive_entry"),
    path("drives/<int:pk>/upload/", views.drive_upload, name="drive_upload"),
    path("drives/<int:pk>/files/<str:digest>/columns/", views.drive_columns, name="drive_columns"),
    path("drives/<int:pk>/progress/", views.drive_progress, name="drive_progress"),
    # Public pages (no account): unnamed, reached through views.public_url.
    path("p/<int:pk>/", views.public_event),
    path("p/<int:pk>/event.ics", views.public_event_ics),
    path("t/<str:code>/", views.public_ticket),
    path("calendar/", views.public_calendar),
    path("calendar.ics", views.public_calendar_ics),
    path("calendar.rss", views.public_calendar_rss),
    path("sw.js", views.service_worker),
]
