from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pia_portal.reports"
    verbose_name = "評価書"
