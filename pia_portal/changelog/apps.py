from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "pia_portal.changelog"
    verbose_name = "変更箇所"
    default_auto_field = "django.db.models.BigAutoField"
