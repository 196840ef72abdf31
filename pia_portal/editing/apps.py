from django.apps import AppConfig


class EditingConfig(AppConfig):
    name = "pia_portal.editing"
    verbose_name = "編集"
