from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("", views.volunteer_list, name="list"),
    path("new/", views.volunteer_new, name="new"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="edit"),
    path("<int:pk>/availability/", views.availability, name="availability"),
    path("<int:pk>/hours/", views.hours_new, name="hours_new"),
    path("shifts/", views.shift_list, name="shifts"),
    path("shifts/new/", views.shift_new, name="shift_new"),
    path("shifts/<int:pk>/", views.shift_detail, name="shift"),
    path("signups/<int:pk>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("hours/", views.queue, name="queue"),
    path("hours/<int:pk>/decide/", views.decide, name="decide"),
    path("hours/<int:pk>/correct/", views.correct, name="correct"),
    path("me/", views.me, name="me"),
    path("me/shifts/<int:pk>/", views.me_signup, name="me_signup"),
    path("me/hours/", views.me_hours, name="me_hours"),
]
