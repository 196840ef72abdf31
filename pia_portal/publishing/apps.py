from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "pia_portal.publishing"
    verbose_name = "審査・公表"

    def ready(self):
        from pia_portal.rendering.signals import render_finished, sweeping

        from .services import finish_stuck_publications, on_render_finished

        render_finished.connect(on_render_finished, dispatch_uid="publishing.on_render_finished")
        sweeping.connect(finish_stuck_publications, dispatch_uid="publishing.finish_stuck_publications")
