from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "pia_portal.publishing"
    verbose_name = "審査・公表"
