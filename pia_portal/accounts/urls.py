from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/setup/", views.setup, name="two_factor_setup"),
    path("two-factor/disable/", views.disable, name="two_factor_disable"),
    path("password/", auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
         name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordReset.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
