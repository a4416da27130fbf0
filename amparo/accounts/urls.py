from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/setup/", views.setup_two_factor, name="setup_2fa"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("me/", views.account, name="account"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/tokens/", views.create_token, name="create_token"),
    path("me/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
]
