from django.urls import path

from . import views

app_name = "loans"

urlpatterns = [
    path("", views.loan_list, name="list"),
    path("new/", views.loan_new, name="new"),
    path("products/", views.products, name="products"),
    path("ledger/", views.trial_balance, name="trial_balance"),
    path("ledger/journal.csv", views.journal_csv, name="journal_csv"),
    path("enterprises/", views.enterprises, name="enterprises"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("<int:pk>/", views.loan_detail, name="detail"),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement"),
    path("<int:pk>/statement.pdf", views.statement_pdf, name="statement"),
    path("<int:pk>/<str:action>/", views.loan_action, name="action"),
]
