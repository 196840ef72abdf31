from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pia_portal.accounts"
    verbose_name = "アカウント"
