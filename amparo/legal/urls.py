from django.urls import path

from . import actions, calendar_views, views

app_name = "legal"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("export.<str:fmt>", views.export, name="export"),
    path("new/", views.case_new, name="new"),
    path("due/", views.due, name="due"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("calendar/", calendar_views.calendar_settings, name="calendar"),
    path("calendar/new/", calendar_views.calendar_create, name="calendar_create"),
    path("calendar/revoke/", calendar_views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/events/new/", views.record_event, name="record_event"),
    path("<int:pk>/notes/", actions.add_note, name="add_note"),
    path("<int:pk>/tasks/", actions.add_task, name="add_task"),
    path("<int:pk>/tasks/<int:task_pk>/done/", actions.task_done, name="task_done"),
    path("<int:pk>/hearings/", actions.add_hearing, name="add_hearing"),
    path("<int:pk>/hearings/<int:hearing_pk>/cancel/", actions.hearing_cancel, name="hearing_cancel"),
    path("<int:pk>/hearings/<int:hearing_pk>/restore/", actions.hearing_restore, name="hearing_restore"),
    path("<int:pk>/time/", actions.add_time, name="add_time"),
    path("<int:pk>/receipts/", actions.add_receipt, name="add_receipt"),
    path("<int:pk>/parties/", actions.add_party, name="add_party"),
    path("<int:pk>/parties/find/", actions.party_find, name="party_find"),
    path("<int:pk>/deadlines/", actions.add_deadline, name="add_deadline"),
    path("<int:pk>/deadlines/<int:deadline_pk>/<str:state>/", actions.deadline_state, name="deadline_state"),
    path("<int:pk>/close/confirm/", actions.close_confirm, name="close_confirm"),
    path("<int:pk>/close/", actions.close, name="close"),
    path("<int:pk>/reopen/", actions.reopen, name="reopen"),
]
