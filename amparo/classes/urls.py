from django.urls import path

from . import views

app_name = "classes"

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("terms/new/", views.term_new, name="term_new"),
    path("sections/new/", views.section_new, name="section_new"),
    path("sections/<int:pk>/", views.section_detail, name="section"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/schedule/", views.section_schedule, name="section_schedule"),
    path("sections/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("sections/<int:pk>/certificates/", views.issue, name="issue"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/attendance/<int:enrolment_pk>/", views.attendance_mark, name="attendance_mark"),
    path("enrolments/<int:pk>/drop/", views.drop, name="drop"),
    path("enrolments/<int:pk>/score/", views.final_score, name="final_score"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("questions/", views.questions, name="questions"),
    path("students/<int:person_pk>/", views.student, name="student"),
    path("students/<int:person_pk>/practice/", views.practice_new, name="practice_new"),
    path("practice/<int:pk>/", views.practice, name="practice"),
    path("hours/", views.hours, name="hours"),
    path("exports/<str:name>/", views.export, name="export"),
]
