from django.urls import path

from . import views, views_aid, views_grants, views_pledges

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
    path("donors/<int:pk>/pledge/", views_pledges.pledge_new, name="pledge_new"),
    path("donors/<int:pk>/recurring/", views_pledges.recurring_new, name="recurring_new"),
    path("pledges/<int:pk>/", views_pledges.pledge_detail, name="pledge"),
    path("recurring/<int:pk>/", views_pledges.recurring_detail, name="recurring"),
    path("grants/", views_grants.grant_list, name="grants"),
    path("grants/<int:pk>/", views_grants.grant_detail, name="grant"),
    path("grants/<int:pk>/edit/", views_grants.grant_edit, name="grant_edit"),
    path("grants/<int:pk>/deliverables/<int:deliverable>/", views_grants.deliverable_edit,
         name="deliverable_edit"),
    path("aid/", views_aid.drive_list, name="drives"),
    path("aid/drives/<int:pk>/", views_aid.drive_detail, name="drive"),
    path("aid/shipments/<int:pk>/", views_aid.shipment_detail, name="shipment"),
    path("aid/shipments/<int:pk>/manifest.pdf", views_aid.shipment_manifest, name="shipment_manifest"),
]
