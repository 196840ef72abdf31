from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "pia_portal.public"
    verbose_name = "公開ポータル"
