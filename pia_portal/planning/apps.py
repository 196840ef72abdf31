from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "pia_portal.planning"
    verbose_name = "評価計画と義務"
