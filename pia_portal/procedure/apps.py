from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    name = "pia_portal.procedure"
    verbose_name = "評価実施手続"
