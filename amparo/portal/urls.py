from django.urls import path

from . import staff_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in_view, name="sign_in"),
    path("code/", views.code_view, name="code"),
    path("send/<int:request_id>/", views.send_document, name="send"),
    path("messages/<int:case_id>/", views.messages_view, name="messages"),
    path("letter/<int:document_id>/", views.letter, name="letter"),
    path("calendar/", views.activities, name="activities"),
    path("receipts/", views.receipts, name="receipts"),
    path("receipts/<int:receipt_id>/", views.receipt, name="receipt"),
    path("sign-out/", views.sign_out_view, name="sign_out"),
    path("exit/", views.exit_view, name="exit"),
    path("language/", views.language, name="language"),
    # The staff side (panels on the case page post here).
    path("staff/cases/<int:case_id>/share/", staff_views.share, name="staff_share"),
    path("staff/cases/<int:case_id>/access/", staff_views.access, name="staff_access"),
    path("staff/cases/<int:case_id>/request/", staff_views.request_document, name="staff_request"),
    path("staff/requests/<int:pk>/cancel/", staff_views.cancel_request, name="staff_request_cancel"),
    path("staff/cases/<int:case_id>/message/", staff_views.message, name="staff_message"),
    path("staff/cases/<int:case_id>/code/", staff_views.code, name="staff_code"),
]
