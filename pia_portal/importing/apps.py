from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "pia_portal.importing"
    verbose_name = "取込み"
