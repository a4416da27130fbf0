from django.urls import path

from . import views

app_name = "giving"

urlpatterns = [
    path("", views.donor_list, name="donors"),
    path("donors/new/", views.donor_new, name="donor_new"),
    path("donors/<int:pk>/", views.donor_detail, name="donor"),
    path("donors/<int:pk>/give/", views.donation_new, name="donation_new"),
    path("donations/<int:pk>/", views.donation_detail, name="donation"),
    path("donations/<int:pk>/correct/", views.donation_correct, name="donation_correct"),
    path("donations/<int:pk>/receipt/", views.receipt_issue, name="receipt_issue"),
    path("donations/<int:pk>/thanks/", views.thanks, name="thanks"),
    path("receipts/<str:code>/", views.receipt_detail, name="receipt"),
    path("receipts/<str:code>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("receipts/<str:code>/email/", views.receipt_email, name="receipt_email"),
    path("statements/", views.statements_run, name="statements"),
    path("export/", views.export, name="export"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/entries/<int:entry>/remove/", views.batch_entry_remove, name="batch_entry_remove"),
    path("batches/<int:pk>/post/", views.batch_post, name="batch_post"),
    path("batches/<int:pk>/receipts/", views.batch_receipts, name="batch_receipts"),
    path("batches/<int:pk>/receipts.pdf", views.batch_pdf, name="batch_pdf"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("retention/", views.retention, name="retention"),
    path("grants/", views.grant_list, name="grants"),
    path("grants/<int:pk>/", views.grant_detail, name="grant"),
    path("aid/", views.drive_list, name="drives"),
    path("aid/drives/<int:pk>/", views.drive_detail, name="drive"),
    path("aid/shipments/<int:pk>/", views.shipment_detail, name="shipment"),
    path("aid/shipments/<int:pk>/manifest.pdf", views.shipment_manifest, name="shipment_manifest"),
]
