from django.apps import AppConfig


class RenderingConfig(AppConfig):
    name = "pia_portal.rendering"
    verbose_name = "PDF作成"
