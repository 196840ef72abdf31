from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (みどり市) and its reports for `./portal run`: data above the domain, which
    imports the domain apps and is imported by none of them."""

    name = "pia_portal.demo"
    verbose_name = "デモ"
